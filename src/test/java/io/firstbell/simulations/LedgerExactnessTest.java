package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger against a known truth: the stack fails exactly one identity lookup in four (a test-only
 * switch), so exactly a quarter of the logins fail, at the app tile step, as a 502 from the app.
 */
class LedgerExactnessTest {

  @TempDir Path results;

  @Test
  void theLedgerHoldsOneRowPerAttemptWithTheFailedStepAndKind() throws Exception {
    Map<String, String> properties = Map.ofEntries(
            Map.entry("firstbell.roster.users", "3000"), Map.entry("firstbell.roster.districts", "6"),
            Map.entry("firstbell.load.student-login.logins-per-second", "10"),
            Map.entry("firstbell.load.student-login.ramp", "0s"),
            Map.entry("firstbell.load.student-login.duration", "6s"),
            Map.entry("firstbell.population.think-time.distribution", "none"),
            Map.entry("firstbell.population.mistype-share", "0"),
            Map.entry("firstbell.stack.capacity.test-failures.endpoint", "api.me"),
            Map.entry("firstbell.stack.capacity.test-failures.share", "0.25"),
            Map.entry("firstbell.preflight.enabled", "off"), // a quarter of the logins fail on purpose: the preflight would stop the run
            Map.entry("firstbell.warm-up.duration", "0s"),
            Map.entry("firstbell.results.directory", results.toString()));
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties, results, Duration.ofMinutes(3));

    // the login SLO (99% success) is broken on purpose, so the run exits 2, and Gatling's own report is still complete
    assertEquals(io.firstbell.report.ExitStatus.VERDICT_FAILED, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: exit status 2: the login SLO"), run.output());
    assertTrue(run.runFolders().stream().anyMatch(p -> Files.exists(p.resolve("index.html"))), "Gatling's report was written:\n" + run.output());
    Path folder = run.runFolders().stream().filter(p -> p.getFileName().toString().matches("studentloginsimulation-\\d{8}-\\d{6}"))
        .findFirst().orElseThrow(() -> new AssertionError("no ledger folder:\n" + run.output()));
    List<LoginRecord> rows = LedgerCsv.read(folder.resolve("logins.csv"));
    assertEquals(60, rows.size(), "one row per planned login");
    List<LoginRecord> failed = rows.stream().filter(r -> !r.succeeded()).toList();
    assertEquals(15, failed.size(), () -> "exactly one login in four fails: " + failed);
    for (LoginRecord r : failed) {
      assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
      assertEquals("Open sample app tile", r.failedStep(), r.toString());
      assertEquals("http-502", r.failureKind(), r.toString());
    }
    for (LoginRecord r : rows) {
      assertEquals("student", r.persona(), r.toString());
      assertTrue(r.journey().equals("student-portal") || r.journey().equals("student-badge"), r.toString());
      assertEquals(3, r.requests(), r.toString()); // login page or badge page, credentials or badge, app tile
      assertTrue(r.startMs() - r.scheduledStartMs() < 1_000, "started within a second of its schedule: " + r);
      assertTrue(r.startMs() <= r.endMs(), r.toString());
    }
    assertTrue(run.output().contains("FirstBell: 60 logins, 75.00% succeeded"), run.output());
    // a steady run's summary is a function of its folder: regenerate rebuilds it exactly
    io.firstbell.results.Summary summary = Regeneration.assertReproduced(folder, properties);
    assertEquals(io.firstbell.results.Summary.JudgedBy.SLO, summary.judgedBy());
    assertEquals(15, summary.logins().failed());
  }
}
