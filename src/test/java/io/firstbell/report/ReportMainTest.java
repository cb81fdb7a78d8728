package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import io.firstbell.telemetry.TelemetryRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * regenerate: rebuilds summary.json and capacity-report.html of a run folder from what it recorded: with a run.json, every
 * section (a search's steps and breaking point, a surge's reaction) is computed again; without one, the old summary's metadata
 * and the sections it cannot recompute are kept.
 */
class ReportMainTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final Config DEFAULTS = FirstBellConfig.withOverrides("");
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  @TempDir
  Path folder;

  private static LoginRecord rec(long scheduledAt, long startAt, long endAt, String persona, Outcome outcome, String failedStep, String failureKind) {
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, persona + "-portal", persona, "password", "district-01", outcome,
        failedStep, failureKind, 4, false, 0);
  }

  /** Ten logins over two minutes: the second minute has 2 of 5 failed. */
  private static final List<LoginRecord> LEDGER = List.of(
      rec(1_000, 1_000, 1_400, "student", Outcome.SUCCEEDED, "", ""),
      rec(10_000, 10_100, 10_500, "teacher", Outcome.SUCCEEDED, "", ""),
      rec(20_000, 20_000, 20_600, "student", Outcome.SUCCEEDED, "", ""),
      rec(30_000, 30_000, 30_300, "student", Outcome.SUCCEEDED, "", ""),
      rec(40_000, 40_000, 40_700, "student", Outcome.SUCCEEDED, "", ""),
      rec(61_000, 61_000, 64_000, "student", Outcome.FAILED, "submit-password", "http-502"),
      rec(70_000, 70_000, 70_500, "teacher", Outcome.SUCCEEDED, "", ""),
      rec(80_000, 80_000, 80_400, "student", Outcome.SUCCEEDED, "", ""),
      rec(90_000, 90_300, 120_000, "student", Outcome.CUT_SHORT, "dashboard", "cut-short"),
      rec(100_000, 100_000, 100_200, "student", Outcome.SUCCEEDED, "", ""));

  private static final RunSummary.Meta META = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000,
      300, 0.25, false, 1_000);

  private void ledger(List<LoginRecord> records) throws IOException {
    LedgerCsv.write(folder.resolve("logins.csv"), records);
  }

  private void oldSummary(Summary summary) throws IOException {
    summary.write(folder.resolve("summary.json"));
  }

  private Summary rebuilt() throws IOException {
    return Summary.read(folder.resolve("summary.json"));
  }

  private static Summary build(RunSummary.Meta meta, List<LoginRecord> records) {
    return RunSummary.build(meta, records, SLO, 60_000, 0.1, 1_000, List.of());
  }

  // ---- a folder without run.json, written before run records existed

  @Test
  void regenerateRebuildsTheSummaryFromTheLedgerKeepingTheRunsMetadata() throws IOException {
    // the old summary was written before the last logins reached the ledger
    oldSummary(build(META, LEDGER.subList(0, 3)));
    ledger(LEDGER);
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    assertEquals(folder.resolve("capacity-report.html"), report);
    Summary summary = rebuilt();
    assertEquals("StudentLoginSimulation", summary.simulation());
    assertEquals("https://sso.example.test", summary.target());
    assertEquals(Instant.parse("2024-09-03T07:00:00Z"), summary.startedAt());
    assertEquals(Instant.parse("2024-09-03T07:02:00Z"), summary.endedAt());
    assertEquals(10, summary.logins().attempted());
    assertEquals(8, summary.logins().succeeded());
    assertEquals(1, summary.logins().cutShort());
    assertEquals("+x", summary.uptime().strip());
    assertEquals(60.0, summary.uptime().windowSeconds());
    assertEquals(120, summary.timeline().size());
    assertEquals(100.0, summary.generator().cpuMillisPerLogin());
  }

  @Test
  void theRebuiltSummaryIsWhatTheRunWouldHaveWrittenWithTheDefaults() throws IOException {
    oldSummary(build(META, LEDGER.subList(0, 3)));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    // cpu per login (300 ms / 3 logins) is kept; over 10 logins that is 1000 ms
    RunSummary.Meta meta = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000, 1_000, 0.25, false, 1_000);
    assertEquals(build(meta, LEDGER), rebuilt());
  }

  @Test
  void theRebuiltReportShowsTheRebuiltSummary() throws IOException {
    oldSummary(build(META, LEDGER.subList(0, 3)));
    ledger(LEDGER);
    Files.writeString(folder.resolve("capacity-report.html"), "stale\n");
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    Document doc = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    assertEquals(summary.verdict(), doc.getElementById("verdict").text());
    assertEquals("SLO NOT met: 80.00% of 10 logins succeeded (objective 99.0%), p95 login 30000 ms (objective 2000 ms); "
        + "uptime 50.0% (1 of 2 windows down).", summary.verdict());
    assertEquals(2, doc.select("svg#uptime-strip rect.window").size());
    assertEquals(List.of("120", "120", "120"), doc.select("svg#chart-throughput polyline.series").eachAttr("data-points"));
  }

  @Test
  void theConfiguredSloAndUptimeWindowAreUsed() throws IOException {
    oldSummary(build(META, LEDGER));
    ledger(LEDGER);
    ReportMain.regenerate(folder, FirstBellConfig.withOverrides(
        "firstbell.slo { success-ratio = 0.8, p95-login = 30s }\nfirstbell.uptime { window = 30s, down-threshold = 0.5 }"));
    Summary summary = rebuilt();
    assertEquals(new Summary.Slo(0.8, 30_000, true), summary.slo());
    assertEquals(30.0, summary.uptime().windowSeconds());
    assertEquals(0.5, summary.uptime().downThreshold());
    // [0, 30 s) 3 ok, [30, 60) 2 ok, [60, 90) 1 of 3 failed, [90, 120) 1 of 2 failed: neither above half
    assertEquals("++++", summary.uptime().strip());
  }

  @Test
  void withoutARunRecordTheOldSummarysSearchAndTelemetryAreKept() throws IOException {
    Summary.Step step = new Summary.Step(1, "coarse", 40, "judged", "", 0, 30, 5, 30, 40, 40, 1.0, 180, 240, 300, 170, 190, true, "", 12, 0.2,
        "none-saturated", Map.of());
    Summary.BreakingPoint bp = new Summary.BreakingPoint(true, 72.0, 80.0, 76.0, 8.0, null, "unknown (no telemetry from the target)",
        "refined to within the precision", 0);
    Summary.Telemetry telemetry = new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 21, 29, "refused");
    Summary old = build(META, LEDGER).withSearch(List.of(step), bp).withTelemetry(telemetry);
    String runsOwn = old.verdict();
    old = old.judged("Breaking point: 72 logins/s.", Summary.JudgedBy.SLO, old.passed());
    oldSummary(old.withVerdict(RunSummary.composeVerdict(old)));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(List.of(step), summary.steps());
    assertEquals(bp, summary.breakingPoint());
    assertEquals(telemetry, summary.telemetry());
    assertNull(summary.autoscaling());
    assertEquals("Breaking point: 72 logins/s. " + runsOwn, summary.verdict());
  }

  @Test
  void withoutARunRecordASearchKeepsItsJudgement() throws IOException {
    Summary.BreakingPoint bp = new Summary.BreakingPoint(true, 72.0, 80.0, null, 8.0, null, "unknown (no telemetry from the target)",
        "refined to within the precision", 0);
    oldSummary(build(META, LEDGER).withSearch(List.of(), bp).judged("Breaking point: 72 logins/s.", Summary.JudgedBy.SEARCH, true));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(Summary.JudgedBy.SEARCH, summary.judgedBy());
    assertTrue(summary.passed(), "the search's answer passes it, though the whole run broke the SLO");
    assertFalse(summary.slo().met());
    assertEquals("Breaking point: 72 logins/s. Over the whole run, whose steps past the breaking point broke the SLO on purpose: "
        + "80.00% of 10 logins succeeded, p95 login 30000 ms; uptime 50.0% (1 of 2 windows down).", summary.verdict());
  }

  @Test
  void withoutARunRecordASurgesReactionAndJudgementAreKept() throws IOException {
    Summary.Surge surge = Summaries.surge(Instant.parse("2024-09-03T07:01:00Z"), 60, 90, "reference", 2.0, 7.0, 10.0);
    oldSummary(build(META, LEDGER).withAutoscaling(List.of(surge))
        .judged("Autoscaling: SLO recovered after 10.0 s.", Summary.JudgedBy.REACTION, true));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(List.of(surge), summary.autoscaling());
    assertEquals(Summary.JudgedBy.REACTION, summary.judgedBy());
    assertTrue(summary.passed());
    assertEquals("Autoscaling: SLO recovered after 10.0 s. Over the whole run, whose surge broke the SLO on purpose: "
        + "80.00% of 10 logins succeeded, p95 login 30000 ms; uptime 50.0% (1 of 2 windows down).", summary.verdict());
  }

  @Test
  void aSchema1SearchWithoutARunRecordIsJudgedByItsAnswer() throws IOException {
    // schema /1 had no judgedBy, passed, wholeRun, warmUp, preflight, failures, telemetry, steps' status and reason, or found
    Files.writeString(folder.resolve("summary.json"), """
        {
          "schema" : "firstbell.summary/1",
          "simulation" : "BreakingPointSimulation",
          "target" : "reference",
          "startedAt" : "2024-09-03T07:00:00Z",
          "endedAt" : "2024-09-03T07:02:00Z",
          "generator" : { "cpuMillisPerLogin" : 30.0, "cpuShare" : 0.25, "maxStartLagMs" : 0, "p99StartLagMs" : 0, "saturated" : false },
          "steps" : [ { "number" : 1, "phase" : "coarse", "ratePerSec" : 40.0, "offeredPerSec" : 40.0, "sloMet" : true } ],
          "breakingPoint" : { "maxSustainablePerSec" : 72.0, "firstFailingPerSec" : 80.0, "bottleneck" : "unknown", "outcome" : "refined" },
          "autoscaling" : null,
          "headline" : "Breaking point: 72 logins/s.",
          "verdict" : "Breaking point: 72 logins/s. SLO NOT met."
        }
        """);
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(Summary.SCHEMA, summary.schema());
    assertEquals("BreakingPointSimulation", summary.simulation());
    assertEquals(Summary.JudgedBy.SEARCH, summary.judgedBy());
    assertTrue(summary.passed());
    assertEquals(72.0, summary.maxSustainablePerSec());
    assertEquals(1, summary.steps().size());
    assertNull(summary.steps().get(0).status(), "a step of schema /1 has no status");
    assertEquals(40.0, summary.steps().get(0).ratePerSec());
    assertNull(summary.telemetry(), "a summary from before telemetry was recorded says nothing about it");
    assertEquals(30.0, summary.generator().cpuMillisPerLogin(), "the CPU per login is kept");
    assertTrue(summary.verdict().startsWith("Breaking point: 72 logins/s. Over the whole run, whose steps past the breaking point broke"),
        summary.verdict());
  }

  @Test
  void theSimulationsHeadlineLeadsTheVerdictOnce() {
    Summary summary = build(META, LEDGER);
    String runsOwn = summary.verdict();
    assertEquals(runsOwn, RunSummary.composeVerdict(summary), "no headline, nothing in front");

    Summary judged = summary.judged("Autoscaling: scale-out decided 6.9 s after the surge.", Summary.JudgedBy.SLO, summary.passed());

    assertEquals("Autoscaling: scale-out decided 6.9 s after the surge. " + runsOwn, RunSummary.composeVerdict(judged));
    assertEquals(runsOwn, judged.verdict(), "judging leaves the verdict to compose");
  }

  @Test
  void withoutASummaryTheFolderNamesTheRunAndTheLedgerBoundsIt() throws IOException {
    Path run = Files.createDirectory(folder.resolve("smokesimulation-20240903-070000"));
    LedgerCsv.write(run.resolve("logins.csv"), LEDGER);
    Files.writeString(run.resolve("logins.csv"), "\n", StandardOpenOption.APPEND); // a trailing blank line is no login
    ReportMain.regenerate(run, DEFAULTS);
    Summary summary = Summary.read(run.resolve("summary.json"));
    assertEquals("smokesimulation-20240903-070000", summary.simulation());
    assertEquals("unknown", summary.target());
    assertEquals(Instant.parse("2024-09-03T07:00:01Z"), summary.startedAt()); // the first scheduled start
    assertEquals(Instant.parse("2024-09-03T07:02:00Z"), summary.endedAt()); // the last end
    assertEquals(10, summary.logins().attempted());
    assertEquals(0.0, summary.generator().cpuMillisPerLogin());
    assertFalse(summary.generator().saturated());
    assertTrue(Files.isRegularFile(run.resolve("capacity-report.html")));
  }

  @Test
  void anEmptyLedgerGivesANoLoginsSummary() throws IOException {
    ledger(List.of());
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals("No logins were attempted.", summary.verdict());
    assertEquals(0, summary.logins().attempted());
  }

  @Test
  void aFolderWithoutLoginsCsvIsRefused() throws IOException {
    Path empty = Files.createDirectory(folder.resolve("not-a-run"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportMain.regenerate(empty, DEFAULTS));
    assertEquals(empty + " holds no logins.csv; give the folder of a FirstBell run, such as results/latest", e.getMessage());
    assertFalse(Files.exists(empty.resolve("summary.json")));
    assertFalse(Files.exists(empty.resolve("capacity-report.html")));
  }

  @Test
  void aLoginsCsvThatIsAFolderIsRefused() throws IOException {
    Files.createDirectory(folder.resolve("logins.csv"));
    assertEquals(folder + " holds no logins.csv; give the folder of a FirstBell run, such as results/latest",
        assertThrows(IllegalArgumentException.class, () -> ReportMain.regenerate(folder, DEFAULTS)).getMessage());
  }

  @Test
  void aHighCpuShareOfALongRunStillMeansASaturatedGenerator() throws IOException {
    // 2 minutes at 95% of the cores: RunRecorder judged the generator saturated, and so does regenerate
    RunSummary.Meta busy = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000, 300, 0.95, true, 1_000);
    oldSummary(build(busy, LEDGER));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertTrue(summary.generator().saturated());
    assertTrue(summary.verdict().endsWith("; the load generator itself was saturated, so these numbers do not describe the target."));
  }

  @Test
  void regeneratingAShortRunKeepsItsGeneratorVerdict() throws IOException {
    // a 5 s run at 95% of the cores: RunRecorder does not judge the CPU of runs under 10 s (JVM warm-up)
    RunSummary.Meta shortRun = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 5_000, 40, 0.95, false, 1_000);
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) records.add(rec(i * 1_000L, i * 1_000L, i * 1_000L + 300, "student", Outcome.SUCCEEDED, "", ""));
    Summary old = build(shortRun, records);
    assertFalse(old.generator().saturated());
    oldSummary(old);
    ledger(records);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertFalse(summary.generator().saturated());
    assertEquals(old.verdict(), summary.verdict());
  }

  // ---- a folder with run.json: every section is computed again from the folder

  private static final Summary.Telemetry PROMETHEUS = new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 40, 0, null);

  private static RunRecord run(String simulation, long endedAfterMs, double cpuMillis, Summary.Telemetry telemetry) {
    return new RunRecord(RunRecord.SCHEMA, simulation, "reference (embedded stack)", T0, T0 + endedAfterMs, cpuMillis, 0.3, false, telemetry);
  }

  private void runRecord(RunRecord run) throws IOException {
    RunFiles.write(run, folder.resolve(RunFiles.RUN));
  }

  private static LoginRecord login(long scheduledAt, long ms, boolean ok) {
    return new LoginRecord(T0 + scheduledAt, T0 + scheduledAt, T0 + scheduledAt + ms, "student-portal", "student", "password", "district-01",
        ok ? Outcome.SUCCEEDED : Outcome.FAILED, ok ? "" : "Submit credentials", ok ? "" : "http-503", 4, false, 0);
  }

  @Test
  void withARunRecordTheRunsOwnMetadataIsUsedNotTheOldSummarys() throws IOException {
    oldSummary(build(META, LEDGER.subList(0, 3)).withSearch(List.of(), Summaries.breakingPoint(72)));
    ledger(LEDGER);
    RunRecord run = run("SmokeSimulation", 125_000, 2_000, PROMETHEUS);
    runRecord(run);
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(RunSummary.summarize(run, RunFacts.read(folder), SLO, ResultSettings.from(DEFAULTS)), summary);
    assertEquals("SmokeSimulation", summary.simulation());
    assertEquals("reference (embedded stack)", summary.target());
    assertEquals(Instant.parse("2024-09-03T07:02:05Z"), summary.endedAt());
    assertEquals(200.0, summary.generator().cpuMillisPerLogin());
    assertEquals(PROMETHEUS, summary.telemetry());
    assertNull(summary.steps(), "the old summary's search is not the run's: the run record has none");
    assertNull(summary.breakingPoint());
    assertEquals(Summary.JudgedBy.SLO, summary.judgedBy());
  }

  @Test
  void withARunRecordAFailedPreflightJudgesTheRun() throws IOException {
    ledger(List.of(new LoginRecord(T0 + 100, T0 + 100, T0 + 900, "student-portal", "student", "password", "district-01", Outcome.FAILED,
        "Submit credentials", "http-503", 2, false, 0, LoginRecord.PREFLIGHT)));
    runRecord(new RunRecord(RunRecord.SCHEMA, "StudentLoginSimulation", "reference", T0, T0 + 1_000, 50, 0.1, true, Summary.Telemetry.NONE));
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(Summary.JudgedBy.PREFLIGHT, summary.judgedBy());
    assertFalse(summary.passed());
    assertFalse(summary.preflight().passed());
    assertEquals("Preflight failed: journey student-portal failed at \"Submit credentials\" (http-503); no load was sent.", summary.verdict());
  }

  /**
   * Writes the ledger and telemetry.csv of a breaking-point search and returns the search as it ran: three 10 s steps, each
   * judged on its seconds 2 to 8: 10 logins/s of 200 ms, all met; 20 logins/s of 300 ms, every fourth failing; then 12.5
   * logins/s of 250 ms, all met. The target's slots were full, and shed requests, during the second step only.
   */
  private RunRecord.Search search() throws IOException {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) records.add(login(100L * i, 200, true));
    for (int i = 0; i < 200; i++) records.add(login(10_000 + 50L * i, 300, i % 4 != 3));
    for (int i = 0; i < 125; i++) records.add(login(20_000 + 80L * i, 250, true));
    ledger(records);
    List<String> rows = new ArrayList<>();
    for (int j = 0; j < 30; j++) {
      boolean full = j >= 10 && j < 20;
      long shed = j < 10 ? 0 : full ? 2L * (j - 10) : 18;
      double utilization = full ? 1.0 : 0.5;
      rows.add((T0 + 500 + 1_000L * j) + ",2,0,2,0," + (full ? 8 : 4) + ",8," + utilization + "," + utilization + ",0," + 100 * j + "," + shed
          + ",0,1,10,0,0");
    }
    Files.writeString(folder.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n" + String.join("\n", rows) + "\n");
    List<RunRecord.SearchStep> steps = List.of(
        new RunRecord.SearchStep(1, "coarse", 10, T0, T0 + 10_000, T0 + 2_000, T0 + 8_000, true, "judged", "", 0.25, "none-saturated"),
        new RunRecord.SearchStep(2, "coarse", 20, T0 + 10_000, T0 + 20_000, T0 + 12_000, T0 + 18_000, false, "judged", "", 0.5, "saturated"),
        new RunRecord.SearchStep(3, "refine", 12.5, T0 + 20_000, T0 + 30_000, T0 + 22_000, T0 + 28_000, true, "judged", "", 0.3, "none-saturated"));
    return new RunRecord.Search(40, 500, 0.5, null, steps, true, true, 12.5, 20.0, "refined to within the precision", 0);
  }

  @Test
  void withARunRecordTheSearchsStepsAreJudgedAgainFromTheLedger() throws IOException {
    runRecord(run("BreakingPointSimulation", 31_000, 4_250, Summary.Telemetry.NONE).withSearch(search()));
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(List.of(
        new Summary.Step(1, "coarse", 10, "judged", "", 0, 10, 2, 8, 10, 10, 1.0, 200, 200, 200, 200, 200, true, "", 0, 0.25, "none-saturated",
            Map.of()),
        new Summary.Step(2, "coarse", 20, "judged", "", 10, 20, 12, 18, 20, 15, 0.75, 300, 300, 300, 300, 300, false, "success", 0, 0.5,
            "saturated", Map.of("http-503 at \"Submit credentials\"", 30L)),
        new Summary.Step(3, "refine", 12.5, "judged", "", 20, 30, 22, 28, 12.5, 12.5, 1.0, 250, 250, 250, 250, 250, true, "", 0, 0.3,
            "none-saturated", Map.of())), summary.steps());
  }

  @Test
  void withARunRecordTheBreakingPointAndItsHeadlineAreComputedAgain() throws IOException {
    runRecord(run("BreakingPointSimulation", 31_000, 4_250, Summary.Telemetry.NONE).withSearch(search()));
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    String bottleneck = "worker slots (utilization up to 100%, 18 requests shed)";
    // the knee: the first coarse step that lagged (20 logins/s offered, 15 achieved)
    assertEquals(new Summary.BreakingPoint(true, 12.5, 20.0, 20.0, 7.5, null, bottleneck, "refined to within the precision", 0),
        summary.breakingPoint());
    assertEquals("Breaking point: 12.5 logins/s sustained, 20 logins/s broke the SLO (precision 7.5); likely bottleneck: " + bottleneck + ".",
        summary.headline());
    assertEquals(Summary.JudgedBy.SEARCH, summary.judgedBy());
    assertTrue(summary.passed());
    assertFalse(summary.slo().met(), "the whole run broke the SLO on purpose");
    assertEquals(summary.headline() + " Over the whole run, whose steps past the breaking point broke the SLO on purpose: "
        + "88.24% of 425 logins succeeded, p95 login 300 ms; uptime 0.0% (1 of 1 windows down).", summary.verdict());
    assertEquals(10.0, summary.generator().cpuMillisPerLogin());
    Document doc = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    assertEquals(4, doc.select("#steps-table tr").size());
  }

  /**
   * Writes the ledger, events.csv and telemetry.csv of a surge and returns its plan: from 2 to 8 logins/s at 10 s, back at
   * 30 s, judged in 5 s windows of which 2 in a row must meet the SLO: 32 of the first window's 40 logins failed. Scale-out
   * to 4 instances was decided at 12 s, the fourth was ready at 14.5 s, scale-in decided at 33 s, and the ready instances
   * were back to 2 by the reading at 35.5 s.
   */
  private RunRecord.Surge surge() throws IOException {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) records.add(login(500L * i, 200, true));
    for (int i = 0; i < 160; i++) records.add(login(10_000 + 125L * i, 200, i >= 40 || i % 5 == 0));
    for (int i = 0; i < 20; i++) records.add(login(30_000 + 500L * i, 200, true));
    ledger(records);
    Files.writeString(folder.resolve("events.csv"), TelemetryRecorder.EVENTS_HEADER + "\n"
        + "2024-09-03T07:00:12Z,scale-out,2,4,\"utilization 0.97, above the target 0.6\"\n"
        + "2024-09-03T07:00:14Z,instance-ready,2,3,instance 3\n"
        + "2024-09-03T07:00:14.500Z,instance-ready,3,4,instance 4\n"
        + "2024-09-03T07:00:33Z,scale-in,4,2,utilization below target\n");
    List<String> rows = new ArrayList<>();
    for (int j = 0; j < 40; j++) {
      int ready = j >= 14 && j < 35 ? 4 : 2;
      int desired = j >= 12 && j < 33 ? 4 : 2;
      List<String> cells = new ArrayList<>();
      for (String column : TelemetryRecorder.COLUMNS) {
        cells.add(switch (column) { // as Prometheus fills it: instances only
          case "time_ms" -> String.valueOf(T0 + 500 + 1_000L * j);
          case "ready" -> String.valueOf(ready);
          case "desired" -> String.valueOf(desired);
          default -> "";
        });
      }
      rows.add(String.join(",", cells));
    }
    Files.writeString(folder.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n" + String.join("\n", rows) + "\n");
    return new RunRecord.Surge(T0 + 10_000, T0 + 30_000, 2, 8, 0, 5_000, 2, "prometheus");
  }

  @Test
  void withARunRecordTheSurgesReactionIsComputedAgainFromTheEventsTelemetryAndLedger() throws IOException {
    runRecord(run("AutoscalingSimulation", 40_000, 2_000, PROMETHEUS).withSurge(surge()));
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    assertEquals(List.of(new Summary.Surge(Instant.parse("2024-09-03T07:00:10Z"), 10.0, 30.0, 2.0, 8.0, 0, "prometheus", 2.0, 4.5, 5.0, 32, 1,
        5.0, 2, 4, 4, 11.0, 5.5, 3.0, 0)), summary.autoscaling());
    assertEquals("Autoscaling: scale-out decided 2.0 s after the surge, capacity ready after 4.5 s, SLO recovered after 5.0 s; "
        + "32 logins failed and 1 windows were down meanwhile; scaled in 3.0 s after the drop, "
        + "11 instance-seconds beyond the 2 instances before the surge.", summary.headline());
    assertEquals(Summary.JudgedBy.REACTION, summary.judgedBy());
    assertTrue(summary.passed());
    assertEquals(summary.headline() + " Over the whole run, whose surge broke the SLO on purpose: "
        + "84.00% of 200 logins succeeded, p95 login 200 ms; uptime 0.0% (1 of 1 windows down).", summary.verdict());
    Document doc = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    assertEquals(List.of("10 s", "2 → 8 logins/s", "2 s", "4.5 s", "5 s", "32", "1 (5 s windows)", "2 → 4", "11", "5.5 s", "3 s", "prometheus"),
        doc.select("#reaction-table tr").get(1).select("td").eachText());
  }

  @Test
  void aSurgeWhoseTelemetryNeverCoveredItIsMeasuredFromTheLedgerAlone() throws IOException {
    RunRecord.Surge plan = surge();
    Files.delete(folder.resolve("telemetry.csv"));
    Files.delete(folder.resolve("events.csv"));
    runRecord(run("AutoscalingSimulation", 40_000, 2_000, new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 0, 40,
        "refused")).withSurge(plan));
    ReportMain.regenerate(folder, DEFAULTS);
    Summary summary = rebuilt();
    Summary.Surge s = summary.autoscaling().get(0);
    assertEquals(Summary.Surge.NO_TELEMETRY, s.telemetry());
    assertFalse(s.telemetryKnown());
    assertNull(s.scaleOutDecisionSeconds());
    assertEquals(5.0, s.recoverySeconds());
    assertEquals("Autoscaling (no telemetry reading during the surge: from the ledger alone): SLO recovered after 5.0 s; "
        + "32 logins failed and 1 windows were down meanwhile.", summary.headline());
    assertTrue(summary.passed());
  }
}
