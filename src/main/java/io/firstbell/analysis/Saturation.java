package io.firstbell.analysis;

import io.firstbell.telemetry.TelemetryFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the target's telemetry says saturated during some windows of a run: the datastore's read-concurrency
 * ceiling, health checks taking instances out of rotation, worker slots at full utilization shedding requests.
 * A column the telemetry source does not fill (Prometheus reports instances only) is no evidence either way, so
 * "no saturation" is told apart from "unknown".
 */
public record Saturation(Evidence evidence, List<String> findings) {

  /** How much the telemetry could tell. */
  public enum Evidence {
    /** No reading from the target at all. */
    NO_TELEMETRY,
    /** Readings of instances only: nothing about slots, health or the datastore. */
    INSTANCES_ONLY,
    /** Full readings, and nothing saturated. */
    NONE_SATURATED,
    /** Full readings, and something saturated ({@link #findings()}). */
    SATURATED;

    /** @return the name summary.json uses: {@code no-telemetry}, {@code instances-only}, {@code none-saturated}, {@code saturated} */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Utilization at or above which the worker slots count as saturated. */
  public static final double FULL_UTILIZATION = 0.95;

  private static final Set<String> INSTANCE_COLUMNS = Set.of("ready", "desired", "pending");

  /**
   * @param readings the run's telemetry
   * @param windows [fromMs, toMs] pairs, each inclusive
   * @return what saturated during the windows
   */
  public static Saturation during(List<TelemetryFiles.Reading> readings, List<long[]> windows) {
    if (readings.isEmpty()) return new Saturation(Evidence.NO_TELEMETRY, List.of());
    if (readings.stream().noneMatch(r -> r.values().keySet().stream().anyMatch(c -> !INSTANCE_COLUMNS.contains(c)))) {
      return new Saturation(Evidence.INSTANCES_ONLY, List.of());
    }
    long waits = 0, dsFailures = 0, shed = 0;
    int unhealthy = 0;
    double utilization = 0;
    int covering = 0;
    for (long[] w : windows) {
      List<TelemetryFiles.Reading> in = readings.stream().filter(r -> r.atMs() >= w[0] && r.atMs() <= w[1]).toList();
      covering += in.size();
      for (TelemetryFiles.Reading r : in) {
        if (!Double.isNaN(r.value("unhealthy"))) unhealthy = Math.max(unhealthy, (int) r.value("unhealthy"));
        if (!Double.isNaN(r.value("utilization_now"))) utilization = Math.max(utilization, r.value("utilization_now"));
      }
      shed += delta(in, "shed");
      waits += delta(in, "datastore_waits");
      dsFailures += delta(in, "datastore_failures");
    }
    List<String> findings = new ArrayList<>();
    if (waits > 0 || dsFailures > 0) findings.add("datastore read-concurrency ceiling (" + waits + " reads waited, " + dsFailures + " failed)");
    if (unhealthy > 0) findings.add("health checks took up to " + unhealthy + " instance(s) out of rotation");
    if (shed > 0 || utilization >= FULL_UTILIZATION) {
      findings.add(String.format(Locale.ROOT, "worker slots (utilization up to %.0f%%, %d requests shed)", 100 * utilization, shed));
    }
    if (findings.isEmpty() && covering < 2) return new Saturation(Evidence.NO_TELEMETRY, List.of()); // too few readings to tell calm
    return new Saturation(findings.isEmpty() ? Evidence.NONE_SATURATED : Evidence.SATURATED, List.copyOf(findings));
  }

  /** @return whether the telemetry showed something saturated */
  public boolean saturated() {
    return evidence == Evidence.SATURATED;
  }

  /** @return whether the telemetry could have shown saturation and showed none */
  public boolean noneSaturated() {
    return evidence == Evidence.NONE_SATURATED;
  }

  /** @return the likely bottleneck, in words: the findings, or why it is unknown */
  public String describe() {
    return switch (evidence) {
      case NO_TELEMETRY -> "unknown (no telemetry from the target)";
      case INSTANCES_ONLY -> "unknown (the telemetry reports instances only: no slots, health or datastore)";
      case NONE_SATURATED -> "unknown (the target's telemetry shows no saturation)";
      case SATURATED -> String.join("; ", findings);
    };
  }

  /** @return how much a counter column grew over the readings that have it; 0 when fewer than two do */
  private static long delta(List<TelemetryFiles.Reading> readings, String column) {
    List<Double> v = readings.stream().map(r -> r.value(column)).filter(d -> !Double.isNaN(d)).toList();
    return v.size() < 2 ? 0 : Math.round(v.get(v.size() - 1) - v.get(0));
  }
}
