package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.report.BaselineComparison.Row;
import io.firstbell.report.BaselineComparison.Verdict;
import io.firstbell.results.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

  private static final BaselineComparison.Tolerances DEFAULTS = BaselineComparison.Tolerances.from(FirstBellConfig.withOverrides(""));

  /** A baseline of schema /1: its breaking point (null: no search), p95 login time, uptime and success ratio. */
  private static Summary summary(Double breakingPoint, long p95, double uptime, double successRatio) {
    return Summaries.compared("firstbell.summary/1", breakingPoint, p95, uptime, successRatio);
  }

  @Test
  void defaultTolerancesAreTheDocumentedOnes() {
    assertEquals(new BaselineComparison.Tolerances(0.10, 0.20, 0.0, 0.0, 0.25, 2.0, 0.25), DEFAULTS);
  }

  @Test
  void aDegradedRunIsARegressionOnEveryMetric() {
    List<Row> rows = BaselineComparison.compare(summary(40.0, 300, 100, 1.0), summary(35.0, 400, 90, 0.95), DEFAULTS);

    assertEquals(List.of(
        new Row("breaking point (logins/s)", 40.0, 35.0, "-12.5%", Verdict.REGRESSION),
        new Row("p95 login (ms)", 300.0, 400.0, "+33.3%", Verdict.REGRESSION),
        new Row("uptime (%)", 100.0, 90.0, "-10.00 pt", Verdict.REGRESSION),
        new Row("failed logins (%)", 0.0, 5.000000000000004, "+5.00 pt", Verdict.REGRESSION)), rows);
    assertTrue(BaselineComparison.regressed(rows));
  }

  @Test
  void changesWithinTheTolerancesAreNotRegressions() {
    // breaking point down exactly 10%, p95 up exactly 20%: at the tolerance, not beyond it
    List<Row> rows = BaselineComparison.compare(summary(40.0, 500, 99.5, 0.99), summary(36.0, 600, 99.5, 0.99), DEFAULTS);

    assertEquals(List.of(Verdict.OK, Verdict.OK, Verdict.OK, Verdict.OK), rows.stream().map(Row::verdict).toList());
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void aBetterRunIsAnImprovement() {
    List<Row> rows = BaselineComparison.compare(summary(40.0, 500, 95, 0.97), summary(44.0, 400, 100, 1.0), DEFAULTS);

    assertEquals(List.of(Verdict.IMPROVED, Verdict.IMPROVED, Verdict.IMPROVED, Verdict.IMPROVED), rows.stream().map(Row::verdict).toList());
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void aMissingSectionIsReportedAsMissingNotAsARegression() {
    List<Row> rows = BaselineComparison.compare(summary(null, 300, 100, 1.0), summary(30.0, 300, 100, 1.0), DEFAULTS);

    assertEquals(new Row("breaking point (logins/s)", null, 30.0, "n/a", Verdict.MISSING), rows.get(0));
    assertFalse(BaselineComparison.regressed(rows));
  }

  @Test
  void theTableHasOneAlignedLinePerMetric() {
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
  private static Summary surge(String telemetry, Double decision, Double ready, Double recovery, long failed, long down) {
    Summary.Surge s = Summaries.with(Summaries.surge(java.time.Instant.parse("2024-09-03T07:00:30Z"), 30, 90, telemetry, decision, ready, recovery),
        a -> {
          a.failedLogins = failed;
          a.downWindows = down;
        });
    return summary(null, 300, 90, 0.95).withAutoscaling(List.of(s));
  }

  private static List<Row> reactionRows(List<Row> rows) {
    return rows.subList(4, rows.size());
  }

  @Test
  void aSensitiveAutoscalerAgainstASluggishOneShowsHowMuchSoonerItRecovers() {
    List<Row> rows = BaselineComparison.compare(surge("reference", 30.0, 75.0, 80.0, 2000, 16), surge("reference", 2.0, 7.0, 10.0, 150, 2), DEFAULTS);

    assertEquals(List.of(
        new Row("scale-out decision (s)", 30.0, 2.0, "-28.0 s (-93%)", Verdict.IMPROVED),
        new Row("capacity ready (s)", 75.0, 7.0, "-68.0 s (-91%)", Verdict.IMPROVED),
        new Row("SLO recovered (s)", 80.0, 10.0, "-70.0 s (-88%)", Verdict.IMPROVED),
        new Row("surge failed logins", 2000.0, 150.0, "-92.5%", Verdict.IMPROVED),
        new Row("surge down windows", 16.0, 2.0, "-87.5%", Verdict.IMPROVED)), reactionRows(rows));
  }

  @Test
  void aReactionTimeRegressesOnlyBeyondTheRisePlusTheSlack() {
    // 6 s x 1.25 + 2 s = 9.5 s: 9.5 is at the tolerance, 9.6 beyond it
    Row atTolerance = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 9.5, 21.0, 25.0, 100, 5), DEFAULTS)).get(0);
    Row beyond = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 9.6, 21.0, 25.0, 100, 5), DEFAULTS)).get(0);

    assertEquals(Verdict.OK, atTolerance.verdict());
    assertEquals(Verdict.REGRESSION, beyond.verdict());
  }

  @Test
  void aTargetThatNoLongerRecoversIsARegression() {
    Row recovered = reactionRows(BaselineComparison.compare(surge("reference", 6.0, 21.0, 25.0, 100, 5), surge("reference", 6.0, 21.0, null, 100, 5), DEFAULTS)).get(2);

    assertEquals(new Row("SLO recovered (s)", 25.0, null, "now never", Verdict.REGRESSION), recovered);
  }

  @Test
  void withoutTelemetryTheScalingTimesAreMissingButRecoveryIsCompared() {
    List<Row> rows = reactionRows(BaselineComparison.compare(surge("none", null, null, 25.0, 100, 5), surge("reference", 6.0, 21.0, 20.0, 100, 5), DEFAULTS));

    assertEquals(Verdict.MISSING, rows.get(0).verdict());
    assertEquals(Verdict.MISSING, rows.get(1).verdict());
    assertEquals(new Row("SLO recovered (s)", 25.0, 20.0, "-5.0 s (-20%)", Verdict.IMPROVED), rows.get(2));
  }

  @Test
  void runsWithoutSurgesHaveNoReactionRows() {
    assertEquals(4, BaselineComparison.compare(summary(40.0, 300, 100, 1.0), summary(40.0, 300, 100, 1.0), DEFAULTS).size());
  }

  @Test
  void aSearchThatFoundNoAnswerWhereTheBaselineHadOneIsARegression() {
    Summary base = summary(40.0, 300, 100, 1.0);
    Summary now = Summaries.compared(Summary.SCHEMA, null, 300, 100, 1.0).withSearch(List.of(),
        new Summary.BreakingPoint(false, null, null, null, null, null, "unknown (no telemetry from the target)", "the search never started", 0));

    List<BaselineComparison.Row> rows = BaselineComparison.compare(base, now, DEFAULTS);

    assertEquals(new Row("breaking point (logins/s)", 40.0, null, "none now", Verdict.REGRESSION), rows.get(0));
    assertTrue(BaselineComparison.regressed(rows));
  }
}
