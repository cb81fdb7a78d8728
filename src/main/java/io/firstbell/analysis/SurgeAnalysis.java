package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A surge's results from what its run folder records: the target's reaction ({@link AutoscalingReaction}) from its events,
 * its instance readings and the ledger, and the headline. The run is judged by the reaction: it passes once the SLO
 * recovered after the surge. Pure.
 */
public final class SurgeAnalysis {

  private SurgeAnalysis() {}

  /** @return {@code base} with the surge's reaction and headline, judged by the reaction */
  public static Summary summarize(Summary base, RunRecord.Surge surge, List<LoginRecord> records, List<TargetEvent> events,
      List<TelemetryFiles.Instances> instances, SloSettings slo) {
    long startedAt = base.startedAt().toEpochMilli();
    long endedAt = base.endedAt().toEpochMilli();
    AutoscalingReaction.Reaction r = AutoscalingReaction.of(surge.stepAtMs(), surge.dropAtMs(), events, instances, records, slo, surge.windowMs(),
        surge.recoveryWindows(), endedAt);
    // the reaction is measured from telemetry only if some reading covers the surge: a source that failed throughout tells nothing,
    // and its silence must read as "unknown", not as "never scaled"
    boolean measured = instances.stream().anyMatch(x -> x.atMs() >= surge.stepAtMs() && x.atMs() <= endedAt);
    long early = events.stream().filter(e -> e.kind().equals("scale-out") && e.atMs() < surge.stepAtMs()).count();
    Summary.Surge s = new Summary.Surge(Instant.ofEpochMilli(r.stepAtMs()), Math.round((surge.stepAtMs() - startedAt) / 100.0) / 10.0,
        Math.round((surge.dropAtMs() - startedAt) / 100.0) / 10.0, surge.baselinePerSec(), surge.surgePerSec(), surge.rampSeconds(),
        measured ? surge.telemetrySource() : Summary.Surge.NO_TELEMETRY, tenth(r.scaleOutDecisionSeconds()), tenth(r.capacityReadySeconds()),
        tenth(r.recoverySeconds()), r.failedLogins(), r.downWindows(), surge.windowMs() / 1000.0, r.instancesBefore(), r.peakDesired(),
        r.peakReady(), tenth(r.overProvisionedInstanceSeconds()), tenth(r.backToBaselineSeconds()), tenth(r.scaleInSeconds()), early);
    String line = !measured
        ? String.format(Locale.ROOT, "Autoscaling (" + (Summary.Surge.NO_TELEMETRY.equals(surge.telemetrySource()) ? "no telemetry"
            : "no telemetry reading during the surge") + ": from the ledger alone): SLO recovered after %s; "
            + "%d logins failed and %d windows were down meanwhile.", secs(r.recoverySeconds()), r.failedLogins(), r.downWindows())
        : String.format(Locale.ROOT, "Autoscaling: scale-out decided %s after the surge, capacity ready after %s, SLO recovered after %s; "
            + "%d logins failed and %d windows were down meanwhile; scaled in %s after the drop%s.",
        secs(r.scaleOutDecisionSeconds()), secs(r.capacityReadySeconds()), secs(r.recoverySeconds()), r.failedLogins(), r.downWindows(),
        secs(r.scaleInSeconds()), r.overProvisionedInstanceSeconds() == null ? ""
            : String.format(Locale.ROOT, ", %.0f instance-seconds beyond the %d instances before the surge", r.overProvisionedInstanceSeconds(),
                r.instancesBefore()));
    // the surge breaks the SLO on purpose: the run is judged by its reaction, and fails only when the SLO never recovered
    return base.withAutoscaling(List.of(s)).judged(line, Summary.JudgedBy.REACTION, r.recoverySeconds() != null);
  }

  private static Double tenth(Double v) {
    return v == null ? null : Math.round(v * 10) / 10.0;
  }

  private static String secs(Double v) {
    return v == null ? "never" : String.format(Locale.ROOT, "%.1f s", v);
  }
}
