package io.firstbell.telemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * Capacity events from two consecutive readings of ready and desired instances, for sources that report
 * counts but not events (Prometheus): desired up is a scale-out decision, desired down a scale-in, ready
 * up an instance ready, ready down an instance removed. Each is timed at the reading that showed it. Pure.
 */
public final class Transitions {

  private Transitions() {}

  /**
   * @param before the previous reading's {ready, desired}, or null for the first reading (which shows no change)
   * @param after this reading's {ready, desired}
   * @return the changes, decisions first
   */
  public static List<TargetEvent> between(int[] before, int[] after, long atMs, String origin) {
    List<TargetEvent> events = new ArrayList<>();
    if (before == null) return events;
    if (after[1] > before[1]) events.add(new TargetEvent(atMs, "scale-out", before[1], after[1], "desired up in " + origin));
    if (after[1] < before[1]) events.add(new TargetEvent(atMs, "scale-in", before[1], after[1], "desired down in " + origin));
    if (after[0] > before[0]) events.add(new TargetEvent(atMs, "instance-ready", before[0], after[0], "ready up in " + origin));
    if (after[0] < before[0]) events.add(new TargetEvent(atMs, "instance-removed", before[0], after[0], "ready down in " + origin));
    return events;
  }
}
