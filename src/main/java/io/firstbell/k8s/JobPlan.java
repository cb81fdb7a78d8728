package io.firstbell.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * What one sharded run on Kubernetes is made of: its name, the image and simulation every shard runs, the run profile, the
 * number of shards, when they all start and what one injector may use. Immutable; {@link #of} validates every input and
 * throws {@link IllegalArgumentException} with the fix.
 *
 * @param runId the run's name, a DNS-1123 label; every object is named after it ({@code <run-id>-shards}, …)
 * @param image the FirstBell image (built from the project's {@code Dockerfile})
 * @param simulation the Gatling simulation class every shard runs
 * @param profile the run profile (a HOCON file), shipped in the ConfigMap
 * @param shards how many injectors run the simulation at once (the Indexed Job's completions and parallelism)
 * @param startAt the instant all shards start their load at ({@code firstbell.shard.start-at})
 * @param cpu the CPU one injector requests and is limited to (a Kubernetes quantity: {@code 2}, {@code 1500m})
 * @param memory the memory one injector requests and is limited to ({@code 2Gi})
 * @param volumeSize the size of the shared results volume ({@code 10Gi})
 * @param metricsPort the port every shard serves its live metrics on ({@code firstbell.metrics.port}), named by the pods' scrape
 *     annotation, their {@code metrics} container port and the PodMonitor
 */
public record JobPlan(String runId, String image, String simulation, Path profile, int shards, Instant startAt,
                        String cpu, String memory, String volumeSize, int metricsPort) {

  /** The longest run id: a Job's name is at most 63 characters, and the longest suffix is {@code -shards}. */
  static final int MAX_RUN_ID_LENGTH = 63 - "-shards".length();

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
  private static final Pattern JAVA_CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  /**
   * Validates the inputs of a run and fixes its start instant, {@code startDelay} from now (to the second).
   *
   * @return the plan the manifests are written from
   * @throws IllegalArgumentException naming the input that is wrong and how to fix it
   */
  public static JobPlan of(String runId, String image, String simulation, Path profile, int shards, Duration startDelay,
                             Clock clock, String cpu, String memory, String volumeSize, int metricsPort) {
    if (runId == null || runId.length() > MAX_RUN_ID_LENGTH || !DNS_1123_LABEL.matcher(runId).matches()) {
      throw new IllegalArgumentException("Run id '" + runId + "' is not a DNS-1123 label: use at most " + MAX_RUN_ID_LENGTH
          + " lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. --run-id bts-morning-1)");
    }
    if (shards < 1) {
      throw new IllegalArgumentException("--shards is " + shards + ": a run needs at least 1 shard (e.g. --shards 4)");
    }
    if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("--image '" + image + "' is not an image reference: name the pushed FirstBell image"
          + " (e.g. --image registry.example.org/firstbell:0.1.0)");
    }
    if (simulation == null || !JAVA_CLASS.matcher(simulation).matches()) {
      throw new IllegalArgumentException("--simulation '" + simulation + "' is not a class name: name the simulation class"
          + " (e.g. --simulation io.firstbell.simulations.BreakingPointSimulation)");
    }
    if (profile == null || !Files.isRegularFile(profile)) {
      throw new IllegalArgumentException("Profile '" + profile + "' does not exist: name a HOCON file of the run"
          + " (e.g. --profile simulations/breaking-point.conf)");
    }
    String key = profile.getFileName().toString();
    if (!CONFIG_MAP_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("Profile file name '" + key + "' cannot be a ConfigMap key: rename it to letters,"
          + " digits, '-', '_' and '.' only");
    }
    if (startDelay == null || startDelay.isNegative()) {
      throw new IllegalArgumentException("--start-delay " + startDelay + " is negative: give the time every shard needs to be"
          + " scheduled and pull the image (e.g. --start-delay 2m)");
    }
    quantity("--cpu", cpu, "2");
    quantity("--memory", memory, "2Gi");
    quantity("--volume-size", volumeSize, "10Gi");
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("--metrics-port " + metricsPort + " is not a port: use 1 to 65535 (e.g. 9404)");
    }
    Instant startAt = clock.instant().plus(startDelay).truncatedTo(ChronoUnit.SECONDS);
    return new JobPlan(runId, image, simulation, profile, shards, startAt, cpu, memory, volumeSize, metricsPort);
  }

  private static void quantity(String option, String value, String example) {
    if (value == null || !QUANTITY.matcher(value).matches()) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a Kubernetes quantity: use e.g. " + option + " "
          + example);
    }
  }

  /** @return the ConfigMap key, and file name under {@code /etc/firstbell}, of the profile */
  public String profileKey() {
    return profile.getFileName().toString();
  }
}
