package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.Summary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json of a run with a preflight and a warm-up: only the judged load counts in the SLO, uptime and latency. */
class RunSummaryWarmUpTest {

  @TempDir java.nio.file.Path folder;

  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  private static LoginRecord login(long scheduled, long ms, boolean ok, String phase) {
    return new LoginRecord(scheduled, scheduled, scheduled + ms, "student-portal", "student", "password", "d1",
        ok ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, ok ? "" : "Submit credentials", ok ? "" : "http-503", 3, false, 0, phase);
  }

  private static Summary summary() {
    List<LoginRecord> records = new ArrayList<>();
    records.add(login(1_000, 700, true, LoginRecord.PREFLIGHT));
    for (int i = 0; i < 20; i++) records.add(login(2_000 + 500 * i, 3_000, i % 2 == 0, LoginRecord.WARM_UP)); // a cold, failing warm-up
    for (int i = 0; i < 100; i++) records.add(login(12_000 + 100 * i, 200 + i, i != 50, LoginRecord.LOAD));
    RunSummary.Meta meta = new RunSummary.Meta("StudentLoginSimulation", "reference", 0, 25_000, 1_210, 0.1, false, 1_000);
    List<FailureSamples.Sample> samples = List.of(
        new FailureSamples.Sample("load", "student-portal", "Submit credentials", "http-503", 503, "http://127.0.0.1/in/d1", "Service unavailable"));
    return RunSummary.build(meta, records, SLO, 5_000, 0.1, 1_000, samples);
  }

  @Test
  void theSloUptimeAndLatencyJudgeTheLoadPhaseOnly() {
    Summary s = summary();

    assertEquals(100, s.logins().attempted(), "warm-up and preflight logins are not counted");
    assertEquals(1, s.logins().failed());
    assertEquals(294, s.latency().p95Ms(), "the 3 s warm-up logins are not in the latency");
    assertEquals(0, s.uptime().downWindows(), "the failing warm-up takes no window down");
    assertEquals(true, s.slo().met());
    assertEquals(true, s.passed());
    assertEquals(Summary.JudgedBy.SLO, s.judgedBy());
    assertEquals(10.0, s.generator().cpuMillisPerLogin(), "the generator's CPU is spread over every login it ran");
  }

  @Test
  void theWarmUpAndThePreflightHaveSectionsOfTheirOwn() {
    Summary s = summary();

    assertEquals(new Summary.WarmUp(20, 10, 2.0, 12.0), s.warmUp(), "the warm-up ends where the judged load starts");
    assertEquals(true, s.preflight().passed());
    assertEquals(List.of(new Summary.PreflightLogin("student-portal", "succeeded", 700, "", "", null)), s.preflight().journeys());
  }

  @Test
  void failuresAreCountedByStepAndKindWithTheirSamples() {
    List<Summary.Failure> f = summary().failures();

    assertEquals(List.of(new Summary.Failure("Submit credentials", "http-503", 1,
        List.of(new Summary.Sample("student-portal", 503, "http://127.0.0.1/in/d1", "Service unavailable")))), f);
  }

  @Test
  void aSearchLeadsWithItsAnswerAndGivesTheWholeRunWithoutJudgingIt() {
    Summary s = summary().judged("Breaking point: 40 logins/s sustained.", Summary.JudgedBy.SEARCH, true);

    String v = RunSummary.composeVerdict(s);

    assertEquals("Breaking point: 40 logins/s sustained. Over the whole run, whose steps past the breaking point broke the SLO on purpose: "
        + s.wholeRun(), v);
    assertTrue(!v.contains("SLO NOT met") && !v.contains("SLO met"), v);
  }

  @Test
  void theReportShadesTheWarmUpAndTablesTheFailuresWithWhatTheTargetAnswered() throws Exception {
    Summary s = Summaries.with(summary(), d -> d.failures = List.of(new Summary.Failure("Submit credentials", "http-503", 3,
        List.of(new Summary.Sample("student-portal", 503, "http://127.0.0.1/in/d1", "Overloaded <queue full>")))));

    String html = CapacityReport.render(s, folder);

    assertTrue(html.contains("<rect class=\"shade\" data-shade=\"warm-up\""), "the warm-up is shaded");
    assertTrue(html.contains("id=\"failures-table\""), "failures are tabled");
    assertTrue(html.contains("HTTP 503 at <code>http://127.0.0.1/in/d1</code> — Overloaded &lt;queue full&gt;"), "with the sample, escaped");
    assertTrue(html.contains("class=\"verdict met\""), "a run that passed is green");
  }
}
