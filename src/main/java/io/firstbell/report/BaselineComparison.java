package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
  public static List<Row> compare(JsonNode baseline, JsonNode now, Tolerances t) {
    List<Row> rows = new ArrayList<>();
    Double baseBp = number(baseline, "breakingPoint", "maxSustainablePerSec");
    Double nowBp = number(now, "breakingPoint", "maxSustainablePerSec");
    if (baseBp != null && nowBp == null && now.path("breakingPoint").isObject()) { // a search that found no answer where the baseline had one
      rows.add(new Row("breaking point (logins/s)", baseBp, null, "none now", Verdict.REGRESSION));
    } else {
      rows.add(higherIsBetter("breaking point (logins/s)", baseBp, nowBp, b -> b * (1 - t.breakingPointDrop()), true));
    }
    rows.add(lowerIsBetter("p95 login (ms)", number(baseline, "latency", "p95Ms"), number(now, "latency", "p95Ms"),
        b -> b * (1 + t.p95Rise()), true));
    rows.add(higherIsBetter("uptime (%)", number(baseline, "uptime", "uptimePercent"), number(now, "uptime", "uptimePercent"),
        b -> b - t.uptimeDrop(), false));
    rows.add(lowerIsBetter("failed logins (%)", failurePercent(baseline), failurePercent(now),
        b -> b + 100 * t.failureRatioRise(), false));
    JsonNode baseSurges = baseline.path("autoscaling");
    JsonNode nowSurges = now.path("autoscaling");
    int surges = Math.max(baseSurges.size(), nowSurges.size());
    for (int i = 0; i < surges; i++) {
      String at = surges == 1 ? "" : " #" + (i + 1);
      JsonNode b = baseSurges.path(i);
      JsonNode n = nowSurges.path(i);
      for (String[] m : new String[][] {{"scale-out decision", "scaleOutDecisionSeconds"}, {"capacity ready", "capacityReadySeconds"},
          {"SLO recovered", "recoverySeconds"}}) {
        rows.add(reaction(m[0] + at + " (s)", b, n, m[1], t));
      }
      rows.add(lowerIsBetter("surge failed logins" + at, count(b, "failedLogins"), count(n, "failedLogins"),
          x -> x * (1 + t.surgeFailuresRise()), true));
      rows.add(lowerIsBetter("surge down windows" + at, count(b, "downWindows"), count(n, "downWindows"), x -> x * (1 + t.surgeFailuresRise()), true));
    }
    return rows;
  }

  /**
   * A reaction time: lower is better; a regression beyond {@code base x (1 + rise) + slack}. Null means it never
   * happened in the run (worse than any time), unless the section or the telemetry is missing.
   */
  private static Row reaction(String metric, JsonNode base, JsonNode now, String field, Tolerances t) {
    if (base.isMissingNode() || now.isMissingNode() || base.isNull() || now.isNull()) return new Row(metric, null, null, "n/a", Verdict.MISSING);
    boolean baseKnown = !"none".equals(base.path("telemetry").asText()) || field.equals("recoverySeconds");
    boolean nowKnown = !"none".equals(now.path("telemetry").asText()) || field.equals("recoverySeconds");
    Double b = count(base, field);
    Double n = count(now, field);
    if (!baseKnown || !nowKnown) return new Row(metric, b, n, "n/a", Verdict.MISSING);
    if (b == null && n == null) return new Row(metric, null, null, "never both", Verdict.OK);
    if (b == null) return new Row(metric, null, n, "now happens", Verdict.IMPROVED);
    if (n == null) return new Row(metric, b, null, "now never", Verdict.REGRESSION);
    Verdict v = n > b * (1 + t.reactionRise()) + t.reactionSlackSeconds() ? Verdict.REGRESSION : n < b ? Verdict.IMPROVED : Verdict.OK;
    String change = String.format(Locale.ROOT, "%+.1f s", n - b) + (b == 0 ? "" : String.format(Locale.ROOT, " (%+.0f%%)", 100 * (n - b) / b));
    return new Row(metric, b, n, change, v);
  }

  private static Double count(JsonNode surge, String field) {
    JsonNode v = surge.path(field);
    return v.isNumber() ? v.asDouble() : null;
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

  private static Double number(JsonNode summary, String section, String field) {
    JsonNode n = summary.path(section).path(field);
    return n.isNumber() ? n.asDouble() : null;
  }

  private static Double failurePercent(JsonNode summary) {
    JsonNode n = summary.path("logins").path("successRatio");
    return n.isNumber() ? 100 * (1 - n.asDouble()) : null;
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
