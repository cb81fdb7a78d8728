package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json: the documented schema firstbell.summary/2, its numbers and its one-sentence verdict. */
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

  private static ObjectNode mixed() {
    return RunSummary.build(META, MIXED, SLO, 5_000, 0.1, 1_000);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
    return names;
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  @Test
  void topLevelSectionsAreTheDocumentedOnesInOrder() {
    assertEquals(List.of("schema", "simulation", "target", "startedAt", "endedAt", "slo", "logins", "latency", "uptime", "generator", "timeline",
        "warmUp", "preflight", "failures", "steps", "breakingPoint", "autoscaling", "headline", "judgedBy", "passed", "wholeRun", "verdict"),
        fieldNames(mixed()));
  }

  @Test
  void headerNamesTheSchemaRunAndTimesAsIsoInstants() {
    ObjectNode s = mixed();
    assertEquals("firstbell.summary/2", s.path("schema").asText());
    assertEquals(RunSummary.SCHEMA, s.path("schema").asText());
    assertEquals("StudentLoginSimulation", s.path("simulation").asText());
    assertEquals("https://sso.example.test", s.path("target").asText());
    assertEquals("2024-09-03T07:00:00Z", s.path("startedAt").asText());
    assertEquals("2024-09-03T07:00:15Z", s.path("endedAt").asText());
  }

  @Test
  void sloSectionHoldsTheObjectivesAndWhetherTheyWereMet() {
    JsonNode slo = mixed().path("slo");
    assertEquals(List.of("successRatio", "p95LoginMs", "met"), fieldNames(slo));
    assertEquals(0.99, slo.path("successRatio").asDouble());
    assertEquals(2_000, slo.path("p95LoginMs").asLong());
    assertTrue(slo.path("met").isBoolean());
    assertFalse(slo.path("met").asBoolean());
    assertTrue(RunSummary.build(TEN_SECONDS, healthy(500, 0), SLO, 5_000, 0.1, 1_000).path("slo").path("met").asBoolean());
  }

  @Test
  void loginsSectionCountsEverything() {
    JsonNode logins = mixed().path("logins");
    assertEquals(List.of("attempted", "succeeded", "failed", "cutShort", "successRatio", "byPersona", "byJourney", "byFailureStep", "byFailureKind"),
        fieldNames(logins));
    assertEquals(5, logins.path("attempted").asLong());
    assertEquals(3, logins.path("succeeded").asLong());
    assertEquals(2, logins.path("failed").asLong());
    assertEquals(1, logins.path("cutShort").asLong());
    assertEquals(0.6, logins.path("successRatio").asDouble());
    assertEquals(Map.of("student", 4L, "teacher", 1L), counts(logins.path("byPersona")));
    assertEquals(Map.of("student-portal", 4L, "teacher-portal", 1L), counts(logins.path("byJourney")));
    assertEquals(List.of("dashboard", "submit-password"), fieldNames(logins.path("byFailureStep")));
    assertEquals(Map.of("dashboard", 1L, "submit-password", 1L), counts(logins.path("byFailureStep")));
    assertEquals(Map.of("cut-short", 1L, "http-502", 1L), counts(logins.path("byFailureKind")));
  }

  @Test
  void successRatioIsRoundedToSixDigits() {
    List<LoginRecord> records = new ArrayList<>(MIXED.subList(0, 2));
    records.add(MIXED.get(2));
    // 2 of 3
    assertEquals(0.666667, RunSummary.build(META, records, SLO, 5_000, 0.1, 1_000).path("logins").path("successRatio").asDouble());
  }

  @Test
  void latencySectionHoldsNearestRankPercentilesWithoutThinkTime() {
    JsonNode latency = mixed().path("latency");
    assertEquals(List.of("p50Ms", "p95Ms", "p99Ms"), fieldNames(latency));
    assertEquals(600, latency.path("p50Ms").asLong());
    assertEquals(7_000, latency.path("p95Ms").asLong());
    assertEquals(7_000, latency.path("p99Ms").asLong());
  }

  @Test
  void uptimeSectionDescribesTheWindows() {
    JsonNode uptime = mixed().path("uptime");
    assertEquals(List.of("windowSeconds", "downThreshold", "windows", "upWindows", "downWindows", "emptyWindows", "uptimePercent", "strip",
        "worstWindow"), fieldNames(uptime));
    assertEquals(5.0, uptime.path("windowSeconds").asDouble());
    assertEquals(0.1, uptime.path("downThreshold").asDouble());
    assertEquals(3, uptime.path("windows").asLong());
    assertEquals(1, uptime.path("upWindows").asLong());
    assertEquals(1, uptime.path("downWindows").asLong());
    assertEquals(1, uptime.path("emptyWindows").asLong());
    assertEquals(50.0, uptime.path("uptimePercent").asDouble());
    assertEquals("+x.", uptime.path("strip").asText());
    JsonNode worst = uptime.path("worstWindow");
    assertEquals(List.of("start", "attempted", "failed"), fieldNames(worst));
    assertEquals("2024-09-03T07:00:05Z", worst.path("start").asText());
    assertEquals(3, worst.path("attempted").asLong());
    assertEquals(2, worst.path("failed").asLong());
  }

  @Test
  void uptimePercentIsRoundedToThreeDigits() {
    // windows of 5 s: up, up, down
    List<LoginRecord> records = List.of(
        rec(0, 0, 100, "j", "student", "password", Outcome.SUCCEEDED, "", "", 0),
        rec(5_000, 5_000, 5_100, "j", "student", "password", Outcome.SUCCEEDED, "", "", 0),
        rec(10_000, 10_000, 10_100, "j", "student", "password", Outcome.FAILED, "login", "http-500", 0));
    JsonNode uptime = RunSummary.build(META, records, SLO, 5_000, 0.1, 1_000).path("uptime");
    assertEquals("++x", uptime.path("strip").asText());
    assertEquals(66.667, uptime.path("uptimePercent").asDouble());
  }

  @Test
  void generatorSectionHoldsCpuAndStartLag() {
    JsonNode g = mixed().path("generator");
    assertEquals(List.of("cpuMillisPerLogin", "cpuShare", "maxStartLagMs", "p99StartLagMs", "saturated"), fieldNames(g));
    assertEquals(246.9, g.path("cpuMillisPerLogin").asDouble());
    assertEquals(0.1235, g.path("cpuShare").asDouble());
    assertEquals(200, g.path("maxStartLagMs").asLong());
    assertEquals(200, g.path("p99StartLagMs").asLong());
    assertFalse(g.path("saturated").asBoolean());
  }

  @Test
  void timelineHasOnePointPerSecondOfTheRun() {
    JsonNode timeline = mixed().path("timeline");
    assertTrue(timeline.isArray());
    assertEquals(15, timeline.size());
    assertEquals(List.of("second", "offered", "succeeded", "failed", "p95Ms"), fieldNames(timeline.get(0)));
    long[][] expected = new long[15][];
    for (int i = 0; i < 15; i++) expected[i] = new long[] {i, 0, 0, 0, 0};
    expected[0] = new long[] {0, 1, 1, 0, 400};
    expected[1] = new long[] {1, 1, 1, 0, 600};
    expected[6] = new long[] {6, 1, 0, 0, 2_500};
    expected[7] = new long[] {7, 1, 0, 0, 7_000};
    expected[8] = new long[] {8, 1, 0, 1, 300};
    expected[9] = new long[] {9, 0, 1, 0, 0};
    expected[14] = new long[] {14, 0, 0, 1, 0}; // cut short at the run's end: clamped into the last second
    for (int i = 0; i < 15; i++) {
      JsonNode p = timeline.get(i);
      assertEquals(List.of(expected[i][0], expected[i][1], expected[i][2], expected[i][3], expected[i][4]),
          List.of(p.path("second").asLong(), p.path("offered").asLong(), p.path("succeeded").asLong(), p.path("failed").asLong(),
              p.path("p95Ms").asLong()), "second " + i);
    }
  }

  @Test
  void stepsBreakingPointAndAutoscalingArePresentAsNulls() {
    ObjectNode s = mixed();
    for (String key : List.of("steps", "breakingPoint", "autoscaling")) {
      assertTrue(s.has(key), key);
      assertTrue(s.get(key).isNull(), key);
    }
  }

  @Test
  void verdictOfAMetSlo() {
    assertEquals("SLO met: 100.00% of 1,200 logins succeeded, p95 login 500 ms; uptime 100.0% (0 of 2 windows down).",
        RunSummary.build(TEN_SECONDS, healthy(500, 0), SLO, 5_000, 0.1, 1_000).path("verdict").asText());
  }

  @Test
  void verdictOfABrokenSlo() {
    assertEquals("SLO NOT met: 60.00% of 5 logins succeeded (objective 99.0%), p95 login 7000 ms (objective 2000 ms); uptime 50.0% (1 of 2 windows down).",
        mixed().path("verdict").asText());
  }

  @Test
  void verdictWhenTheGeneratorStartedLoginsTooLate() {
    ObjectNode s = RunSummary.build(TEN_SECONDS, healthy(1_800, 1_500), SLO, 5_000, 0.1, 1_000);
    assertTrue(s.path("generator").path("saturated").asBoolean());
    assertEquals(1_500, s.path("generator").path("p99StartLagMs").asLong());
    assertEquals("SLO met: 100.00% of 1,200 logins succeeded, p95 login 1800 ms; uptime 100.0% (0 of 2 windows down); "
        + "the load generator itself was saturated, so these numbers do not describe the target.", s.path("verdict").asText());
  }

  @Test
  void startLagExactlyAtTheLimitIsNotSaturation() {
    ObjectNode atLimit = RunSummary.build(TEN_SECONDS, healthy(1_800, 1_000), SLO, 5_000, 0.1, 1_000);
    assertFalse(atLimit.path("generator").path("saturated").asBoolean());
    assertFalse(atLimit.path("verdict").asText().contains("saturated"));
    assertTrue(RunSummary.build(TEN_SECONDS, healthy(1_800, 1_001), SLO, 5_000, 0.1, 1_000).path("generator").path("saturated").asBoolean());
  }

  @Test
  void theSaturationLimitIsTheGivenOneNotTheMetas() {
    // the meta says 1 s, the caller 2 s: 1.5 s of lag is fine
    assertFalse(RunSummary.build(TEN_SECONDS, healthy(1_800, 1_500), SLO, 5_000, 0.1, 2_000).path("generator").path("saturated").asBoolean());
  }

  @Test
  void verdictWhenTheMetaSaysTheGeneratorCpuWasSaturated() {
    RunSummary.Meta busy = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 10_000, 600, 0.95, true, 1_000);
    ObjectNode s = RunSummary.build(busy, MIXED, SLO, 5_000, 0.1, 1_000);
    assertTrue(s.path("generator").path("saturated").asBoolean());
    assertEquals("SLO NOT met: 60.00% of 5 logins succeeded (objective 99.0%), p95 login 7000 ms (objective 2000 ms); uptime 50.0% (1 of 2 windows down); "
        + "the load generator itself was saturated, so these numbers do not describe the target.", s.path("verdict").asText());
  }

  @Test
  void aRunWithoutLoginsSaysSo() {
    ObjectNode s = RunSummary.build(TEN_SECONDS, List.of(), SLO, 5_000, 0.1, 1_000);
    assertEquals("No logins were attempted.", s.path("verdict").asText());
    assertFalse(s.path("slo").path("met").asBoolean());
    assertEquals(0, s.path("logins").path("attempted").asLong());
    assertEquals(1.0, s.path("logins").path("successRatio").asDouble());
    assertEquals(0.0, s.path("generator").path("cpuMillisPerLogin").asDouble());
    assertEquals(100.0, s.path("uptime").path("uptimePercent").asDouble());
    assertEquals("..", s.path("uptime").path("strip").asText());
    assertTrue(s.path("uptime").has("worstWindow"));
    assertTrue(s.path("uptime").get("worstWindow").isNull());
    assertEquals(10, s.path("timeline").size());
  }

  @Test
  void writeThenReadRoundTrips(@TempDir Path dir) throws IOException {
    ObjectNode s = mixed();
    Path file = dir.resolve("summary.json");
    RunSummary.write(s, file);
    String text = Files.readString(file);
    assertTrue(text.endsWith("}\n"));
    assertTrue(text.contains("\n  \"schema\" : \"firstbell.summary/2\""), "indented");
    JsonNode back = RunSummary.read(file);
    // numbers may come back as narrower node types: compare by value
    assertTrue(s.equals(new NumericComparator(), back));
    assertEquals(RunSummary.JSON.writeValueAsString(s), RunSummary.JSON.writeValueAsString(back));
    assertEquals("+x.", back.path("uptime").path("strip").asText());
    assertTrue(back.path("autoscaling").isNull());
  }

  /** Equal JSON values, whatever the node class of a number. */
  private static final class NumericComparator implements java.util.Comparator<JsonNode> {
    @Override
    public int compare(JsonNode a, JsonNode b) {
      if (a.equals(b)) return 0;
      if (a.isNumber() && b.isNumber()) return Double.compare(a.doubleValue(), b.doubleValue());
      return 1;
    }
  }
}
