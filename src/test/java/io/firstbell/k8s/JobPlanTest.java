package io.firstbell.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input of a sharded run is checked before a manifest is written, with a message that names the fix. */
class JobPlanTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-08-24T06:00:00Z"), ZoneOffset.UTC);
  static final Path PROFILE = Path.of("simulations", "breaking-point.conf");

  static String error(String runId, String image, String simulation, Path profile, int shards, Duration delay, String cpu,
                      String memory, String volume, int port) {
    return assertThrows(IllegalArgumentException.class, () -> JobPlan.of(runId, image, simulation, profile, shards, delay,
        CLOCK, cpu, memory, volume, port)).getMessage();
  }

  static String errorFor(String runId, int shards, Path profile) {
    return error(runId, "firstbell:latest", "io.firstbell.simulations.BreakingPointSimulation", profile, shards,
        Duration.ofMinutes(2), "2", "2Gi", "10Gi", 9404);
  }

  @Test
  void startsAllShardsTheDelayFromNowToTheSecond() {
    JobPlan plan = JobPlan.of("r", "firstbell:latest", "a.B", PROFILE, 1, Duration.ofSeconds(90),
        Clock.fixed(Instant.parse("2026-08-24T06:00:00.750Z"), ZoneOffset.UTC), "2", "2Gi", "10Gi", 9404);
    assertEquals(Instant.parse("2026-08-24T06:01:30Z"), plan.startAt());
    assertEquals("breaking-point.conf", plan.profileKey());
  }

  @Test
  void refusesFewerThanOneShard() {
    assertEquals("--shards is 0: a run needs at least 1 shard (e.g. --shards 4)", errorFor("r", 0, PROFILE));
  }

  @Test
  void refusesAProfileThatDoesNotExist() {
    assertEquals("Profile 'simulations/nope.conf' does not exist: name a HOCON file of the run"
        + " (e.g. --profile simulations/breaking-point.conf)", errorFor("r", 2, Path.of("simulations", "nope.conf")));
  }

  @Test
  void refusesARunIdThatIsNotADns1123Label() {
    String fix = " is not a DNS-1123 label: use at most 56 lower-case letters, digits and '-', starting and ending with a"
        + " letter or digit (e.g. --run-id bts-morning-1)";
    assertEquals("Run id 'BTS_1'" + fix, errorFor("BTS_1", 2, PROFILE));
    assertEquals("Run id '-bts'" + fix, errorFor("-bts", 2, PROFILE));
    assertEquals("Run id 'bts-'" + fix, errorFor("bts-", 2, PROFILE));
    String tooLong = "a".repeat(57);
    assertEquals("Run id '" + tooLong + "'" + fix, errorFor(tooLong, 2, PROFILE));
  }

  @Test
  void acceptsARunIdOfTheLongestLength() {
    JobPlan.of("a".repeat(56), "firstbell:latest", "a.B", PROFILE, 1, Duration.ZERO, CLOCK, "2", "2Gi", "10Gi", 9404);
  }

  @Test
  void refusesAProfileWhoseFileNameCannotBeAConfigMapKey(@TempDir Path dir) throws IOException {
    Path profile = Files.writeString(dir.resolve("my profile.conf"), "firstbell {}");
    assertEquals("Profile file name 'my profile.conf' cannot be a ConfigMap key: rename it to letters, digits, '-', '_' and"
        + " '.' only", errorFor("r", 2, profile));
  }

  @Test
  void refusesAnImageWithSpaces() {
    assertEquals("--image 'my image' is not an image reference: name the pushed FirstBell image"
        + " (e.g. --image registry.example.org/firstbell:0.1.0)",
        error("r", "my image", "a.B", PROFILE, 1, Duration.ZERO, "2", "2Gi", "10Gi", 9404));
  }

  @Test
  void refusesASimulationThatIsNotAClassName() {
    assertEquals("--simulation 'Breaking Point' is not a class name: name the simulation class"
        + " (e.g. --simulation io.firstbell.simulations.BreakingPointSimulation)",
        error("r", "i", "Breaking Point", PROFILE, 1, Duration.ZERO, "2", "2Gi", "10Gi", 9404));
  }

  @Test
  void refusesANegativeStartDelay() {
    assertEquals("--start-delay PT-1S is negative: give the time every shard needs to be scheduled and pull the image"
        + " (e.g. --start-delay 2m)", error("r", "i", "a.B", PROFILE, 1, Duration.ofSeconds(-1), "2", "2Gi", "10Gi", 9404));
  }

  @Test
  void refusesResourcesThatAreNotQuantities() {
    assertEquals("--cpu 'two' is not a Kubernetes quantity: use e.g. --cpu 2",
        error("r", "i", "a.B", PROFILE, 1, Duration.ZERO, "two", "2Gi", "10Gi", 9404));
    assertEquals("--memory '2GB' is not a Kubernetes quantity: use e.g. --memory 2Gi",
        error("r", "i", "a.B", PROFILE, 1, Duration.ZERO, "2", "2GB", "10Gi", 9404));
    assertEquals("--volume-size '' is not a Kubernetes quantity: use e.g. --volume-size 10Gi",
        error("r", "i", "a.B", PROFILE, 1, Duration.ZERO, "2", "2Gi", "", 9404));
  }

  @Test
  void refusesAMetricsPortOutOfRange() {
    assertEquals("--metrics-port 0 is not a port: use 1 to 65535 (e.g. 9404)",
        error("r", "i", "a.B", PROFILE, 1, Duration.ZERO, "2", "2Gi", "10Gi", 0));
  }

  @Test
  void commandLineNamesAMissingOrUnknownOption() {
    assertEquals("Option --shards is required", assertThrows(IllegalArgumentException.class,
        () -> ManifestsMain.parse(new String[] {"--run-id", "r", "--profile", "p.conf"})).getMessage());
    assertEquals("Unknown option '--shard'", assertThrows(IllegalArgumentException.class,
        () -> ManifestsMain.parse(new String[] {"--shard", "2"})).getMessage());
    assertEquals("--start-delay 'soon' is not a duration: use e.g. --start-delay 2m",
        assertThrows(IllegalArgumentException.class, () -> ManifestsMain.duration("soon")).getMessage());
  }
}
