package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import io.firstbell.results.RunFiles;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json: the documented schema firstbell.summary/5, its numbers and its one-sentence verdict. */
class RunSummaryTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));
  private static final RunSummary.Meta META = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 15_000,
      1234.5, 0.123456, false, 1_000);

  private static LoginRecord rec(long scheduledAt, long startAt, long endAt, String journey, String persona, String method, Outcome outcome,
      String failedStep, String failureKind, long thinkMs) {
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, journey, persona, method, "district-01", outcome, failedStep, failureKind,
        4, false, thinkMs);
  }

  /**
   * Five logins over 15 s: login times 400, 600, 2500, 7000 (think excluded), 300; lags 0, 50, 0, 200, 0.
   * 5 s windows: [a b] up, [c d e] 2 of 3 failed down, [] empty.
   */
  static final List<LoginRecord> MIXED = List.of(
      rec(0, 0, 400, "student-portal", "student", "password", Outcome.SUCCEEDED, "", "", 0),
      rec(1_000, 1_050, 1_600, "teacher-portal", "teacher", "badge", Outcome.SUCCEEDED, "", "", 0),
      rec(6_000, 6_000, 8_500, "student-portal", "student", "password", Outcome.FAILED, "submit-password", "http-502", 0),
      rec(7_000, 7_200, 15_000, "student-portal", "student", "password", Outcome.CUT_SHORT, "dashboard", "cut-short", 1_000),
      rec(8_000, 8_000, 9_300, "student-portal", "student", "app-initiated", Outcome.SUCCEEDED, "", "", 1_000));

  /** 1,200 successful logins over 10 s, each {@code loginMs} long, started {@code lagMs} late. */
  static List<LoginRecord> healthy(long loginMs, long lagMs) {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      records.add(rec(i * 8L, i * 8L + lagMs, i * 8L + loginMs, "student-portal", "student", "password", Outcome.SUCCEEDED, "", "", 0));
    }
    return records;
  }

  private static final RunSummary.Meta TEN_SECONDS = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 10_000,
      600, 0.05, false, 1_000);

  private static Summary mixed() {
    return build(META, MIXED, 1_000);
  }

  private static Summary build(RunSummary.Meta meta, List<LoginRecord> records, long maxStartLagMs) {
    return RunSummary.build(meta, records, SLO, 5_000, 0.1, maxStartLagMs, List.of());
  }

  /** @return the summary as summary.json holds it, parsed: for what only the JSON text shows (field order, explicit nulls) */
  private static JsonNode written(Summary s) throws IOException {
    return RunFiles.JSON.readTree(RunFiles.JSON.writeValueAsString(s));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
    return names;
  }

  @Test
  void topLevelSectionsAreTheDocumentedOnesInOrder() throws IOException {
    assertEquals(List.of("schema", "simulation", "target", "startedAt", "endedAt", "slo", "logins", "latency", "uptime", "generator", "timeline",
        "warmUp", "preflight", "failures", "steps", "breakingPoint", "autoscaling", "headline", "judgedBy", "passed", "wholeRun", "verdict",
        "telemetry", "interrupted", "replay", "shards"), fieldNames(written(mixed())));
  }

  @Test
  void eachSectionsFieldsAreTheDocumentedOnesInOrder() throws IOException {
    JsonNode s = written(mixed());
    assertEquals(List.of("successRatio", "p95LoginMs", "met"), fieldNames(s.get("slo")));
    assertEquals(List.of("attempted", "succeeded", "failed", "cutShort", "successRatio", "byPersona", "byJourney", "byFailureStep", "byFailureKind"),
        fieldNames(s.get("logins")));
    assertEquals(List.of("p50Ms", "p95Ms", "p99Ms"), fieldNames(s.get("latency")));
    assertEquals(List.of("windowSeconds", "downThreshold", "windows", "upWindows", "downWindows", "emptyWindows", "uptimePercent", "strip",
        "worstWindow"), fieldNames(s.get("uptime")));
    assertEquals(List.of("start", "attempted", "failed"), fieldNames(s.get("uptime").get("worstWindow")));
    assertEquals(List.of("cpuMillisPerLogin", "cpuShare", "maxStartLagMs", "p99StartLagMs", "saturated"), fieldNames(s.get("generator")));
    assertEquals(List.of("second", "offered", "succeeded", "failed", "p95Ms"), fieldNames(s.get("timeline").get(0)));
    assertEquals(List.of("dashboard", "submit-password"), fieldNames(s.get("logins").get("byFailureStep")));
  }

  @Test
  void headerNamesTheSchemaRunAndTimes() {
    Summary s = mixed();
    assertEquals("firstbell.summary/5", s.schema());
    assertEquals(Summary.SCHEMA, s.schema());
    assertEquals("StudentLoginSimulation", s.simulation());
    assertEquals("https://sso.example.test", s.target());
    assertEquals(Instant.parse("2024-09-03T07:00:00Z"), s.startedAt());
    assertEquals(Instant.parse("2024-09-03T07:00:15Z"), s.endedAt());
  }

  @Test
  void timesAreWrittenAsIsoInstants() throws IOException {
    String text = RunFiles.JSON.writeValueAsString(mixed());
    assertTrue(text.contains("\"startedAt\" : \"2024-09-03T07:00:00Z\""), text);
    assertTrue(text.contains("\"endedAt\" : \"2024-09-03T07:00:15Z\""), text);
    assertTrue(text.contains("\"start\" : \"2024-09-03T07:00:05Z\""), text);
  }

  @Test
  void sloSectionHoldsTheObjectivesAndWhetherTheyWereMet() {
    assertEquals(new Summary.Slo(0.99, 2_000, false), mixed().slo());
    assertTrue(build(TEN_SECONDS, healthy(500, 0), 1_000).slo().met());
  }

  @Test
  void loginsSectionCountsEverything() {
    Summary.Logins logins = mixed().logins();
    assertEquals(5, logins.attempted());
    assertEquals(3, logins.succeeded());
    assertEquals(2, logins.failed());
    assertEquals(1, logins.cutShort());
    assertEquals(0.6, logins.successRatio());
    assertEquals(Map.of("student", 4L, "teacher", 1L), logins.byPersona());
    assertEquals(Map.of("student-portal", 4L, "teacher-portal", 1L), logins.byJourney());
    assertEquals(List.of("dashboard", "submit-password"), List.copyOf(logins.byFailureStep().keySet()));
    assertEquals(Map.of("dashboard", 1L, "submit-password", 1L), logins.byFailureStep());
    assertEquals(Map.of("cut-short", 1L, "http-502", 1L), logins.byFailureKind());
  }

  @Test
  void successRatioIsRoundedToSixDigits() {
    List<LoginRecord> records = new ArrayList<>(MIXED.subList(0, 2));
    records.add(MIXED.get(2));
    // 2 of 3
    assertEquals(0.666667, build(META, records, 1_000).logins().successRatio());
  }

  @Test
  void latencySectionHoldsNearestRankPercentilesWithoutThinkTime() {
    assertEquals(new Summary.Latency(600, 7_000, 7_000), mixed().latency());
  }

  @Test
  void uptimeSectionDescribesTheWindows() {
    Summary.Uptime uptime = mixed().uptime();
    assertEquals(5.0, uptime.windowSeconds());
    assertEquals(0.1, uptime.downThreshold());
    assertEquals(3, uptime.windows());
    assertEquals(1, uptime.upWindows());
    assertEquals(1, uptime.downWindows());
    assertEquals(1, uptime.emptyWindows());
    assertEquals(50.0, uptime.uptimePercent());
    assertEquals("+x.", uptime.strip());
    assertEquals(new Summary.WorstWindow(Instant.parse("2024-09-03T07:00:05Z"), 3, 2), uptime.worstWindow());
  }

  @Test
  void uptimePercentIsRoundedToThreeDigits() {
    // windows of 5 s: up, up, down
    List<LoginRecord> records = List.of(
        rec(0, 0, 100, "j", "student", "password", Outcome.SUCCEEDED, "", "", 0),
        rec(5_000, 5_000, 5_100, "j", "student", "password", Outcome.SUCCEEDED, "", "", 0),
        rec(10_000, 10_000, 10_100, "j", "student", "password", Outcome.FAILED, "login", "http-500", 0));
    Summary.Uptime uptime = build(META, records, 1_000).uptime();
    assertEquals("++x", uptime.strip());
    assertEquals(66.667, uptime.uptimePercent());
  }

  @Test
  void generatorSectionHoldsCpuAndStartLag() {
    assertEquals(new Summary.Generator(246.9, 0.1235, 200, 200, false), mixed().generator());
  }

  @Test
  void timelineHasOnePointPerSecondOfTheRun() {
    List<Summary.Second> timeline = mixed().timeline();
    List<Summary.Second> expected = new ArrayList<>();
    for (int i = 0; i < 15; i++) expected.add(new Summary.Second(i, 0, 0, 0, 0));
    expected.set(0, new Summary.Second(0, 1, 1, 0, 400));
    expected.set(1, new Summary.Second(1, 1, 1, 0, 600));
    expected.set(6, new Summary.Second(6, 1, 0, 0, 2_500));
    expected.set(7, new Summary.Second(7, 1, 0, 0, 7_000));
    expected.set(8, new Summary.Second(8, 1, 0, 1, 300));
    expected.set(9, new Summary.Second(9, 0, 1, 0, 0));
    expected.set(14, new Summary.Second(14, 0, 0, 1, 0)); // cut short at the run's end: clamped into the last second
    assertEquals(expected, timeline);
  }

  @Test
  void aSteadyRunHasNoSearchOrSurgeAndIsJudgedByTheSlo() {
    Summary s = mixed();
    assertNull(s.steps());
    assertNull(s.breakingPoint());
    assertNull(s.autoscaling());
    assertNull(s.headline());
    assertEquals(Summary.JudgedBy.SLO, s.judgedBy());
    assertFalse(s.passed());
    assertNull(s.maxSustainablePerSec());
  }

  @Test
  void sectionsThatDoNotApplyAreWrittenAsNulls() throws IOException {
    JsonNode s = written(mixed());
    for (String key : List.of("warmUp", "preflight", "steps", "breakingPoint", "autoscaling", "headline", "telemetry")) {
      assertTrue(s.has(key), key);
      assertTrue(s.get(key).isNull(), key);
    }
    assertEquals("slo", s.get("judgedBy").textValue());
    JsonNode empty = written(build(TEN_SECONDS, List.of(), 1_000));
    assertTrue(empty.get("uptime").has("worstWindow"));
    assertTrue(empty.get("uptime").get("worstWindow").isNull());
  }

  @Test
  void verdictOfAMetSlo() {
    assertEquals("SLO met: 100.00% of 1,200 logins succeeded, p95 login 500 ms; uptime 100.0% (0 of 2 windows down).",
        build(TEN_SECONDS, healthy(500, 0), 1_000).verdict());
  }

  @Test
  void verdictOfABrokenSlo() {
    assertEquals("SLO NOT met: 60.00% of 5 logins succeeded (objective 99.0%), p95 login 7000 ms (objective 2000 ms); uptime 50.0% (1 of 2 windows down).",
        mixed().verdict());
  }

  @Test
  void theWholeRunsFiguresCarryNoJudgement() {
    assertEquals("60.00% of 5 logins succeeded, p95 login 7000 ms; uptime 50.0% (1 of 2 windows down).", mixed().wholeRun());
  }

  @Test
  void verdictWhenTheGeneratorStartedLoginsTooLate() {
    Summary s = build(TEN_SECONDS, healthy(1_800, 1_500), 1_000);
    assertTrue(s.generator().saturated());
    assertEquals(1_500, s.generator().p99StartLagMs());
    assertEquals("SLO met: 100.00% of 1,200 logins succeeded, p95 login 1800 ms; uptime 100.0% (0 of 2 windows down); "
        + "the load generator itself was saturated, so these numbers do not describe the target.", s.verdict());
  }

  @Test
  void startLagExactlyAtTheLimitIsNotSaturation() {
    Summary atLimit = build(TEN_SECONDS, healthy(1_800, 1_000), 1_000);
    assertFalse(atLimit.generator().saturated());
    assertFalse(atLimit.verdict().contains("saturated"));
    assertTrue(build(TEN_SECONDS, healthy(1_800, 1_001), 1_000).generator().saturated());
  }

  @Test
  void theSaturationLimitIsTheGivenOneNotTheMetas() {
    // the meta says 1 s, the caller 2 s: 1.5 s of lag is fine
    assertFalse(build(TEN_SECONDS, healthy(1_800, 1_500), 2_000).generator().saturated());
  }

  @Test
  void verdictWhenTheMetaSaysTheGeneratorCpuWasSaturated() {
    RunSummary.Meta busy = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 10_000, 600, 0.95, true, 1_000);
    Summary s = build(busy, MIXED, 1_000);
    assertTrue(s.generator().saturated());
    assertEquals("SLO NOT met: 60.00% of 5 logins succeeded (objective 99.0%), p95 login 7000 ms (objective 2000 ms); uptime 50.0% (1 of 2 windows down); "
        + "the load generator itself was saturated, so these numbers do not describe the target.", s.verdict());
  }

  @Test
  void aRunWithoutLoginsSaysSo() {
    Summary s = build(TEN_SECONDS, List.of(), 1_000);
    assertEquals("No logins were attempted.", s.verdict());
    assertEquals("no logins were attempted.", s.wholeRun());
    assertFalse(s.slo().met());
    assertFalse(s.passed());
    assertEquals(0, s.logins().attempted());
    assertEquals(1.0, s.logins().successRatio());
    assertEquals(0.0, s.generator().cpuMillisPerLogin());
    assertEquals(100.0, s.uptime().uptimePercent());
    assertEquals("..", s.uptime().strip());
    assertNull(s.uptime().worstWindow());
    assertEquals(10, s.timeline().size());
    assertEquals(List.of(), s.failures());
  }

  @Test
  void writeThenReadRoundTrips(@TempDir Path dir) throws IOException {
    Summary s = mixed();
    Path file = dir.resolve("summary.json");
    s.write(file);
    String text = Files.readString(file);
    assertTrue(text.endsWith("}\n"));
    assertTrue(text.contains("\n  \"schema\" : \"firstbell.summary/5\""), "indented");
    Summary back = Summary.read(file);
    assertEquals(s, back);
    assertEquals(List.of("dashboard", "submit-password"), List.copyOf(back.logins().byFailureStep().keySet()));
    assertEquals(text, RunFiles.JSON.writeValueAsString(back) + "\n");
  }
}
