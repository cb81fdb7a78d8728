package io.firstbell.simulations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.AutoscalingReaction;
import io.firstbell.config.Checks;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.LoadPlan;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles;
import io.firstbell.telemetry.TelemetrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast does autoscaling react? A baseline of student logins, a sudden step (baseline x multiplier),
 * a hold, then back to the baseline to watch scale-in. From the target's events and the ledger: time
 * to the scale-out decision, until the new capacity is ready, until the SLO has recovered, and what the
 * surge cost. {@code firstbell.load.autoscaling}.
 */
public class AutoscalingSimulation extends FirstBellSimulation {

  // parameters
  private final Checks load = new Checks(config, "firstbell.load.autoscaling");
  private final double baseline = load.positive("baseline");
  private final double multiplier = load.positive("multiplier");
  private final double slope = load.nonNegative("slope");
  private final Duration beforeSurge = load.positiveDuration("warm-up");
  private final Duration hold = load.positiveDuration("hold");
  private final Duration after = load.positiveDuration("after");
  private final Duration window = load.positiveDuration("window");
  private final int recoveryWindows = load.between("recovery-windows", 1, 100);
  private final List<String> personas = personas(config.getStringList("firstbell.load.autoscaling.personas"));
  private final LoadPlan plan = surge(baseline, baseline * multiplier, slope, beforeSurge, hold, after);
  private final Duration ramp = slope > 0 ? Duration.ofSeconds((long) Math.ceil(baseline * (multiplier - 1) / slope)) : Duration.ZERO;

  // scenarios and setUp (journeys, protocol: FirstBellSimulation)
  {
    run(loginMix("Users log in before, during and after a surge", personas), plan);
  }

  /**
   * The plan: the baseline, then up to the surge at once ({@code slope} 0) or at {@code slope} logins/s per
   * second (played as one-second steps), the surge held, then the baseline again.
   */
  static LoadPlan surge(double baseline, double peak, double slope, Duration beforeSurge, Duration hold, Duration after) {
    List<LoadPlan.Segment> s = new ArrayList<>();
    s.add(new LoadPlan.Segment(baseline, beforeSurge));
    if (slope > 0) {
      long seconds = (long) Math.ceil((peak - baseline) / slope);
      for (long i = 0; i < seconds; i++) s.add(new LoadPlan.Segment(Math.min(peak, baseline + slope * (i + 0.5)), Duration.ofSeconds(1)));
    }
    s.add(new LoadPlan.Segment(peak, hold));
    s.add(new LoadPlan.Segment(baseline, after));
    return new LoadPlan(s);
  }

  static List<String> personas(List<String> configured) {
    if (configured.isEmpty() || !List.of("student", "teacher").containsAll(configured)) {
      throw new io.firstbell.config.SettingsException("firstbell.load.autoscaling.personas is " + configured
          + " but must name student, teacher or both, e.g. [student, teacher] (their shares come from firstbell.population.student-share)");
    }
    return List.copyOf(new java.util.LinkedHashSet<>(configured));
  }

  /** The warm-up is never above the baseline: a warm-up that made the target scale out would spoil the surge's reaction. */
  @Override
  protected double warmUpCap(LoadPlan plan) {
    return baseline;
  }

  @Override
  protected String failedBecause() {
    return "the SLO never recovered after the surge";
  }

  @Override
  protected String describeLoad() {
    return String.format(Locale.ROOT, "%s at %.1f logins/s for %d s, then %s to %.1f logins/s held %d s, then %.1f logins/s for %d s",
        String.join(" and ", personas.stream().map(p -> p + "s").toList()), baseline, beforeSurge.toSeconds(),
        slope > 0 ? String.format(Locale.ROOT, "a ramp of %.1f logins/s per second (%d s)", slope, ramp.toSeconds()) : "a sudden step",
        baseline * multiplier, hold.toSeconds(), baseline, after.toSeconds());
  }

  @Override
  protected void addToSummary(ObjectNode summary) {
    long startedAt = Instant.parse(summary.path("startedAt").asText()).toEpochMilli();
    long stepAt = loadStart() + beforeSurge.toMillis();
    long dropAt = stepAt + ramp.toMillis() + hold.toMillis();
    List<TargetEvent> events;
    List<TelemetryFiles.Instances> samples;
    try {
      events = TelemetryFiles.events(recorder.folder());
      samples = TelemetryFiles.instances(recorder.folder());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the telemetry of " + recorder.folder() + ": " + e.getMessage(), e);
    }
    List<LoginRecord> records = ledger.records();
    AutoscalingReaction.Reaction r = AutoscalingReaction.of(stepAt, dropAt, events, samples, records, slo(),
        window.toMillis(), recoveryWindows, Instant.parse(summary.path("endedAt").asText()).toEpochMilli());
    ObjectNode step = summary.putArray("autoscaling").addObject();
    step.put("stepAt", Instant.ofEpochMilli(r.stepAtMs()).toString());
    step.put("stepOffsetSeconds", Math.round((stepAt - startedAt) / 100.0) / 10.0);
    step.put("dropOffsetSeconds", Math.round((dropAt - startedAt) / 100.0) / 10.0);
    step.put("baselinePerSec", baseline);
    step.put("surgePerSec", baseline * multiplier);
    step.put("rampSeconds", ramp.toSeconds());
    // the reaction is measured from telemetry only if some reading covers the surge: a source that failed throughout
    // tells nothing, and its silence must read as "unknown", not as "never scaled"
    long endedAt = Instant.parse(summary.path("endedAt").asText()).toEpochMilli();
    boolean measured = samples.stream().anyMatch(x -> x.atMs() >= stepAt && x.atMs() <= endedAt);
    step.put("telemetry", measured ? telemetry.source().name().toLowerCase(Locale.ROOT) : "none");
    put(step, "scaleOutDecisionSeconds", r.scaleOutDecisionSeconds());
    put(step, "capacityReadySeconds", r.capacityReadySeconds());
    put(step, "recoverySeconds", r.recoverySeconds());
    step.put("failedLogins", r.failedLogins());
    step.put("downWindows", r.downWindows());
    step.put("windowSeconds", window.toMillis() / 1000.0);
    putInt(step, "instancesBefore", r.instancesBefore());
    putInt(step, "peakDesired", r.peakDesired());
    putInt(step, "peakReady", r.peakReady());
    put(step, "overProvisionedInstanceSeconds", r.overProvisionedInstanceSeconds());
    put(step, "backToBaselineSeconds", r.backToBaselineSeconds());
    put(step, "scaleInSeconds", r.scaleInSeconds());
    long early = events.stream().filter(e -> e.kind().equals("scale-out") && e.atMs() < stepAt).count();
    step.put("scaleOutsBeforeSurge", early);
    if (early > 0) {
      System.out.println("FirstBell: WARNING the target scaled out " + early + " time(s) before the surge, at the baseline: its reaction is measured from "
          + r.instancesBefore() + " instances; lower firstbell.load.autoscaling.baseline below the autoscaler's target utilization");
    }
    String line = !measured
        ? String.format(Locale.ROOT, "Autoscaling (" + (telemetry.source() == TelemetrySettings.Source.NONE ? "no telemetry"
            : "no telemetry reading during the surge") + ": from the ledger alone): SLO recovered after %s; "
            + "%d logins failed and %d windows were down meanwhile.", secs(r.recoverySeconds()), r.failedLogins(), r.downWindows())
        : String.format(Locale.ROOT, "Autoscaling: scale-out decided %s after the surge, capacity ready after %s, SLO recovered after %s; "
            + "%d logins failed and %d windows were down meanwhile; scaled in %s after the drop%s.",
        secs(r.scaleOutDecisionSeconds()), secs(r.capacityReadySeconds()), secs(r.recoverySeconds()), r.failedLogins(), r.downWindows(),
        secs(r.scaleInSeconds()), r.overProvisionedInstanceSeconds() == null ? ""
            : String.format(Locale.ROOT, ", %.0f instance-seconds beyond the %d instances before the surge", r.overProvisionedInstanceSeconds(), r.instancesBefore()));
    summary.put("headline", line);
    // the surge breaks the SLO on purpose: the run is judged by its reaction, and fails only when the SLO never recovered
    summary.put("judgedBy", "reaction");
    summary.put("passed", r.recoverySeconds() != null);
  }

  private static void putInt(ObjectNode node, String field, Integer v) {
    if (v == null) node.putNull(field); else node.put(field, v);
  }

  private static void put(ObjectNode node, String field, Double v) {
    if (v == null) node.putNull(field); else node.put(field, Math.round(v * 10) / 10.0);
  }

  private static String secs(Double v) {
    return v == null ? "never" : String.format(Locale.ROOT, "%.1f s", v);
  }
}
