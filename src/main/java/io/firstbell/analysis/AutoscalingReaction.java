package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles.Instances;
import java.util.ArrayList;
import java.util.List;

/**
 * How the target reacted to a sudden step in load, from recorded facts only: the target's events
 * (scale-out decisions, instances ready, scale-in) and the ledger. Pure.
 */
public final class AutoscalingReaction {


  /**
   * The reaction to the step at {@code stepAtMs}. Durations in seconds from the step; null when the thing never happened.
   *
   * @param recoverySeconds the start of the first run of {@code k} consecutive windows that meet the SLO, from the step
   * @param failedLogins logins scheduled between the step and the recovery that failed
   * @param downWindows windows between the step and the recovery that did not meet the SLO
   * @param instancesBefore ready instances at the step (the last reading before it)
   * @param peakReady the most ready instances from the step to the end
   * @param overProvisionedInstanceSeconds after the drop: instance-seconds ready beyond {@code instancesBefore}, until the end
   * @param backToBaselineSeconds from the drop until ready instances are back to {@code instancesBefore}
   * @param scaleInSeconds from the drop back to the baseline to the first scale-in decision
   */
  public record Reaction(long stepAtMs, Double scaleOutDecisionSeconds, Double capacityReadySeconds, Double recoverySeconds,
      long failedLogins, long downWindows, Integer peakDesired, Integer instancesBefore, Integer peakReady,
      Double overProvisionedInstanceSeconds, Double backToBaselineSeconds, Double scaleInSeconds) {}

  private AutoscalingReaction() {}

  /**
   * @param dropAtMs when the load fell back (for scale-in), or -1
   * @param windowMs the length of the windows the recovery is judged on
   * @param k consecutive windows that must meet the SLO
   */
  public static Reaction of(long stepAtMs, long dropAtMs, List<TargetEvent> events, List<Instances> samples, List<LoginRecord> records,
      SloSettings slo, long windowMs, int k, long endMs) {
    TargetEvent decision = null;
    int peakDesired = 0;
    for (TargetEvent e : events) {
      if (e.kind().equals("scale-out") && e.atMs() >= stepAtMs && (dropAtMs < 0 || e.atMs() < dropAtMs)) {
        if (decision == null) decision = e;
        peakDesired = Math.max(peakDesired, e.to());
      }
    }
    Double ready = null;
    if (decision != null) {
      for (TargetEvent e : events) {
        if (e.kind().equals("instance-ready") && e.atMs() >= decision.atMs() && e.to() >= decision.to()) {
          ready = (e.atMs() - stepAtMs) / 1000.0;
          break;
        }
      }
    }
    Double scaleIn = null;
    if (dropAtMs >= 0) {
      for (TargetEvent e : events) {
        if (e.kind().equals("scale-in") && e.atMs() >= dropAtMs) {
          scaleIn = (e.atMs() - dropAtMs) / 1000.0;
          break;
        }
      }
    }
    // whole windows from the step on, judged on the logins scheduled in them (one pass over the ledger)
    long until = dropAtMs >= 0 ? dropAtMs : endMs;
    int windows = (int) Math.max(0, (until - stepAtMs) / windowMs);
    List<List<LoginRecord>> in = new ArrayList<>();
    for (int i = 0; i < windows; i++) in.add(new ArrayList<>());
    for (LoginRecord r : records) {
      long offset = r.scheduledStartMs() - stepAtMs;
      if (offset >= 0 && offset / windowMs < windows) in.get((int) (offset / windowMs)).add(r);
    }
    List<Boolean> met = new ArrayList<>();
    List<Long> failedIn = new ArrayList<>();
    for (List<LoginRecord> window : in) {
      LoginStats stats = LoginStats.of(window);
      met.add(stats.meets(slo));
      failedIn.add(stats.failed());
    }
    Double recovery = null;
    long failed = 0;
    long down = 0;
    for (int i = 0; i < met.size(); i++) {
      boolean run = i + k <= met.size();
      for (int j = i; run && j < i + k; j++) run = met.get(j);
      if (run) {
        recovery = i * windowMs / 1000.0;
        break;
      }
      failed += failedIn.get(i);
      if (!met.get(i)) down++;
    }
    // the fleet before, at its peak, and what stayed beyond it after the drop
    Integer before = null;
    Integer peakReady = null;
    for (Instances x : samples) {
      if (x.atMs() <= stepAtMs) before = x.ready(); // the last reading before the step ...
      if (x.atMs() >= stepAtMs) peakReady = peakReady == null ? x.ready() : Math.max(peakReady, x.ready());
    }
    if (before == null && !samples.isEmpty()) before = samples.get(0).ready(); // ... or the first, if none came before it
    Double over = null;
    Double back = null;
    if (dropAtMs >= 0 && before != null) {
      double instanceMs = 0;
      for (int i = 0; i < samples.size(); i++) {
        Instances x = samples.get(i);
        long from = Math.max(x.atMs(), dropAtMs);
        long to = Math.min(i + 1 < samples.size() ? samples.get(i + 1).atMs() : endMs, endMs);
        if (to > from) instanceMs += Math.max(0, x.ready() - before) * (double) (to - from);
        if (back == null && x.atMs() >= dropAtMs && x.ready() <= before) back = (x.atMs() - dropAtMs) / 1000.0;
      }
      over = instanceMs / 1000.0;
    }
    return new Reaction(stepAtMs, decision == null ? null : (decision.atMs() - stepAtMs) / 1000.0, ready, recovery, failed, down,
        decision == null ? null : peakDesired, before, peakReady, over, back, scaleIn);
  }
}
