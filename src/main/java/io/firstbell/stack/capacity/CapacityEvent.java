package io.firstbell.stack.capacity;

import java.time.Instant;

/**
 * One thing the capacity model did, with its time: an autoscaler decision, an instance becoming
 * ready or leaving, an instance leaving or rejoining rotation.
 *
 * @param kind {@code scale-out}, {@code scale-in}, {@code instance-ready}, {@code instance-removed},
 *     {@code unhealthy} or {@code healthy}
 * @param from the count before: desired instances (decisions), ready instances ({@code instance-ready}), instances in the
 *     fleet, draining ones included ({@code instance-removed}), healthy instances ({@code unhealthy}, {@code healthy})
 * @param to the count after
 * @param detail a sentence for people
 */
public record CapacityEvent(Instant at, String kind, int from, int to, String detail) {}
