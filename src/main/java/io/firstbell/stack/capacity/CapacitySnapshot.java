package io.firstbell.stack.capacity;

import java.time.Instant;
import java.util.List;

/** The capacity model's state at one moment, as telemetry reports it. */
public record CapacitySnapshot(
    Instant time,
    boolean enabled,
    int ready,
    int pending,
    int desired,
    int unhealthy,
    int draining,
    int minInstances,
    int maxInstances,
    boolean autoscalerEnabled,
    int slotsPerInstance,
    int slotsInUse,
    int slotsTotal,
    double utilizationNow,
    double utilizationLastInterval,
    int queueLength,
    long served,
    long shed,
    long cancelled,
    long injectedFailures,
    int datastoreInUse,
    int datastoreCeiling,
    long datastoreReads,
    long datastoreWaits,
    long datastoreFailures,
    long events,
    List<CapacityEvent> recentEvents) {}
