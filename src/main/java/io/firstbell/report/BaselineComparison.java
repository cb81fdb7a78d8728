package io.firstbell.report;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.results.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Tonight against last night: compares a run's {@code summary.json} with a baseline's under the
 * tolerances of {@code firstbell.compare}. Pure: two summaries in, rows out.
 */
public final class BaselineComparison {

  /** What a metric did. */
  public enum Verdict { OK, IMPROVED, REGRESSION, MISSING }

  /** One row of the comparison table. */
  public record Row(String metric, Double baseline, Double now, String change, Verdict verdict) {}

  /** The tolerances. */
  public record Tolerances(double breakingPointDrop, double p95Rise, double uptimeDrop, double failureRatioRise,
      double reactionRise, double reactionSlackSeconds, double surgeFailuresRise) {

    public static Tolerances from(Config config) {
      Checks c = new Checks(config, "firstbell.compare");
      return new Tolerances(c.fraction("breaking-point-drop"), c.nonNegative("p95-rise"), c.nonNegative("uptime-drop"),
          c.fraction("failure-ratio-rise"), c.nonNegative("reaction-rise"), c.nonNegativeDuration("reaction-slack").toMillis() / 1000.0,
          c.nonNegative("surge-failures-rise"));
    }
  }

  private BaselineComparison() {}

  /**
   * @return the rows: breaking point, p95 login time, uptime, failure ratio, and for autoscaling runs each
   *     surge's reaction (scale-out decision, capacity ready, SLO recovered, failed logins, down windows)
   */
  public static List<Row> compare(Summary baseline, Summary now, Tolerances t) {
    List<Row> rows = new ArrayList<>();
    Double baseBp = baseline.maxSustainablePerSec();
    Double nowBp = now.maxSustainablePerSec();
    if (baseBp != null && nowBp == null && now.breakingPoint() != null) { // a search that found no answer where the baseline had one
      rows.add(new Row("breaking point (logins/s)", baseBp, null, "none now", Verdict.REGRESSION));
    } else {
      rows.add(higherIsBetter("breaking point (logins/s)", baseBp, nowBp, b -> b * (1 - t.breakingPointDrop()), true));
    }
    rows.add(lowerIsBetter("p95 login (ms)", p95(baseline), p95(now), b -> b * (1 + t.p95Rise()), true));
    rows.add(higherIsBetter("uptime (%)", uptime(baseline), uptime(now), b -> b - t.uptimeDrop(), false));
    rows.add(lowerIsBetter("failed logins (%)", baseline.failedPercent(), now.failedPercent(), b -> b + 100 * t.failureRatioRise(), false));
    List<Summary.Surge> baseSurges = baseline.autoscaling() == null ? List.of() : baseline.autoscaling();
    List<Summary.Surge> nowSurges = now.autoscaling() == null ? List.of() : now.autoscaling();
    int surges = Math.max(baseSurges.size(), nowSurges.size());
    for (int i = 0; i < surges; i++) {
      String at = surges == 1 ? "" : " #" + (i + 1);
      Summary.Surge b = i < baseSurges.size() ? baseSurges.get(i) : null;
      Summary.Surge n = i < nowSurges.size() ? nowSurges.get(i) : null;
      rows.add(reaction("scale-out decision" + at + " (s)", b, n, Summary.Surge::scaleOutDecisionSeconds, true, t));
      rows.add(reaction("capacity ready" + at + " (s)", b, n, Summary.Surge::capacityReadySeconds, true, t));
      rows.add(reaction("SLO recovered" + at + " (s)", b, n, Summary.Surge::recoverySeconds, false, t));
      rows.add(lowerIsBetter("surge failed logins" + at, b == null ? null : (double) b.failedLogins(), n == null ? null : (double) n.failedLogins(),
          x -> x * (1 + t.surgeFailuresRise()), true));
      rows.add(lowerIsBetter("surge down windows" + at, b == null ? null : (double) b.downWindows(), n == null ? null : (double) n.downWindows(),
          x -> x * (1 + t.surgeFailuresRise()), true));
    }
    return rows;
  }

  /**
   * A reaction time: lower is better; a regression beyond {@code base x (1 + rise) + slack}. Null means it never
   * happened in the run (worse than any time), unless the surge is missing or, for what only the target's telemetry
   * tells ({@code fromTelemetry}), its telemetry is.
   */
  private static Row reaction(String metric, Summary.Surge base, Summary.Surge now, Function<Summary.Surge, Double> field, boolean fromTelemetry,
      Tolerances t) {
    if (base == null || now == null) return new Row(metric, null, null, "n/a", Verdict.MISSING);
    Double b = field.apply(base);
    Double n = field.apply(now);
    if (fromTelemetry && (!base.telemetryKnown() || !now.telemetryKnown())) return new Row(metric, b, n, "n/a", Verdict.MISSING);
    if (b == null && n == null) return new Row(metric, null, null, "never both", Verdict.OK);
    if (b == null) return new Row(metric, null, n, "now happens", Verdict.IMPROVED);
    if (n == null) return new Row(metric, b, null, "now never", Verdict.REGRESSION);
    Verdict v = n > b * (1 + t.reactionRise()) + t.reactionSlackSeconds() ? Verdict.REGRESSION : n < b ? Verdict.IMPROVED : Verdict.OK;
    String change = String.format(Locale.ROOT, "%+.1f s", n - b) + (b == 0 ? "" : String.format(Locale.ROOT, " (%+.0f%%)", 100 * (n - b) / b));
    return new Row(metric, b, n, change, v);
  }

  private static Double p95(Summary s) {
    return s.latency() == null ? null : (double) s.latency().p95Ms();
  }

  private static Double uptime(Summary s) {
    return s.uptime() == null ? null : s.uptime().uptimePercent();
  }

  /** @return whether any row is a regression */
  public static boolean regressed(List<Row> rows) {
    return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION);
  }

  /** @return the rows as an aligned text table */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-30s %12s %12s %16s  %s%n", "metric", "baseline", "now", "change", "verdict"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-30s %12s %12s %16s  %s%n", r.metric(), fmt(r.baseline()), fmt(r.now()), r.change(),
          r.verdict().name().toLowerCase(Locale.ROOT)));
    }
    return sb.toString();
  }

  private interface Bound {
    double of(double baseline);
  }

  private static Row higherIsBetter(String metric, Double base, Double now, Bound floor, boolean relative) {
    if (base == null || now == null) return new Row(metric, base, now, "n/a", Verdict.MISSING);
    Verdict v = now < floor.of(base) ? Verdict.REGRESSION : now > base ? Verdict.IMPROVED : Verdict.OK;
    return new Row(metric, base, now, change(base, now, relative), v);
  }

  private static Row lowerIsBetter(String metric, Double base, Double now, Bound ceiling, boolean relative) {
    if (base == null || now == null) return new Row(metric, base, now, "n/a", Verdict.MISSING);
    Verdict v = now > ceiling.of(base) ? Verdict.REGRESSION : now < base ? Verdict.IMPROVED : Verdict.OK;
    return new Row(metric, base, now, change(base, now, relative), v);
  }

  private static String change(double base, double now, boolean relative) {
    if (relative) {
      return base == 0 ? (now == 0 ? "+0.0%" : "n/a") : String.format(Locale.ROOT, "%+.1f%%", 100 * (now - base) / base);
    }
    return String.format(Locale.ROOT, "%+.2f pt", now - base);
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
