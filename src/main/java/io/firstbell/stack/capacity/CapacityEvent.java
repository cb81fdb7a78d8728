package io.firstbell.stack.capacity;

import java.time.Instant;

/**
 * One thing the capacity model did, with its time: an autoscaler decision, an instance becoming
 * ready or leaving, an instance leaving or rejoining rotation.
 *
 * @param kind {@code scale-out}, {@code scale-in}, {@code instance-ready}, {@code instance-removed},
 *     {@code unhealthy} or {@code healthy}
 * @param from the desired (decisions) or ready (instance events) count before
 * @param to the count after
 * @param detail a sentence for people
 */
public record CapacityEvent(Instant at, String kind, int from, int to, String detail) {}
