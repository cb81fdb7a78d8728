package io.firstbell.shard;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which shard of a run this injector is ({@code firstbell.shard}); immutable, validated before any load.
 *
 * @param index this shard, from 0: {@code index}, or the {@code JOB_COMPLETION_INDEX} a Kubernetes Indexed Job gives its pod
 * @param count the shards in all
 * @param startAt when every shard starts its plan, or null for at once
 * @param lateTolerance how much later than {@code startAt} a shard may start before it says so
 * @param telemetryShard the shard that polls the target's telemetry (the others do not)
 * @param runId the run every shard belongs to, or empty for one named after start-at
 * @param lead how long before start-at a shard stops waiting, to send its preflight (its first arrivals then wait for their slots)
 */
public record ShardSettings(int index, int count, Instant startAt, Duration lateTolerance, int telemetryShard, String runId, Duration lead) {

  /** The environment variable a Kubernetes Indexed Job sets to its pod's index. */
  public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  /** A run of one injector. */
  public static final ShardSettings SINGLE = new ShardSettings(0, 1, null, Duration.ofSeconds(2), 0, "", Duration.ofSeconds(10));

  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.:]{0,99}");

  /**
   * Reads {@code firstbell.shard}.
   *
   * @param env the environment (for {@value #JOB_COMPLETION_INDEX})
   * @throws SettingsException naming the key and the fix
   */
  public static ShardSettings from(Config config, Map<String, String> env) {
    Checks c = new Checks(config, "firstbell.shard");
    int count = c.between("count", 1, 1000);
    String indexSetting = config.getString("firstbell.shard.index").trim();
    int index;
    if (indexSetting.equalsIgnoreCase("auto")) {
      String fromEnv = env.get(JOB_COMPLETION_INDEX);
      if (fromEnv == null || fromEnv.isBlank()) {
        index = 0;
      } else {
        try {
          index = Integer.parseInt(fromEnv.trim());
        } catch (NumberFormatException e) {
          throw new SettingsException("The environment variable " + JOB_COMPLETION_INDEX + " is '" + fromEnv + "', which is not a shard index; "
              + "set firstbell.shard.index instead");
        }
      }
    } else {
      try {
        index = Integer.parseInt(indexSetting);
      } catch (NumberFormatException e) {
        throw new SettingsException(c.full("index") + " is '" + indexSetting + "' but must be a whole number from 0, or auto ("
            + JOB_COMPLETION_INDEX + " when set, else 0)");
      }
    }
    if (index < 0 || index >= count) {
      throw new SettingsException("This injector is shard " + index + " (" + c.full("index") + " or " + JOB_COMPLETION_INDEX + ") but "
          + c.full("count") + " is " + count + ": the index must be from 0 to " + (count - 1));
    }
    String start = config.getString("firstbell.shard.start-at").trim();
    Instant startAt;
    try {
      startAt = start.isEmpty() ? null : Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw new SettingsException(c.full("start-at") + " is '" + start + "' but must be an instant such as 2026-09-08T11:00:00Z, or empty");
    }
    int telemetry = c.between("telemetry", 0, 999);
    if (telemetry >= count) {
      throw new SettingsException(c.full("telemetry") + " is " + telemetry + " but there are " + count + " shards (0 to " + (count - 1)
          + "); name the one that polls the target's telemetry");
    }
    String runId = config.getString("firstbell.shard.run-id").trim();
    if (!runId.isEmpty() && !RUN_ID.matcher(runId).matches()) {
      throw new SettingsException(c.full("run-id") + " is '" + runId + "' but must be letters, digits, '-', '_', '.' and ':' (at most 100), "
          + "e.g. bts-morning-1; the same for every shard of one run");
    }
    if (count > 1 && startAt == null) { // each shard would anchor the plan on its own first arrival: their union would not be the plan in time
      throw new SettingsException(c.full("count") + " is " + count + " but " + c.full("start-at") + " is empty: the shards of a run must start their plan at"
          + " one instant; set it to the same instant in every shard, e.g. -D" + c.full("start-at") + "=2026-09-08T11:00:00Z (simulations/local-shards.sh"
          + " and the Kubernetes manifests set it for you)");
    }
    return new ShardSettings(index, count, startAt, c.nonNegativeDuration("late-tolerance"), telemetry, runId, c.nonNegativeDuration("lead"));
  }

  /**
   * @param planDigest the digest of the plan the shards run
   * @return the run's id: {@code run-id}, else one made of start-at (which every shard of a run is given), else of the plan
   */
  public String runId(String planDigest) {
    if (!runId.isEmpty()) return runId;
    if (startAt != null) return "start-" + startAt;
    return "plan-" + (planDigest.length() > 12 ? planDigest.substring(0, 12) : planDigest);
  }

  /** @return whether {@code id} may be a run id: what {@code firstbell.shard.run-id} accepts */
  public static boolean validRunId(String id) {
    return RUN_ID.matcher(id).matches();
  }

  /** @return whether the run is shared by several injectors */
  public boolean sharded() {
    return count > 1;
  }

  /** @return whether this shard polls the target's telemetry */
  public boolean pollsTelemetry() {
    return index == telemetryShard;
  }

  /** @return this shard's slice of {@code items} (e.g. the credentials' users): those at positions i with i mod count = index, disjoint across shards */
  public <T> List<T> slice(List<T> items) {
    return IntStream.range(0, items.size()).filter(i -> i % count == index).mapToObj(items::get).toList();
  }

  /** @return e.g. {@code shard 2 of 3, starting at 2026-09-08T11:00:00Z}, for the console */
  public String describe() {
    return sharded() ? "shard " + index + " of " + count + (startAt == null ? ", starting at once" : ", starting at " + startAt)
        + (pollsTelemetry() ? ", polling the target's telemetry" : "") : "one injector";
  }
}
