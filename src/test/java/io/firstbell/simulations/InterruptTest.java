package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.ExitStatus;
import io.firstbell.results.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped by SIGTERM (a CI job's timeout, an engineer's {@code kill}) keeps everything it measured. */
class InterruptTest {

  @TempDir Path results;

  @Test
  void aRunStoppedBySigtermWritesItsWholeRunFolderWithEveryLoginAccountedForAndExitsFour() throws Exception {
    Map<String, String> properties = Map.of(
        "firstbell.roster.users", "3000", "firstbell.roster.districts", "6",
        "firstbell.load.student-login.logins-per-second", "10", "firstbell.load.student-login.ramp", "0s",
        "firstbell.load.student-login.duration", "120s", "firstbell.warm-up.duration", "0s",
        "firstbell.results.directory", results.toString());
    GatlingFork.Running running = GatlingFork.start(StudentLoginSimulation.class, properties, results);
    running.awaitOutput("FirstBell: preflight   passed", Duration.ofMinutes(2));
    Thread.sleep(6_000); // load is running, with logins in flight (they think between their steps)
    running.terminate();
    GatlingFork.Result run = running.finish(Duration.ofMinutes(1));

    assertEquals(ExitStatus.INTERRUPTED, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: exit status 4: interrupted (stopped by SIGTERM)"), run.output());
    Path folder = Regeneration.runFolder(run, "StudentLoginSimulation");
    assertEquals(folder.toRealPath(), results.resolve("latest").toRealPath(), "results/latest points at the interrupted run");
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.containsAll(List.of("logins.csv", "summary.json", "run.json", "capacity-report.html", "failure-samples.json")), names.toString());
    }
    Summary summary = Regeneration.assertReproduced(folder, properties);
    assertEquals("stopped by SIGTERM", summary.interrupted());
    assertTrue(!summary.passed() && summary.verdict().startsWith("Interrupted after "), summary.verdict());
    // every login begun is in the ledger, once, with an outcome: those in flight at the signal as cut short
    List<LoginRecord> ledger = LedgerCsv.read(folder.resolve("logins.csv"));
    long judged = ledger.stream().filter(LoginRecord::judged).count();
    assertTrue(judged >= 30, "about 6 s at 10 logins/s: " + judged);
    assertEquals(judged, summary.logins().attempted(), "every judged row is counted");
    assertTrue(ledger.stream().anyMatch(r -> r.outcome() == LoginRecord.Outcome.CUT_SHORT), "the logins in flight were recorded as cut short");
    assertTrue(ledger.stream().allMatch(r -> r.endMs() >= r.startMs()), ledger.toString());
    assertTrue(run.output().contains("FirstBell: capacity report "), run.output());
  }
}
