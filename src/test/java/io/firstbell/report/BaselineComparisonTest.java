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
    assertEquals(new BaselineComparison.Tolerances(0.10, 0.20, 0.0, 0.0), DEFAULTS);
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
        metric                         baseline          now     change  verdict
        breaking point (logins/s)         40.00        35.00     -12.5%  regression
        p95 login (ms)                   300.00       300.00      +0.0%  ok
        uptime (%)                       100.00       100.00   +0.00 pt  ok
        failed logins (%)                  0.00         0.00   +0.00 pt  ok
        """, table);
  }
}
