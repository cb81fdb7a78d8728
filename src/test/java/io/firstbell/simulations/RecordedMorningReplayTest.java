package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.results.SummarySchema;
import io.firstbell.results.Summary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A morning peak against the embedded stack, recorded in its nginx access log ({@code firstbell.stack.access-log}), then
 * replayed from that log: at ×1 (a forked run) each minute offers exactly the logins recorded in it, from the same districts;
 * through the nightly recipe at ×1.2, 120 % of them to within 1 % (or the one login of the seeded rounding), and a night made
 * worse is flagged.
 */
class RecordedMorningReplayTest {

  @TempDir
  static Path dir;

  /** A small roster (the stack starts in a second or two), the same in the recording and every replay: the same districts */
  private static final Map<String, String> ROSTER = Map.of("firstbell.roster.users", "5000", "firstbell.roster.districts", "10");
  /** The portal's logins, which name their district (a badge login's POST does not) */
  private static final String PORTAL_LOGINS = "^/in/(?<district>[^/]+)$";

  private static Path accessLog;
  private static List<LoginRecord> recorded;

  @BeforeAll
  static void recordAMorningPeak() throws Exception {
    accessLog = dir.resolve("recording/access.log");
    Map<String, String> p = new HashMap<>(ROSTER);
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
    Map<String, String> p = new HashMap<>(ROSTER);
    p.put("firstbell.load.replay.source", accessLog.toString());
    p.put("firstbell.load.replay.format", "nginx");
    p.put("firstbell.load.replay.match.path", PORTAL_LOGINS);
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
    printMinutes(summary.replay());
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

  /**
   * The nightly recipe, {@code simulations/nightly-replay.sh}, end to end with this recording: the first night replays it at
   * ×1.2, each minute offering 120 % of its recorded logins, passes and becomes the baseline; the second, made worse by the
   * {@code march-2018} preset (and played 4 times faster, to be short), is flagged as a regression (exit 1), the baseline kept.
   */
  @Test
  void theNightlyRecipeReplaysAt120PercentKeepsAPassingNightAsTheBaselineAndFlagsAWorseOne() throws Exception {
    Path baseline = dir.resolve("baselines/replay-summary.json");

    Night first = night(baseline);
    assertEquals(0, first.exit(), first.output());
    assertTrue(first.output().contains("nightly replay: no baseline at " + baseline + " yet"), first.output());
    assertTrue(Files.isRegularFile(baseline), "the passing night is the new baseline:\n" + first.output());
    Summary kept = RunFiles.readSummary(baseline);
    assertTrue(kept.passed(), kept.verdict());
    Summary.Replay replay = kept.replay();
    assertEquals(1.2, replay.multiplier());
    assertEquals(recorded.size(), replay.recorded(), 1e-9);
    printMinutes(replay);
    for (Summary.ReplayMinute m : replay.minutes()) {
      double expected = 1.2 * m.recorded();
      assertTrue(Math.abs(m.offered() - expected) <= Math.max(1, 0.01 * expected), "offered " + m + " vs 120 % = " + expected);
      assertStartedInItsMinute(m);
    }
    assertEquals(1.2 * recorded.size(), replay.offered(), 1.0);
    assertEquals(replay.offered(), replay.started(), "every offered login started");
    byte[] baselineBytes = Files.readAllBytes(baseline);

    Night worse = night(baseline, "-Dfirstbell.stack.preset=march-2018", "-Dfirstbell.load.replay.speed=4");
    assertEquals(1, worse.exit(), worse.output());
    assertTrue(worse.output().contains("nightly replay: REGRESSION against " + baseline), worse.output());
    assertTrue(worse.output().contains("regression"), "the comparison names what regressed:\n" + worse.output());
    assertArrayEquals(baselineBytes, Files.readAllBytes(baseline), "the baseline is kept");
    assertFalse(worse.output().contains("is the new baseline"), worse.output());
  }

  private record Night(int exit, String output) {}

  /** Runs the nightly recipe as a CI job would, on this recording at ×1.2, with {@code extra} settings for the run. */
  private static Night night(Path baseline, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "simulations/nightly-replay.sh", "-Dfirstbell.load.replay.format=nginx",
        "-Dfirstbell.load.replay.match.path=" + PORTAL_LOGINS, "-Dfirstbell.warm-up.duration=0s", "-Dfirstbell.preflight.enabled=off"));
    ROSTER.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true);
    pb.environment().putAll(Map.of("RECORDING", accessLog.toString(), "MULTIPLIER", "1.2", "BASELINE", baseline.toString(),
        "RESULTS", dir.resolve("nightly").toString()));
    Path log = Files.createTempFile(dir, "night", ".log");
    Process p = pb.redirectOutput(log.toFile()).start();
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the nightly recipe did not finish within 6 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output.lines().filter(l -> l.startsWith("nightly replay:") || l.startsWith("FirstBell: SLO") || l.endsWith("regression"))
        .collect(Collectors.joining("\n")));
    return new Night(p.exitValue(), output);
  }

  /**
   * The logins started in a minute (by the ledger's scheduled start) are those it offered, give or take the one at its edge:
   * Gatling's injector may start a login a few milliseconds before its slot, and the ledger then keeps the earlier instant.
   */
  private static void assertStartedInItsMinute(Summary.ReplayMinute m) {
    assertTrue(Math.abs(m.started() - m.offered()) <= 1, "offered and started in the minute: " + m);
  }

  private static void printMinutes(Summary.Replay replay) {
    System.out.println("minute  recorded  offered  started  achieved   (×" + replay.multiplier() + ")");
    for (Summary.ReplayMinute m : replay.minutes()) {
      System.out.printf(java.util.Locale.ROOT, "%6d  %8s  %7d  %7d  %8d%n", m.minute(), m.recorded(), m.offered(), m.started(), m.achieved());
    }
  }

  private static Map<String, Long> districts(List<LoginRecord> logins) {
    return logins.stream().collect(Collectors.groupingBy(LoginRecord::district, TreeMap::new, Collectors.counting()));
  }
}
