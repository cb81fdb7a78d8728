package io.firstbell.stack.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Target-tracking autoscaling decisions, as a pure function of evaluations: above the target
 * utilization for {@code breach-periods} consecutive evaluations, desired = ceil(ready x utilization /
 * target) within [min, max]; below {@code scale-in-below} for {@code scale-in-cooldown}, the same
 * formula scales in. Time comes only from the evaluations' timestamps.
 */
public final class Autoscaler {

  private final CapacitySettings.AutoscalerSettings settings;
  private int desired;
  private int breaches;
  private Instant lowSince;

  /** @param initial the instance count the fleet starts with */
  public Autoscaler(CapacitySettings.AutoscalerSettings settings, int initial) {
    this.settings = settings;
    this.desired = initial;
  }

  /**
   * One evaluation.
   *
   * @param now when it happens
   * @param ready instances serving during the interval just ended
   * @param utilization their average slot utilization over it, 0 to 1
   * @return the decision, if the desired count changes
   */
  public Optional<CapacityEvent> evaluate(Instant now, int ready, double utilization) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    int base = Math.max(ready, 1);
    if (utilization > settings.targetUtilization()) {
      lowSince = null;
      breaches++;
      if (breaches < settings.breachPeriods()) {
        return Optional.empty();
      }
      breaches = 0;
      int want = clamp((int) Math.ceil(base * utilization / settings.targetUtilization() - 1e-9));
      if (want <= desired) {
        return Optional.empty();
      }
      return Optional.of(change(now, "scale-out", want, String.format(
          "utilization %.0f%% above target %.0f%% for %d evaluation(s): %d ready x %.2f / %.2f",
          100 * utilization, 100 * settings.targetUtilization(), settings.breachPeriods(), ready, utilization, settings.targetUtilization())));
    }
    breaches = 0;
    if (utilization >= settings.scaleInBelow()) {
      lowSince = null;
      return Optional.empty();
    }
    if (lowSince == null) {
      lowSince = now;
    }
    if (Duration.between(lowSince, now).compareTo(settings.scaleInCooldown()) < 0 || desired <= settings.minInstances()) {
      return Optional.empty();
    }
    lowSince = now;
    int want = clamp((int) Math.ceil(base * utilization / settings.targetUtilization() - 1e-9));
    if (want >= desired) {
      return Optional.empty();
    }
    return Optional.of(change(now, "scale-in", want, String.format(
        "utilization %.0f%% below %.0f%% for %ds", 100 * utilization, 100 * settings.scaleInBelow(), settings.scaleInCooldown().toSeconds())));
  }

  /** @return the instance count the autoscaler wants now */
  public int desired() {
    return desired;
  }

  private CapacityEvent change(Instant now, String kind, int want, String detail) {
    CapacityEvent event = new CapacityEvent(now, kind, desired, want, detail);
    desired = want;
    return event;
  }

  private int clamp(int n) {
    return Math.max(settings.minInstances(), Math.min(settings.maxInstances(), n));
  }
}
