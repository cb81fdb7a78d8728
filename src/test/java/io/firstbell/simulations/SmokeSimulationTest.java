package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The main job's simulation, run as users run it: a forked Gatling JVM against the embedded stack. */
class SmokeSimulationTest {

  private static final Set<String> JOURNEYS = Set.of("student-portal", "student-badge", "teacher-portal",
      "teacher-app-initiated", "teacher-app-initiated-warm", "oidc");

  @TempDir Path results;

  @ParameterizedTest(name = "tls = {0}")
  @ValueSource(strings = {"off", "on"})
  void everyJourneyLogsInEndToEndAndTheLedgerHoldsOneSucceededRowEach(String tls) throws Exception {
    Map<String, String> properties = Map.of(
        "firstbell.roster.users", "5000", "firstbell.roster.districts", "10", "firstbell.stack.tls", tls,
        "firstbell.results.directory", results.toString());
    GatlingFork.Result run = GatlingFork.run(SmokeSimulation.class, properties, results, Duration.ofMinutes(3));

    assertEquals(0, run.exitCode(), run.output());
    // over TLS, Gatling's requests verify the stack's fresh certificate, which the run trusts for itself alone
    assertEquals(tls.equals("on"), run.output().contains("FirstBell: tls         certificates verified, host names included, "
        + "against the JDK trust store and the embedded stack's own certificate"), run.output());
    assertTrue(Regeneration.assertReproduced(Regeneration.runFolder(run, "SmokeSimulation"), properties).passed(), run.output());
    List<LoginRecord> ledger = ledger(run);
    assertEquals(JOURNEYS, ledger.stream().map(LoginRecord::journey).collect(Collectors.toSet()), ledger.toString());
    assertEquals(JOURNEYS.size(), ledger.size(), ledger.toString());
    for (LoginRecord r : ledger) {
      assertTrue(r.succeeded(), r.toString());
      assertTrue(r.requests() >= 2, r.toString());
      assertTrue(r.endMs() >= r.startMs() && r.startMs() - r.scheduledStartMs() < 5_000, "ends after it starts, starts within 5 s of its schedule: " + r);
    }
    Path gatlingReport = run.runFolders().stream().filter(p -> p.getFileName().toString().matches("smokesimulation-\\d{17}"))
        .findFirst().orElseThrow(() -> new AssertionError("no Gatling run folder in " + results));
    assertTrue(Files.isRegularFile(gatlingReport.resolve("index.html")), "no HTML report in " + gatlingReport);
  }

  @Test
  void aBadConfigurationKeyFailsTheRunBeforeAnyLoadIsSent() throws Exception {
    GatlingFork.Result run = GatlingFork.run(SmokeSimulation.class,
        Map.of("firstbell.roster.userz", "5000"), results, Duration.ofMinutes(2));

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("Unknown configuration key 'firstbell.roster.userz' (did you mean 'firstbell.roster.users'?)"), run.output());
    assertFalse(run.output().contains("Open district login page"), "requests were sent:\n" + run.output());
  }

  private static List<LoginRecord> ledger(GatlingFork.Result run) throws Exception {
    Path folder = run.runFolders().stream().filter(p -> p.getFileName().toString().matches("smokesimulation-\\d{8}-\\d{6}"))
        .findFirst().orElseThrow(() -> new AssertionError("no FirstBell run folder:\n" + run.output()));
    try (var lines = Files.lines(folder.resolve("logins.csv"))) {
      List<String> all = lines.toList();
      assertEquals(LoginRecord.CSV_HEADER, all.get(0));
      return LedgerCsv.read(folder.resolve("logins.csv"));
    }
  }
}
