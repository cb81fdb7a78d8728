package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The autoscaler as a pure function of its evaluations: breach counting, target tracking, clamping, scale-in cooldown. */
class AutoscalerTest {

  private static final Instant T0 = Instant.parse("2018-03-05T07:30:00Z");

  /** The reference defaults: min 2, max 4, target 0.6, 2 breaches, scale in below 0.3 held for 60 s. */
  private static CapacitySettings.AutoscalerSettings settings(boolean enabled, int min, int max, int breaches) {
    return new CapacitySettings.AutoscalerSettings(enabled, min, max, Duration.ofSeconds(5), 0.6, breaches,
        Duration.ofSeconds(15), 0.3, Duration.ofSeconds(60));
  }

  private static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Asserts that the evaluation at {@code at} decides {@code kind} from {@code from} to {@code to} instances, stamped {@code at}. */
  private static void assertDecision(Autoscaler a, Instant at, int ready, double utilization, String kind, int from, int to,
      String detail) {
    Optional<CapacityEvent> decision = a.evaluate(at, ready, utilization);
    assertTrue(decision.isPresent(), () -> "expected a " + kind + " decision at " + at);
    assertEquals(new CapacityEvent(at, kind, from, to, detail), decision.get());
  }

  /** Asserts that the evaluation at {@code at} decides nothing. */
  private static void assertNone(Autoscaler a, Instant at, int ready, double utilization) {
    assertEquals(Optional.empty(), a.evaluate(at, ready, utilization), () -> "no decision expected at " + at);
  }

  /** Asserts that evaluations every 5 s from {@code fromSeconds} to {@code toSeconds}, both included, decide nothing. */
  private static void assertNoneEvery5s(Autoscaler a, long fromSeconds, long toSeconds, int ready, double utilization) {
    for (long s = fromSeconds; s <= toSeconds; s += 5) {
      assertNone(a, t(s), ready, utilization);
    }
  }

  @Test
  void scalesOutOnlyAfterBreachPeriodsConsecutiveEvaluationsAboveTargetAtTheDecidingEvaluationsTime() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 2);

    assertNone(a, t(5), 2, 0.9);
    assertEquals(2, a.desired());
    // 2 ready x 0.9 / 0.6 = 3 exactly: not rounded up to 4
    assertDecision(a, t(10), 2, 0.9, "scale-out", 2, 3,
        "utilization 90% above target 60% for 2 evaluation(s): 2 ready x 0.90 / 0.60");
    assertEquals(3, a.desired());
  }

  @Test
  void desiredIsTheCeilingOfReadyTimesUtilizationOverTarget() {
    Autoscaler a = new Autoscaler(settings(true, 2, 10, 1), 2);

    // 2 x 1.0 / 0.6 = 3.33 -> 4
    assertDecision(a, t(5), 2, 1.0, "scale-out", 2, 4,
        "utilization 100% above target 60% for 1 evaluation(s): 2 ready x 1.00 / 0.60");
    // 4 x 0.7 / 0.6 = 4.67 -> 5
    assertDecision(a, t(10), 4, 0.7, "scale-out", 4, 5,
        "utilization 70% above target 60% for 1 evaluation(s): 4 ready x 0.70 / 0.60");
  }

  @Test
  void desiredIsClampedToMaxInstances() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 1), 2);

    // 2 x 1.0 / 0.6 -> 4, which is the maximum
    assertDecision(a, t(5), 2, 1.0, "scale-out", 2, 4,
        "utilization 100% above target 60% for 1 evaluation(s): 2 ready x 1.00 / 0.60");

    Autoscaler b = new Autoscaler(settings(true, 2, 4, 1), 3);
    // 3 x 1.0 / 0.6 = 5 -> clamped to 4
    assertDecision(b, t(5), 3, 1.0, "scale-out", 3, 4,
        "utilization 100% above target 60% for 1 evaluation(s): 3 ready x 1.00 / 0.60");
    // at the maximum: no further decision however hot
    assertNoneEvery5s(b, 10, 50, 4, 1.0);
    assertEquals(4, b.desired());
  }

  @Test
  void aDipBelowTargetResetsTheBreachCount() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 2);

    assertNone(a, t(5), 2, 0.9);
    assertNone(a, t(10), 2, 0.5); // below target (but above scale-in-below): the count starts again
    assertNone(a, t(15), 2, 0.9);
    assertDecision(a, t(20), 2, 0.9, "scale-out", 2, 3,
        "utilization 90% above target 60% for 2 evaluation(s): 2 ready x 0.90 / 0.60");
  }

  @Test
  void utilizationExactlyAtTargetIsNotABreach() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 1), 2);

    assertNoneEvery5s(a, 5, 25, 2, 0.6);
    assertEquals(2, a.desired());
  }

  @Test
  void noRepeatedScaleOutWhileDesiredAlreadyCoversWhatTheReadyInstancesNeed() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 2);
    assertNone(a, t(5), 2, 0.9);
    assertDecision(a, t(10), 2, 0.9, "scale-out", 2, 3,
        "utilization 90% above target 60% for 2 evaluation(s): 2 ready x 0.90 / 0.60");

    // the third instance is still provisioning: 2 ready stay hot, but want (3) <= desired (3)
    assertNoneEvery5s(a, 15, 40, 2, 0.9);
    assertEquals(3, a.desired());

    // once it is ready and still hot: 3 x 0.9 / 0.6 = 4.5 -> 5, clamped to 4, after two breaches again
    assertNone(a, t(45), 3, 0.9);
    assertDecision(a, t(50), 3, 0.9, "scale-out", 3, 4,
        "utilization 90% above target 60% for 2 evaluation(s): 3 ready x 0.90 / 0.60");
  }

  @Test
  void scalesInOnlyOnceUtilizationStaysBelowScaleInBelowForTheCooldown() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 3);

    assertNone(a, t(0), 3, 0.1); // low since t0
    assertNoneEvery5s(a, 5, 55, 3, 0.1);
    assertNone(a, T0.plusMillis(59_999), 3, 0.1);
    // 3 x 0.1 / 0.6 = 0.5 -> 1, clamped to min 2
    assertDecision(a, t(60), 3, 0.1, "scale-in", 3, 2, "utilization 10% below 30% for 60s");
    assertEquals(2, a.desired());
  }

  @Test
  void eachScaleInNeedsAFreshCooldown() {
    Autoscaler a = new Autoscaler(settings(true, 1, 4, 2), 4);

    assertNone(a, t(0), 4, 0.25);
    // 4 x 0.25 / 0.6 = 1.67 -> 2
    assertDecision(a, t(60), 4, 0.25, "scale-in", 4, 2, "utilization 25% below 30% for 60s");
    // 2 x 0.25 / 0.6 = 0.83 -> 1, but only a full cooldown after the last decision
    assertNone(a, t(65), 2, 0.25);
    assertNone(a, t(115), 2, 0.25);
    assertDecision(a, t(120), 2, 0.25, "scale-in", 2, 1, "utilization 25% below 30% for 60s");
  }

  @Test
  void utilizationBetweenScaleInBelowAndTargetRestartsTheCooldown() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 3);

    assertNone(a, t(0), 3, 0.1);
    assertNone(a, t(30), 3, 0.4); // not low any more
    assertNone(a, t(60), 3, 0.1); // low again since t60
    assertNone(a, t(90), 3, 0.1);
    assertNone(a, t(119), 3, 0.1);
    assertDecision(a, t(120), 3, 0.1, "scale-in", 3, 2, "utilization 10% below 30% for 60s");
  }

  @Test
  void aBreachAboveTargetRestartsTheCooldown() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 3);

    assertNone(a, t(0), 3, 0.1);
    assertNone(a, t(30), 3, 0.9); // one breach (of two): no scale-out, but no longer low
    assertNone(a, t(60), 3, 0.1);
    assertNone(a, t(119), 3, 0.1);
    assertDecision(a, t(120), 3, 0.1, "scale-in", 3, 2, "utilization 10% below 30% for 60s");
  }

  @Test
  void neverScalesInBelowMinInstances() {
    Autoscaler a = new Autoscaler(settings(true, 2, 4, 2), 2);

    assertNoneEvery5s(a, 0, 600, 2, 0.0);
    assertEquals(2, a.desired());
  }

  @Test
  void aDisabledAutoscalerNeverDecides() {
    Autoscaler a = new Autoscaler(settings(false, 2, 4, 1), 2);

    assertNoneEvery5s(a, 0, 100, 2, 1.0);
    assertNoneEvery5s(a, 105, 300, 2, 0.0);
    assertEquals(2, a.desired());
  }
}
