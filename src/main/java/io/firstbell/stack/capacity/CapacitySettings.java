package io.firstbell.stack.capacity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The reference stack's capacity model ({@code firstbell.stack.capacity}); immutable, validated when built. */
public record CapacitySettings(
    boolean enabled,
    int initialInstances,
    int slots,
    int queue,
    Duration queueTimeout,
    Map<String, Duration> serviceTimes,
    Duration defaultServiceTime,
    int datastoreCeiling,
    Duration readTime,
    Duration datastoreWaitTimeout,
    SharingLookup sharingLookup,
    boolean timeouts,
    Duration requestTimeout,
    HealthMode healthMode,
    Duration healthInterval,
    Duration unhealthyFor,
    Duration stuckAfter,
    AutoscalerSettings autoscaler,
    String testFailureEndpoint,
    double testFailureShare) {

  /** How the dashboard finds the apps shared with a user. */
  public enum SharingLookup {
    /** One query for all of the district's rules. */
    EFFICIENT,
    /** One query per sharing rule of the district: cost grows with the rules, as in the 2018 outage. */
    PER_RULE
  }

  /** When an instance is taken out of rotation. */
  public enum HealthMode {
    /** Only when truly stuck: every slot busy and nothing completed for {@code stuck-after}. */
    TOLERANT,
    /** As soon as its share of the datastore ceiling is exhausted, for {@code unhealthy-for}. */
    STRICT
  }

  /** The autoscaler's control loop. */
  public record AutoscalerSettings(
      boolean enabled,
      int minInstances,
      int maxInstances,
      Duration evaluationInterval,
      double targetUtilization,
      int breachPeriods,
      Duration provisioningDelay,
      double scaleInBelow,
      Duration scaleInCooldown) {}

  /**
   * Reads {@code firstbell.stack.capacity}.
   *
   * @return the settings
   * @throws SettingsException naming the offending key
   */
  public static CapacitySettings from(Config config) {
    String area = "firstbell.stack.capacity";
    Checks c = new Checks(config, area);
    Map<String, Duration> serviceTimes = new TreeMap<>();
    Duration defaultServiceTime = c.nonNegativeDuration("service-times.default");
    for (Map.Entry<String, ConfigValue> e : config.getConfig(area + ".service-times").entrySet()) {
      if (!e.getKey().equals("default")) {
        serviceTimes.put(e.getKey(), c.nonNegativeDuration("service-times." + e.getKey()));
      }
    }
    Checks a = new Checks(config, area + ".autoscaler");
    int min = a.atLeast("min-instances", 1);
    int max = a.between("max-instances", 1, 1000);
    if (max < min) {
      throw new SettingsException(a.full("max-instances") + " is " + max + " but must be at least " + a.full("min-instances") + " (" + min + ")");
    }
    double target = a.fraction("target-utilization");
    double scaleInBelow = a.fraction("scale-in-below");
    if (target <= 0) {
      throw new SettingsException(a.full("target-utilization") + " is " + target + " but must be greater than 0");
    }
    if (scaleInBelow >= target) {
      throw new SettingsException(a.full("scale-in-below") + " is " + scaleInBelow + " but must be below "
          + a.full("target-utilization") + " (" + target + "), or the autoscaler would flap");
    }
    boolean autoscalerEnabled = a.onOff("enabled");
    int initial = c.between("instances.initial", 1, 1000);
    if (autoscalerEnabled && (initial < min || initial > max)) {
      throw new SettingsException(c.full("instances.initial") + " is " + initial + " but must lie between "
          + a.full("min-instances") + " (" + min + ") and " + a.full("max-instances") + " (" + max + ") while the autoscaler is on");
    }
    String failureEndpoint = config.getString(area + ".test-failures.endpoint").trim();
    return new CapacitySettings(
        c.onOff("enabled"),
        initial,
        c.between("instances.slots", 1, 10_000),
        c.atLeast("instances.queue", 0),
        c.positiveDuration("instances.queue-timeout"),
        Map.copyOf(serviceTimes),
        defaultServiceTime,
        c.between("datastore.max-concurrent-reads", 1, 100_000),
        c.nonNegativeDuration("datastore.read-time"),
        c.positiveDuration("datastore.wait-timeout"),
        c.choice("datastore.sharing-lookup", SharingLookup.class),
        c.onOff("timeouts"),
        c.positiveDuration("request-timeout"),
        c.choice("health-checks.mode", HealthMode.class),
        c.positiveDuration("health-checks.interval"),
        c.positiveDuration("health-checks.unhealthy-for"),
        c.positiveDuration("health-checks.stuck-after"),
        new AutoscalerSettings(
            autoscalerEnabled, min, max,
            a.positiveDuration("evaluation-interval"),
            target,
            a.between("breach-periods", 1, 1000),
            a.nonNegativeDuration("provisioning-delay"),
            scaleInBelow,
            a.positiveDuration("scale-in-cooldown")),
        failureEndpoint,
        c.fraction("test-failures.share"));
  }

  /** @return the modelled service time of an endpoint */
  public Duration serviceTime(String endpoint) {
    return serviceTimes.getOrDefault(endpoint, defaultServiceTime);
  }

  /** @return the most instances there can be: the autoscaler's maximum, or the fixed count */
  public int maxInstances() {
    return autoscaler.enabled() ? autoscaler.maxInstances() : initialInstances;
  }

  /** @return HTTP worker threads the model can hold at once: every slot and queue place of every instance */
  public int threadsNeeded() {
    return maxInstances() * (slots + queue);
  }
}
