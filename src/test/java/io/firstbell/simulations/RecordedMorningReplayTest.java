package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.results.SummarySchema;
import io.firstbell.results.Summary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A morning peak against the embedded stack, recorded in its nginx access log ({@code firstbell.stack.access-log}), then
 * replayed from that log in forked runs: at ×1 each minute offers exactly the logins recorded in it, from the same districts;
 * at ×1.2, 120 % of them to within 1 % (or the one login of the seeded rounding).
 */
class RecordedMorningReplayTest {

  @TempDir
  static Path dir;

  private static Path accessLog;
  private static List<LoginRecord> recorded;

  @BeforeAll
  static void recordAMorningPeak() throws Exception {
    accessLog = dir.resolve("recording/access.log");
    Map<String, String> p = new HashMap<>();
    p.put("firstbell.stack.access-log", accessLog.toString());
    p.put("firstbell.load.back-to-school.compression", "260");   // the 4-hour morning in about 65 s: two minutes of recording
    p.put("firstbell.load.back-to-school.peak-logins-per-second", "8");
    p.put("firstbell.warm-up.duration", "0s");
    p.put("firstbell.results.directory", dir.resolve("recording-results").toString());
    GatlingFork.Result run = GatlingFork.run(BackToSchoolMorningSimulation.class, p, dir.resolve("recording-results"), Duration.ofMinutes(3));
    assertEquals(0, run.exitCode(), run.output());
    List<LoginRecord> all = LedgerCsv.read(folder(run, "backtoschoolmorningsimulation").resolve("logins.csv"));
    assertTrue(all.stream().allMatch(LoginRecord::succeeded), all.toString());
    recorded = all.stream().filter(l -> !l.method().equals("badge")).toList(); // a badge login's POST names no district
  }

  private static Path folder(GatlingFork.Result run, String simulation) throws Exception {
    return run.runFolders().stream().filter(f -> f.getFileName().toString().matches(simulation + "-\\d{8}-\\d{6}")).findFirst()
        .orElseThrow(() -> new AssertionError("no run folder of " + simulation + ":\n" + run.output()));
  }

  private record Replayed(GatlingFork.Result run, Summary summary, List<LoginRecord> logins) {}

  private static Replayed replay(String name, double multiplier) throws Exception {
    Path results = dir.resolve(name);
    Map<String, String> p = new HashMap<>();
    p.put("firstbell.load.replay.source", accessLog.toString());
    p.put("firstbell.load.replay.format", "nginx");
    p.put("firstbell.load.replay.match.path", "^/in/(?<district>[^/]+)$"); // the portal's logins, which name their district
    p.put("firstbell.load.replay.multiplier", String.valueOf(multiplier));
    p.put("firstbell.warm-up.duration", "0s");
    p.put("firstbell.preflight.enabled", "off"); // every replayed login is the recording's
    p.put("firstbell.results.directory", results.toString());
    GatlingFork.Result run = GatlingFork.run(ReplaySimulation.class, p, results, Duration.ofMinutes(3));
    Path folder = folder(run, "replaysimulation");
    SummarySchema.assertValid(folder.resolve(RunFiles.SUMMARY));
    Summary summary = RunFiles.readSummary(folder.resolve(RunFiles.SUMMARY));
    System.out.println(run.output().lines().filter(l -> l.startsWith("FirstBell: load") || l.startsWith("FirstBell: SLO ")
        || l.matches("FirstBell: [0-9,]+ logins.*")).collect(Collectors.joining("\n")));
    System.out.println("minute  recorded  offered  started  achieved   (×" + multiplier + ")");
    for (Summary.ReplayMinute m : summary.replay().minutes()) {
      System.out.printf(java.util.Locale.ROOT, "%6d  %8s  %7d  %7d  %8d%n", m.minute(), m.recorded(), m.offered(), m.started(), m.achieved());
    }
    return new Replayed(run, summary, LedgerCsv.read(folder.resolve("logins.csv")).stream().filter(LoginRecord::judged).toList());
  }

  @Test
  void atOneTimesEachMinuteOffersExactlyTheLoginsRecordedInItFromTheSameDistricts() throws Exception {
    Replayed r = replay("x1", 1.0);
    assertEquals(0, r.run().exitCode(), r.run().output());
    Summary.Replay replay = r.summary().replay();
    // every recorded portal login is one credentials POST that redirected (a mistyped password's 401 is not a login)
    assertEquals(recorded.size(), replay.recorded(), 1e-9, "recorded logins in the access log");
    assertEquals(Files.readAllLines(accessLog, StandardCharsets.UTF_8).size(), replay.linesRead());
    assertEquals(2, replay.minutes().size(), replay.minutes().toString());
    for (Summary.ReplayMinute m : replay.minutes()) {
      assertEquals(m.recorded(), m.offered(), 1e-9, m.toString());
      assertStartedInItsMinute(m);
      assertEquals(m.started(), m.achieved(), m.toString());
    }
    assertEquals(replay.offered(), replay.started(), "every offered login started");
    assertEquals(districts(recorded), districts(r.logins()), "each replayed login is of its recorded district");
  }

  @Test
  void atOnePointTwoTimesEachMinuteOffers120PercentOfItsRecordedLogins() throws Exception {
    Replayed r = replay("x1.2", 1.2);
    assertEquals(0, r.run().exitCode(), r.run().output());
    Summary.Replay replay = r.summary().replay();
    assertEquals(recorded.size(), replay.recorded(), 1e-9);
    for (Summary.ReplayMinute m : replay.minutes()) {
      double expected = 1.2 * m.recorded();
      assertTrue(Math.abs(m.offered() - expected) <= Math.max(1, 0.01 * expected), "offered " + m + " vs 120 % = " + expected);
      assertStartedInItsMinute(m);
    }
    assertEquals(replay.offered(), replay.started(), "every offered login started");
    assertEquals(1.2 * recorded.size(), replay.offered(), 1.0);
    assertEquals(replay.offered(), r.logins().size());
  }

  /**
   * The logins started in a minute (by the ledger's scheduled start) are those it offered, give or take the one at its edge:
   * Gatling's injector may start a login a few milliseconds before its slot, and the ledger then keeps the earlier instant.
   */
  private static void assertStartedInItsMinute(Summary.ReplayMinute m) {
    assertTrue(Math.abs(m.started() - m.offered()) <= 1, "offered and started in the minute: " + m);
  }

  private static Map<String, Long> districts(List<LoginRecord> logins) {
    return logins.stream().collect(Collectors.groupingBy(LoginRecord::district, TreeMap::new, Collectors.counting()));
  }
}
