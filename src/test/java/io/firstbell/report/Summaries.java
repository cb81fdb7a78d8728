package io.firstbell.report;

import io.firstbell.results.Summary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Summaries for tests: copies of a summary or of a surge with some fields changed, and the sections a comparison reads. */
final class Summaries {

  private Summaries() {}

  /** The fields of a {@link Summary}, to change and build again. */
  static final class Draft {
    String schema;
    String simulation;
    String target;
    Instant startedAt;
    Instant endedAt;
    Summary.Slo slo;
    Summary.Logins logins;
    Summary.Latency latency;
    Summary.Uptime uptime;
    Summary.Generator generator;
    List<Summary.Second> timeline;
    Summary.WarmUp warmUp;
    Summary.Preflight preflight;
    List<Summary.Failure> failures;
    List<Summary.Step> steps;
    Summary.BreakingPoint breakingPoint;
    List<Summary.Surge> autoscaling;
    String headline;
    Summary.JudgedBy judgedBy;
    boolean passed;
    String wholeRun;
    String verdict;
    Summary.Telemetry telemetry;
    String interrupted;
    Summary.Replay replay;
    List<Summary.ShardSummary> shards;

    private Draft(Summary s) {
      schema = s.schema();
      simulation = s.simulation();
      target = s.target();
      startedAt = s.startedAt();
      endedAt = s.endedAt();
      slo = s.slo();
      logins = s.logins();
      latency = s.latency();
      uptime = s.uptime();
      generator = s.generator();
      timeline = s.timeline();
      warmUp = s.warmUp();
      preflight = s.preflight();
      failures = s.failures();
      steps = s.steps();
      breakingPoint = s.breakingPoint();
      autoscaling = s.autoscaling();
      headline = s.headline();
      judgedBy = s.judgedBy();
      passed = s.passed();
      wholeRun = s.wholeRun();
      verdict = s.verdict();
      telemetry = s.telemetry();
      interrupted = s.interrupted();
      replay = s.replay();
      shards = s.shards();
    }

    private Summary build() {
      return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
          failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
    }
  }

  /** @return {@code s} with the changes {@code change} makes to its fields */
  static Summary with(Summary s, Consumer<Draft> change) {
    Draft d = new Draft(s);
    change.accept(d);
    return d.build();
  }

  /** The fields of a {@link Summary.Surge}, to change and build again. */
  static final class SurgeDraft {
    Instant stepAt;
    double stepOffsetSeconds;
    double dropOffsetSeconds;
    double baselinePerSec;
    double surgePerSec;
    long rampSeconds;
    String telemetry;
    Double scaleOutDecisionSeconds;
    Double capacityReadySeconds;
    Double recoverySeconds;
    long failedLogins;
    long downWindows;
    double windowSeconds;
    Integer instancesBefore;
    Integer peakDesired;
    Integer peakReady;
    Double overProvisionedInstanceSeconds;
    Double backToBaselineSeconds;
    Double scaleInSeconds;
    long scaleOutsBeforeSurge;

    private SurgeDraft(Summary.Surge a) {
      stepAt = a.stepAt();
      stepOffsetSeconds = a.stepOffsetSeconds();
      dropOffsetSeconds = a.dropOffsetSeconds();
      baselinePerSec = a.baselinePerSec();
      surgePerSec = a.surgePerSec();
      rampSeconds = a.rampSeconds();
      telemetry = a.telemetry();
      scaleOutDecisionSeconds = a.scaleOutDecisionSeconds();
      capacityReadySeconds = a.capacityReadySeconds();
      recoverySeconds = a.recoverySeconds();
      failedLogins = a.failedLogins();
      downWindows = a.downWindows();
      windowSeconds = a.windowSeconds();
      instancesBefore = a.instancesBefore();
      peakDesired = a.peakDesired();
      peakReady = a.peakReady();
      overProvisionedInstanceSeconds = a.overProvisionedInstanceSeconds();
      backToBaselineSeconds = a.backToBaselineSeconds();
      scaleInSeconds = a.scaleInSeconds();
      scaleOutsBeforeSurge = a.scaleOutsBeforeSurge();
    }

    private Summary.Surge build() {
      return new Summary.Surge(stepAt, stepOffsetSeconds, dropOffsetSeconds, baselinePerSec, surgePerSec, rampSeconds, telemetry,
          scaleOutDecisionSeconds, capacityReadySeconds, recoverySeconds, failedLogins, downWindows, windowSeconds, instancesBefore, peakDesired,
          peakReady, overProvisionedInstanceSeconds, backToBaselineSeconds, scaleInSeconds, scaleOutsBeforeSurge);
    }
  }

  /** @return {@code a} with the changes {@code change} makes to its fields */
  static Summary.Surge with(Summary.Surge a, Consumer<SurgeDraft> change) {
    SurgeDraft d = new SurgeDraft(a);
    change.accept(d);
    return d.build();
  }

  /**
   * A surge at {@code stepAt}, {@code stepOffsetSeconds} into the run, falling back {@code dropOffsetSeconds} into it, with these
   * reaction times (null: never) and nothing known about the fleet; change the rest with {@link #with(Summary.Surge, Consumer)}.
   */
  static Summary.Surge surge(Instant stepAt, double stepOffsetSeconds, double dropOffsetSeconds, String telemetry, Double decision, Double ready,
      Double recovery) {
    return new Summary.Surge(stepAt, stepOffsetSeconds, dropOffsetSeconds, 0, 0, 0, telemetry, decision, ready, recovery, 0, 0, 0, null, null,
        null, null, null, null, 0);
  }

  /**
   * @return a summary holding only what the baseline comparison reads: the breaking point's highest sustained rate (null: no
   *     search), the p95 login time, the uptime and the success ratio
   */
  static Summary compared(String schema, Double maxSustainablePerSec, long p95Ms, double uptimePercent, double successRatio) {
    return new Summary(schema, "SomeSimulation", "reference", null, null, null,
        new Summary.Logins(0, 0, 0, 0, successRatio, Map.of(), Map.of(), Map.of(), Map.of()), new Summary.Latency(p95Ms, p95Ms, p95Ms),
        new Summary.Uptime(60, 0.1, 0, 0, 0, 0, uptimePercent, "", null), null, List.of(), null, null, List.of(), null,
        maxSustainablePerSec == null ? null : breakingPoint(maxSustainablePerSec), null, null, Summary.JudgedBy.SLO, true, null, null, null, null, null, null);
  }

  /** @return a search's answer that found {@code maxSustainablePerSec} and nothing else */
  static Summary.BreakingPoint breakingPoint(double maxSustainablePerSec) {
    return new Summary.BreakingPoint(true, maxSustainablePerSec, null, null, null, null, "unknown", "refined to within the precision", 0);
  }
}
