package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The main job's simulation, run as users run it: a forked Gatling JVM against the embedded stack. */
class SmokeSimulationTest {

  @TempDir Path results;

  @ParameterizedTest(name = "tls = {0}")
  @ValueSource(strings = {"off", "on"})
  void oneStudentLogsInEndToEndAndTheRunWritesAnHtmlReport(String tls) throws Exception {
    GatlingFork.Result run = GatlingFork.run(SmokeSimulation.class,
        Map.of("firstbell.roster.users", "5000", "firstbell.roster.districts", "10", "firstbell.stack.tls", tls),
        results, Duration.ofMinutes(3));

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("count of failed events is 0.0 : true"), run.output());
    assertTrue(run.output().contains("(actual : 5.0)"), "expected 5 successful requests (3 steps, 2 redirects):\n" + run.output());
    List<Path> folders = run.runFolders();
    assertEquals(1, folders.size(), folders.toString());
    assertTrue(Files.isRegularFile(folders.get(0).resolve("index.html")), "no HTML report in " + folders.get(0));
  }

  @Test
  void aBadConfigurationKeyFailsTheRunBeforeAnyLoadIsSent() throws Exception {
    GatlingFork.Result run = GatlingFork.run(SmokeSimulation.class,
        Map.of("firstbell.roster.userz", "5000"), results, Duration.ofMinutes(2));

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("Unknown configuration key 'firstbell.roster.userz' (did you mean 'firstbell.roster.users'?)"), run.output());
    assertTrue(!run.output().contains("Open district login page"), "requests were sent:\n" + run.output());
  }
}
