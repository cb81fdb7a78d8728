package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A setting that fails once the embedded stack is up: the stack goes down with the run, and the JVM exits with the message. */
class StartupFailureTest {

  @TempDir Path results;

  @Test
  void aSettingThatFailsAfterTheStackStartedEndsTheRunPromptlyWithItsMessage() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // no Prometheus there
    }
    long start = System.nanoTime();
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, Map.of(
            "firstbell.roster.users", "3000", "firstbell.roster.districts", "6",
            "firstbell.telemetry.source", "prometheus", "firstbell.telemetry.prometheus.url", "http://127.0.0.1:" + port,
            "firstbell.results.directory", results.toString()),
        results, Duration.ofSeconds(90));
    double seconds = (System.nanoTime() - start) / 1e9;

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("firstbell.telemetry.source is prometheus, but Prometheus at http://127.0.0.1:" + port), run.output());
    assertTrue(seconds < 60, "the JVM exited within a minute (took " + seconds + " s); the stack's threads do not keep it alive");
  }

  @Test
  void aPlanAboveTheSafetyCeilingsIsRefusedBeforeAnyLoadWithItsNumbersAndTheKey() throws Exception {
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, Map.of(
            "firstbell.roster.users", "3000", "firstbell.roster.districts", "6",
            "firstbell.load.student-login.logins-per-second", "500",
            "firstbell.results.directory", results.toString()),
        results, Duration.ofSeconds(90));

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("The load of StudentLoginSimulation would offer 500 logins/s at its peak, above firstbell.safety.max-rate (200)"),
        run.output());
    assertTrue(!run.output().contains("FirstBell: preflight   passed"), "nothing was sent:\n" + run.output());
  }

  @Test
  void shardsOfTheEmbeddedStackAreRefusedBeforeItStartsWithTheLauncherToUse() throws Exception {
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, Map.of(
            "firstbell.shard.count", "2", "firstbell.shard.index", "1", "firstbell.shard.start-at", "2026-09-08T11:00:00Z",
            "firstbell.results.directory", results.toString()),
        results, Duration.ofSeconds(90));

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("firstbell.shard.count is 2 but the target is the embedded reference stack, which every shard would start on"
        + " its own; point the shards at one target (firstbell.target), or run simulations/local-shards.sh"), run.output());
  }
}
