package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.report.BaselineComparison.Row;
import io.firstbell.report.BaselineComparison.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

  private static final BaselineComparison.Tolerances DEFAULTS = BaselineComparison.Tolerances.from(FirstBellConfig.withOverrides(""));

  private static JsonNode summary(Double breakingPoint, long p95, double uptime, double successRatio) throws Exception {
    String bp = breakingPoint == null ? "null" : "{\"maxSustainablePerSec\": " + breakingPoint + "}";
    return new ObjectMapper().readTree("{\"schema\":\"firstbell.summary/1\",\"breakingPoint\":" + bp + ",\"latency\":{\"p95Ms\":" + p95
        + "},\"uptime\":{\"uptimePercent\":" + uptime + "},\"logins\":{\"successRatio\":" + successRatio + "}}");
  }

  @Test
  void defaultTolerancesAreTheDocumentedOnes() {
    assertEquals(new BaselineComparison.Tolerances(0.10, 0.20, 0.0, 0.0, 0.25, 2.0, 0.25), DEFAULTS);
  }

  @Test
  void aDegradedRunIsARegressionOnEveryMetric() throws Exception {
    List<Row> rows = BaselineComparison.compare(summary(40.0, 300, 100, 1.0), summary(35.0, 400, 90, 0.95), DEFAULTS);

    assertEquals(List.of(
        new Row("breaking point (logins/s)", 40.0, 35.0, "-12.5%", Verdict.REGRESSION),
        new Row("p95 login (ms)", 300.0, 400.0, "+33.3%", Verdict.REGRESSION),
        new Row("uptime (%)", 100.0, 90.0, "-10.00 pt", Verdict.REGRESSION),
        new Row("failed logins (%)", 0.0, 5.000000000000004, "+5.00 pt", Verdict.REGRESSION)), rows);
    assertTrue(BaselineComparison.regressed(rows));
  }

  @Test
  void changesWithinTheTolerancesAreNotRegressions() throws Exception {
    // breaking point down exactly 10%, p95 up exactly 20%: at the tolerance, not beyond it
    List<Row> rows = BaselineComparison.compare(summary(40.0, 500, 99.5, 0.99), summary(36.0, 600, 99.5, 0.99), DEFAULTS);

    assertEquals(List.of(Verdict.OK, Verdict.OK, Verdict.OK, Verdict.OK), rows.stream().map(Row::verdict).toList());
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void aBetterRunIsAnImprovement() throws Exception {
    List<Row> rows = BaselineComparison.compare(summary(40.0, 500, 95, 0.97), summary(44.0, 400, 100, 1.0), DEFAULTS);

    assertEquals(List.of(Verdict.IMPROVED, Verdict.IMPROVED, Verdict.IMPROVED, Verdict.IMPROVED), rows.stream().map(Row::verdict).toList());
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void aMissingSectionIsReportedAsMissingNotAsARegression() throws Exception {
    List<Row> rows = BaselineComparison.compare(summary(null, 300, 100, 1.0), summary(30.0, 300, 100, 1.0), DEFAULTS);

    assertEquals(new Row("breaking point (logins/s)", null, 30.0, "n/a", Verdict.MISSING), rows.get(0));
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void theTableHasOneAlignedLinePerMetric() throws Exception {
    String table = BaselineComparison.table(BaselineComparison.compare(summary(40.0, 300, 100, 1.0), summary(35.0, 300, 100, 1.0), DEFAULTS));

    assertEquals("""
        metric                             baseline          now           change  verdict
        breaking point (logins/s)             40.00        35.00           -12.5%  regression
        p95 login (ms)                       300.00       300.00            +0.0%  ok
        uptime (%)                           100.00       100.00         +0.00 pt  ok
        failed logins (%)                      0.00         0.00         +0.00 pt  ok
        """, table);
  }

  /** An autoscaling run's summary: one surge with these reaction times (null: never), failed logins and down windows. */
  private static JsonNode surge(String telemetry, Double decision, Double ready, Double recovery, long failed, long down) throws Exception {
    ObjectMapper m = new ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) summary(null, 300, 90, 0.95);
    var s = root.putArray("autoscaling").addObject();
    s.put("telemetry", telemetry);
    s.putPOJO("scaleOutDecisionSeconds", decision);
    s.putPOJO("capacityReadySeconds", ready);
    s.putPOJO("recoverySeconds", recovery);
    s.put("failedLogins", failed);
    s.put("downWindows", down);
    return m.readTree(m.writeValueAsString(root));
  }

  private static List<Row> reactionRows(List<Row> rows) {
    return rows.subList(4, rows.size());
  }

  @Test
  void aSensitiveAutoscalerAgainstASluggishOneShowsHowMuchSoonerItRecovers() throws Exception {
    List<Row> rows = BaselineComparison.compare(surge("reference", 30.0, 75.0, 80.0, 2000, 16), surge("reference", 2.0, 7.0, 10.0, 150, 2), DEFAULTS);

    assertEquals(List.of(
        new Row("scale-out decision (s)", 30.0, 2.0, "-28.0 s (-93%)", Verdict.IMPROVED),
        new Row("capacity ready (s)", 75.0, 7.0, "-68.0 s (-91%)", Verdict.IMPROVED),
        new Row("SLO recovered (s)", 80.0, 10.0, "-70.0 s (-88%)", Verdict.IMPROVED),
        new Row("surge failed logins", 2000.0, 150.0, "-92.5%", Verdict.IMPROVED),
        new Row("surge down windows", 16.0, 2.0, "-87.5%", Verdict.IMPROVED)), reactionRows(rows));
  }

  @Test
  void aReactionTimeRegressesOnlyBeyondTheRisePlusTheSlack() throws Exception {
    // 6 s x 1.25 + 2 s = 9.5 s: 9.5 is at the tolerance, 9.6 beyond it
    Row atTolerance = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 9.5, 21.0, 25.0, 100, 5), DEFAULTS)).get(0);
    Row beyond = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 9.6, 21.0, 25.0, 100, 5), DEFAULTS)).get(0);

    assertEquals(Verdict.OK, atTolerance.verdict());
    assertEquals(Verdict.REGRESSION, beyond.verdict());
  }

  @Test
  void aTargetThatNoLongerRecoversIsARegression() throws Exception {
    Row recovered = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 6.0, 21.0, null, 100, 5), DEFAULTS)).get(2);

    assertEquals(new Row("SLO recovered (s)", 25.0, null, "now never", Verdict.REGRESSION), recovered);
  }

  @Test
  void withoutTelemetryTheScalingTimesAreMissingButRecoveryIsCompared() throws Exception {
    List<Row> rows = reactionRows(BaselineComparison.compare(surge("none", null, null, 25.0, 100, 5), surge("reference", 6.0, 21.0, 20.0, 100, 5), DEFAULTS));

    assertEquals(Verdict.MISSING, rows.get(0).verdict());
    assertEquals(Verdict.MISSING, rows.get(1).verdict());
    assertEquals(new Row("SLO recovered (s)", 25.0, 20.0, "-5.0 s (-20%)", Verdict.IMPROVED), rows.get(2));
  }

  @Test
  void runsWithoutSurgesHaveNoReactionRows() throws Exception {
    assertEquals(4, BaselineComparison.compare(summary(40.0, 300, 100, 1.0), summary(40.0, 300, 100, 1.0), DEFAULTS).size());
  }

  @Test
  void aSearchThatFoundNoAnswerWhereTheBaselineHadOneIsARegression() throws Exception {
    JsonNode base = summary(40.0, 300, 100, 1.0);
    JsonNode now = new ObjectMapper().readTree("{\"schema\":\"firstbell.summary/2\",\"breakingPoint\":{\"found\":false,\"maxSustainablePerSec\":null},"
        + "\"latency\":{\"p95Ms\":300},\"uptime\":{\"uptimePercent\":100},\"logins\":{\"successRatio\":1.0}}");

    List<BaselineComparison.Row> rows = BaselineComparison.compare(base, now, DEFAULTS);

    assertEquals(BaselineComparison.Verdict.REGRESSION, rows.get(0).verdict(), rows.toString());
    assertTrue(BaselineComparison.regressed(rows));
  }
}
