package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.Summary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run prints the plan, the hosts and the ceilings, and sends the preflight and nothing else. */
class DryRunTest {

  @TempDir Path results;

  @Test
  void aDryRunPrintsThePlanHostsAndCeilingsAndSendsOnlyThePreflight() throws Exception {
    Map<String, String> properties = Map.of(
        "firstbell.roster.users", "3000", "firstbell.roster.districts", "6", "firstbell.dry-run", "on",
        "firstbell.load.student-login.logins-per-second", "8", "firstbell.load.student-login.ramp", "0s",
        "firstbell.load.student-login.duration", "60s", "firstbell.results.directory", results.toString());
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties, results, Duration.ofMinutes(2));

    assertEquals(0, run.exitCode(), run.output());
    String out = run.output();
    assertTrue(out.contains("FirstBell: DRY RUN     nothing but the preflight login of each journey is sent; the load would be:"), out);
    assertTrue(out.contains("FirstBell:        0–15 s  4 logins/s  60 logins  (warm-up, not judged)"), out);
    assertTrue(out.contains("FirstBell:       15–75 s  8 logins/s  480 logins"), out);
    assertTrue(out.contains("FirstBell:   in all 75 s and 540 logins, peak 8 logins/s"), out);
    assertTrue(out.contains("FirstBell:   hosts: 127.0.0.1:"), out);
    assertTrue(out.contains("FirstBell:   ceilings: at most 200 logins/s, 7200 s and 1,500,000 logins (firstbell.safety)"), out);
    assertTrue(out.contains("FirstBell: preflight   passed: "), out);
    Path folder = Regeneration.runFolder(run, "StudentLoginSimulation");
    List<LoginRecord> ledger = LedgerCsv.read(folder.resolve("logins.csv"));
    assertFalse(ledger.isEmpty());
    assertTrue(ledger.stream().allMatch(r -> LoginRecord.PREFLIGHT.equals(r.phase())), "nothing but the preflight was sent: " + ledger);
    Summary summary = Regeneration.assertReproduced(folder, properties);
    assertTrue(summary.passed());
    assertTrue(summary.verdict().startsWith("Dry run: "), summary.verdict());
  }
}
