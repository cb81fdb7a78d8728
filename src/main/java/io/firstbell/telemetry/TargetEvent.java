package io.firstbell.telemetry;

/**
 * A change in the target's capacity: {@code scale-out} and {@code scale-in} (desired instances, from → to),
 * {@code instance-ready} and {@code instance-removed} (ready instances), {@code unhealthy} and {@code healthy}.
 *
 * @param atMs when (epoch ms)
 */
public record TargetEvent(long atMs, String kind, int from, int to, String detail) {}
