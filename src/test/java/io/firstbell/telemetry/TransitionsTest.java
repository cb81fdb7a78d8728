package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Capacity events derived from two consecutive readings of {ready, desired}: desired up/down is a
 * scale-out/scale-in decision, ready up/down an instance ready/removed, each timed at the later reading.
 */
class TransitionsTest {

  private static final long AT = 1_800_000_000_123L;

  private static List<TargetEvent> between(int readyBefore, int desiredBefore, int readyAfter, int desiredAfter) {
    return Transitions.between(new int[] {readyBefore, desiredBefore}, new int[] {readyAfter, desiredAfter}, AT, "prometheus");
  }

  @Test
  void theFirstReadingShowsNoChange() {
    assertEquals(List.of(), Transitions.between(null, new int[] {3, 4}, AT, "prometheus"));
  }

  @Test
  void unchangedCountsGiveNoEvents() {
    assertEquals(List.of(), between(2, 3, 2, 3));
  }

  @Test
  void desiredUpIsAScaleOutDecision() {
    assertEquals(List.of(new TargetEvent(AT, "scale-out", 2, 4, "desired up in prometheus")), between(2, 2, 2, 4));
  }

  @Test
  void desiredDownIsAScaleInDecision() {
    assertEquals(List.of(new TargetEvent(AT, "scale-in", 4, 2, "desired down in prometheus")), between(2, 4, 2, 2));
  }

  @Test
  void readyUpIsAnInstanceReadyWithTheWholeStepInOneEvent() {
    assertEquals(List.of(new TargetEvent(AT, "instance-ready", 2, 4, "ready up in prometheus")), between(2, 4, 4, 4));
  }

  @Test
  void readyDownIsAnInstanceRemoved() {
    assertEquals(List.of(new TargetEvent(AT, "instance-removed", 3, 2, "ready down in prometheus")), between(3, 2, 2, 2));
  }

  @Test
  void bothChangingGivesTheDecisionFirstThenTheInstanceEvent() {
    assertEquals(List.of(new TargetEvent(AT, "scale-out", 2, 3, "desired up in prometheus"),
        new TargetEvent(AT, "instance-ready", 2, 3, "ready up in prometheus")), between(2, 2, 3, 3));
    assertEquals(List.of(new TargetEvent(AT, "scale-in", 3, 2, "desired down in prometheus"),
        new TargetEvent(AT, "instance-removed", 3, 2, "ready down in prometheus")), between(3, 3, 2, 2));
  }

  @Test
  void readyAndDesiredMovingOppositeWaysGiveOneEventEach() {
    // the autoscaler scales in while a pending instance becomes ready
    assertEquals(List.of(new TargetEvent(AT, "scale-in", 4, 3, "desired down in mesh"),
        new TargetEvent(AT, "instance-ready", 2, 3, "ready up in mesh")),
        Transitions.between(new int[] {2, 4}, new int[] {3, 3}, AT, "mesh"));
  }
}
