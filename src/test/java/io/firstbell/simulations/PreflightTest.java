package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.ExitStatus;
import io.firstbell.results.Summary;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before any load: a target that is down, and a journey that cannot complete, stop the run with what went wrong. */
class PreflightTest {

  @TempDir Path results;

  @Test
  void aTargetThatIsDownIsReportedUnreachableAndNoLoadIsSent() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    Path credentials = Files.writeString(results.resolve("credentials.csv"), "username,password,user_type,district,login_method\ns1,pw,student,d1,password\n");
    String url = "http://127.0.0.1:" + port;

    GatlingFork.Result run = GatlingFork.run(BreakingPointSimulation.class, Map.of(
            "firstbell.target.reference.portal-url", url, "firstbell.target.reference.app-url", url,
            "firstbell.target.reference.credentials", credentials.toString(),
            "firstbell.results.directory", results.resolve("runs").toString()),
        results.resolve("gatling"), Duration.ofMinutes(2));

    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("target unreachable at " + url + ": connection refused"), run.output());
    assertFalse(run.output().contains("FirstBell: step 1"), "no step ran:\n" + run.output());
    assertFalse(Files.exists(results.resolve("runs")) && Files.walk(results.resolve("runs")).anyMatch(p -> p.endsWith("logins.csv")),
        "no run was recorded: nothing was sent");
  }

  @Test
  void aJourneyThatCannotCompleteStopsTheRunAtItsPreflightNamingTheStepAndWhatTheTargetSaid() throws Exception {
    Map<String, String> properties = Map.of(
            "firstbell.roster.users", "3000", "firstbell.roster.districts", "6",
            "firstbell.stack.capacity.test-failures.endpoint", "portal.login", "firstbell.stack.capacity.test-failures.share", "1.0",
            "firstbell.load.student-login.duration", "20s",
            "firstbell.results.directory", results.toString());
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties,
        results, Duration.ofMinutes(2));

    assertEquals(ExitStatus.PREFLIGHT_FAILED, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: preflight FAILED: journey student-portal, step \"Submit credentials\": http-"), run.output());
    assertTrue(run.output().contains("FirstBell:   the target answered: "), run.output());
    assertTrue(run.output().contains("FirstBell: no load was sent"), run.output());
    Path folder = results.resolve("latest");
    List<LoginRecord> ledger = LedgerCsv.read(folder.resolve("logins.csv"));
    assertFalse(ledger.isEmpty());
    assertTrue(ledger.stream().allMatch(r -> r.phase().equals(LoginRecord.PREFLIGHT)), "only the preflight logged in: " + ledger);
    Summary summary = Regeneration.assertReproduced(folder, properties);
    assertFalse(summary.passed());
    assertFalse(summary.preflight().passed());
    assertTrue(summary.verdict().startsWith("Preflight failed: journey student-portal failed at \"Submit credentials\""), summary.verdict());
    assertEquals(0, summary.logins().attempted(), "no judged login");
  }
}
