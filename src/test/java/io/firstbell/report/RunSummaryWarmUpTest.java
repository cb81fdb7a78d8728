package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginRecord;
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

  private static ObjectNode summary() {
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
    ObjectNode s = summary();

    assertEquals(100, s.path("logins").path("attempted").asLong(), "warm-up and preflight logins are not counted");
    assertEquals(1, s.path("logins").path("failed").asLong());
    assertEquals(294, s.path("latency").path("p95Ms").asLong(), "the 3 s warm-up logins are not in the latency");
    assertEquals(0, s.path("uptime").path("downWindows").asLong(), "the failing warm-up takes no window down");
    assertEquals(true, s.path("slo").path("met").asBoolean());
    assertEquals(true, s.path("passed").asBoolean());
    assertEquals(10.0, s.path("generator").path("cpuMillisPerLogin").asDouble(), "the generator's CPU is spread over every login it ran");
  }

  @Test
  void theWarmUpAndThePreflightHaveSectionsOfTheirOwn() {
    ObjectNode s = summary();

    assertEquals(20, s.path("warmUp").path("logins").asLong());
    assertEquals(10, s.path("warmUp").path("failed").asLong());
    assertEquals(2.0, s.path("warmUp").path("fromOffsetSeconds").asDouble());
    assertEquals(12.0, s.path("warmUp").path("toOffsetSeconds").asDouble(), "the warm-up ends where the judged load starts");
    assertEquals(true, s.path("preflight").path("passed").asBoolean());
    assertEquals("student-portal", s.path("preflight").path("journeys").get(0).path("journey").asText());
  }

  @Test
  void failuresAreCountedByStepAndKindWithTheirSamples() {
    var f = summary().path("failures");

    assertEquals(1, f.size());
    assertEquals("Submit credentials", f.get(0).path("step").asText());
    assertEquals("http-503", f.get(0).path("kind").asText());
    assertEquals(1, f.get(0).path("count").asLong());
    assertEquals("Service unavailable", f.get(0).path("samples").get(0).path("body").asText());
  }

  @Test
  void aSearchLeadsWithItsAnswerAndGivesTheWholeRunWithoutJudgingIt() {
    ObjectNode s = summary();
    s.put("headline", "Breaking point: 40 logins/s sustained.");
    s.put("judgedBy", "search");

    RunSummary.composeVerdict(s);

    String v = s.path("verdict").asText();
    assertTrue(v.startsWith("Breaking point: 40 logins/s sustained. Over the whole run, whose steps past the breaking point broke the SLO on purpose: "), v);
    assertTrue(!v.contains("SLO NOT met") && !v.contains("SLO met"), v);
  }

  @Test
  void theReportShadesTheWarmUpAndTablesTheFailuresWithWhatTheTargetAnswered() throws Exception {
    ObjectNode s = summary();
    s.putArray("failures").addObject().put("step", "Submit credentials").put("kind", "http-503").put("count", 3).putArray("samples").addObject()
        .put("journey", "student-portal").put("status", 503).put("url", "http://127.0.0.1/in/d1").put("body", "Overloaded <queue full>");

    String html = CapacityReport.render(s, folder);

    assertTrue(html.contains("<rect class=\"shade\" data-shade=\"warm-up\""), "the warm-up is shaded");
    assertTrue(html.contains("id=\"failures-table\""), "failures are tabled");
    assertTrue(html.contains("HTTP 503 at <code>http://127.0.0.1/in/d1</code> — Overloaded &lt;queue full&gt;"), "with the sample, escaped");
    assertTrue(html.contains("class=\"verdict met\""), "a run that passed is green");
  }
}
