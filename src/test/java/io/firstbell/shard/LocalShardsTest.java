package io.firstbell.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local launcher's arguments: what it runs, and its refusals before any JVM starts. */
class LocalShardsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-08T11:00:00.400Z"), ZoneOffset.UTC);

  private static String refusal(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> LocalShards.parse(args, CLOCK)).getMessage();
  }

  @Test
  void aLaunchNamesItsShardsSimulationStartDelayAndTheSettingsEveryShardGets() {
    LocalShards.Launch l = LocalShards.parse(new String[] {"--shards", "3", "--simulation", "StudentLoginSimulation", "--start-delay", "45s",
        "--", "-Dprofile=simulations/student-login.conf", "-Dfirstbell.roster.users=2000"}, CLOCK);
    assertEquals(3, l.shards());
    assertEquals("io.firstbell.simulations.StudentLoginSimulation", l.simulation(), "a simple name is one of FirstBell's simulations");
    assertEquals(Duration.ofSeconds(45), l.startDelay());
    assertEquals("local-20260908t110000z", l.runId(), "by default the run is named after when it was launched");
    assertEquals(List.of("-Dprofile=simulations/student-login.conf", "-Dfirstbell.roster.users=2000"), l.properties());
    assertEquals("com.example.MySimulation", LocalShards.parse(new String[] {"--shards", "2", "--simulation", "com.example.MySimulation"}, CLOCK).simulation());
    assertEquals(Duration.ofSeconds(30), LocalShards.parse(new String[] {"--shards", "2", "--simulation", "X"}, CLOCK).startDelay());
  }

  @Test
  void badArgumentsAreRefusedWithTheFix() {
    assertEquals("--shards is missing: a local sharded run has 2 to 64 shards (e.g. --shards 3); one injector needs no launcher: ./mvnw gatling:test",
        refusal("--simulation", "X"));
    assertEquals("--shards is 1: a local sharded run has 2 to 64 shards (e.g. --shards 3); one injector needs no launcher: ./mvnw gatling:test",
        refusal("--shards", "1", "--simulation", "X"));
    assertEquals("--shards 'three' is not a number: give 2 or more (e.g. --shards 3)", refusal("--shards", "three"));
    assertEquals("--start-delay 'soon' is not a duration: give e.g. 20s or 1m", refusal("--shards", "2", "--start-delay", "soon"));
    assertEquals("--start-delay 5s is too short for 2 JVMs to start and send their preflight: give at least 15s (default 30s)",
        refusal("--shards", "2", "--simulation", "X", "--start-delay", "5s"));
    assertEquals("'profile=x' is not a -Dkey=value setting; " + LocalShards.USAGE, refusal("--shards", "2", "--simulation", "X", "--", "profile=x"));
    assertEquals("unknown argument --nodes; " + LocalShards.USAGE, refusal("--nodes", "2"));
    assertEquals("--run-id 'a/b' must be letters, digits, '-', '_', '.' and ':' (at most 100), e.g. bts-morning-1",
        refusal("--shards", "2", "--simulation", "X", "--run-id", "a/b"));
  }
}
