package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import io.firstbell.results.SummarySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** merge: the folders of a sharded run's shards joined into the run's folder, summarized as a single run's is. */
class ShardMergeTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));
  private static final ResultSettings JUDGING = new ResultSettings(10_000, 0.1, 1_000, 0.9);
  private static final String PLAN = "ab".repeat(32);
  private static final Summary.Telemetry PROMETHEUS = new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 2, 0, null);
  private static final FailureSamples.Sample SAMPLE_0 =
      new FailureSamples.Sample("load", "student-portal", "Submit credentials", "http-503", 503, "https://sso.example.test/in", "Busy");
  private static final FailureSamples.Sample SAMPLE_2 =
      new FailureSamples.Sample("load", "student-portal", "Submit credentials", "http-503", 503, "https://sso.example.test/in", "Busy again");

  @TempDir Path dir;

  private static LoginRecord ok(long scheduledAt, long startAt, long endAt) {
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, "student-portal", "student", "password", "district-01", Outcome.SUCCEEDED,
        "", "", 4, false); // as logins.csv reads back: no step, no kind
  }

  private static LoginRecord failed(long scheduledAt, long startAt, long endAt) {
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, "student-portal", "student", "password", "district-01", Outcome.FAILED,
        "Submit credentials", "http-503", 2, false);
  }

  // the three shards' ledgers, as each injector wrote them
  private static final List<LoginRecord> LEDGER_0 = List.of(ok(1_000, 1_010, 1_400), failed(4_000, 4_005, 4_900));
  private static final List<LoginRecord> LEDGER_1 = List.of(ok(2_500, 2_520, 3_100), ok(1_000, 1_000, 1_300));
  private static final List<LoginRecord> LEDGER_2 = List.of(ok(3_000, 3_000, 3_800), failed(5_000, 5_002, 5_600));

  private static RunRecord run(long startAt, long endAt, double cpuMillis, double cpuShare, Summary.Telemetry telemetry, int index, String runId,
      String plan, int count, String host, long skewMs) {
    return new RunRecord(RunRecord.SCHEMA, "StudentLoginSimulation", "https://sso.example.test", T0 + startAt, T0 + endAt, cpuMillis, cpuShare,
        false, telemetry).withShard(new RunRecord.Shard(index, count, runId, plan, host, skewMs));
  }

  private Path folder(String name, RunRecord run, List<LoginRecord> ledger, List<FailureSamples.Sample> samples, String telemetry) throws IOException {
    Path f = Files.createDirectories(dir.resolve(name));
    LedgerCsv.write(f.resolve(RunFacts.LEDGER), ledger);
    RunFiles.write(run, f.resolve(RunFiles.RUN));
    RunFiles.write(samples, f.resolve(RunFiles.FAILURE_SAMPLES));
    if (telemetry != null) Files.writeString(f.resolve("telemetry.csv"), telemetry);
    return f;
  }

  private static final String TELEMETRY = "time_ms,ready,desired\n" + (T0 + 5_000) + ",2,2\n" + (T0 + 10_000) + ",2,3\n";

  /** Shard 0 polled the telemetry; shard 1's generator was saturated (95% of its cores over 60 s). */
  private List<Path> threeShards() throws IOException {
    return List.of(
        folder("shard-0", run(0, 60_000, 600, 0.3, PROMETHEUS, 0, "run-7", PLAN, 3, "injector-a", 0), LEDGER_0, List.of(SAMPLE_0), TELEMETRY),
        folder("shard-1", run(120, 60_500, 900, 0.95, Summary.Telemetry.NONE, 1, "run-7", PLAN, 3, "injector-b", 120), LEDGER_1, List.of(),
            "time_ms,ready,desired\n"),
        folder("shard-2", run(-40, 59_900, 300, 0.2, Summary.Telemetry.NONE, 2, "run-7", PLAN, 3, "injector-c", -40), LEDGER_2, List.of(SAMPLE_2),
            null));
  }

  private static final List<LoginRecord> UNION = List.of(ok(1_000, 1_000, 1_300), ok(1_000, 1_010, 1_400), ok(2_500, 2_520, 3_100),
      ok(3_000, 3_000, 3_800), failed(4_000, 4_005, 4_900), failed(5_000, 5_002, 5_600));

  /** The merged run's record: earliest start, latest end, CPU summed, the busiest shard's share, the polling shard's telemetry. */
  private static final RunRecord MERGED_RUN = new RunRecord(RunRecord.SCHEMA, "StudentLoginSimulation", "https://sso.example.test", T0 - 40,
      T0 + 60_500, 1_800, 0.95, false, PROMETHEUS);

  private static final List<Summary.ShardSummary> SHARDS = List.of(new Summary.ShardSummary(0, "injector-a", 0, 2, 1, false, 300.0),
      new Summary.ShardSummary(1, "injector-b", 120, 2, 2, true, 450.0), new Summary.ShardSummary(2, "injector-c", -40, 2, 1, false, 150.0));

  @Test
  void theMergedLedgerIsTheUnionByScheduledStartThenStart() throws IOException {
    Path into = dir.resolve("merged");
    ShardMerge.merge(threeShards(), into, SLO, JUDGING);

    assertEquals(UNION, LedgerCsv.read(into.resolve(RunFacts.LEDGER)));
    assertEquals(List.of(SAMPLE_0, SAMPLE_2), RunFiles.readFailureSamples(into), "shard 0's samples first");
    assertEquals(TELEMETRY, Files.readString(into.resolve("telemetry.csv")), "the polling shard's telemetry");
  }

  @Test
  void theMergedRunRecordSpansTheShardsAndSumsTheirCpu() throws IOException {
    Path into = dir.resolve("merged");
    ShardMerge.merge(threeShards(), into, SLO, JUDGING);

    RunRecord merged = RunFiles.readRun(into);
    assertEquals(MERGED_RUN, merged);
    assertNull(merged.shard(), "the merged run is the run's, no injector's");
  }

  @Test
  void theMergedSummaryIsASingleRunsSummaryOfTheUnionWithTheShardsSection() throws IOException {
    Path into = dir.resolve("merged");
    Summary returned = ShardMerge.merge(threeShards(), into, SLO, JUDGING);

    Path single = folder("single", MERGED_RUN, UNION, List.of(SAMPLE_0, SAMPLE_2), TELEMETRY);
    Summary alone = RunSummary.summarize(RunFiles.readRun(single), RunFacts.read(single), SLO, JUDGING);
    Summary merged = Summary.read(into.resolve(RunFiles.SUMMARY));
    assertEquals(alone.withShards(SHARDS), merged);
    assertEquals(returned, merged);
    assertNull(alone.shards());
    assertEquals("firstbell.summary/5", merged.schema());
    assertEquals(6, merged.logins().attempted());
    assertEquals(4, merged.logins().succeeded());
    assertEquals(300.0, merged.generator().cpuMillisPerLogin()); // 1 800 ms over 6 logins
    assertTrue(merged.generator().saturated(), "shard 1's 95% share is the run's");
    assertTrue(Files.isRegularFile(into.resolve("capacity-report.html")));
    SummarySchema.assertValid(into.resolve(RunFiles.SUMMARY));
  }

  @Test
  void theOrderOfTheFoldersDoesNotChangeABite() throws IOException {
    List<Path> shards = threeShards();
    Path a = dir.resolve("merged-a");
    Path b = dir.resolve("merged-b");
    ShardMerge.merge(shards, a, SLO, JUDGING);
    ShardMerge.merge(List.of(shards.get(2), shards.get(0), shards.get(1)), b, SLO, JUDGING);

    for (String file : List.of(RunFacts.LEDGER, RunFiles.RUN, RunFiles.FAILURE_SAMPLES, RunFiles.SUMMARY, "telemetry.csv")) {
      assertEquals(-1L, Files.mismatch(a.resolve(file), b.resolve(file)), file);
    }
  }

  @Test
  void oneShardSaturatedByItsStartLagMarksTheWholeRunSaturated() throws IOException {
    List<LoginRecord> punctual = new ArrayList<>();
    for (int i = 0; i < 199; i++) punctual.add(ok(1_000 + 100L * i, 1_000 + 100L * i, 1_300 + 100L * i));
    List<Path> shards = List.of(
        folder("punctual", run(0, 30_000, 100, 0.1, Summary.Telemetry.NONE, 0, "run-8", PLAN, 2, "injector-a", 0), punctual, List.of(), null),
        folder("late", run(0, 30_000, 100, 0.1, Summary.Telemetry.NONE, 1, "run-8", PLAN, 2, "injector-b", 0), List.of(ok(2_000, 3_500, 3_900)),
            List.of(), null));
    Path into = dir.resolve("merged");

    Summary merged = ShardMerge.merge(shards, into, SLO, JUDGING);

    assertEquals(0, merged.generator().p99StartLagMs(), "the union's p99 start lag hides the late shard");
    assertTrue(merged.generator().saturated());
    assertEquals(List.of(false, true), merged.shards().stream().map(Summary.ShardSummary::generatorSaturated).toList());
    assertEquals(List.of(199L, 1L), merged.shards().stream().map(Summary.ShardSummary::logins).toList());
    assertTrue(merged.verdict().endsWith(" Shard 1's load generator was saturated, so these numbers do not describe the target."),
        merged.verdict());
    assertEquals(merged, Summary.read(into.resolve(RunFiles.SUMMARY)));
  }

  @Test
  void anUnsaturatedRunStaysUnsaturated() throws IOException {
    List<Path> shards = List.of(
        folder("a", run(0, 30_000, 100, 0.1, Summary.Telemetry.NONE, 0, "run-8", PLAN, 2, "injector-a", 0), List.of(ok(1_000, 1_000, 1_200)),
            List.of(), null),
        folder("b", run(0, 30_000, 100, 0.2, Summary.Telemetry.NONE, 1, "run-8", PLAN, 2, "injector-b", 0), List.of(ok(2_000, 2_000, 2_300)),
            List.of(), null));

    Summary merged = ShardMerge.merge(shards, dir.resolve("merged"), SLO, JUDGING);

    assertFalse(merged.generator().saturated());
    assertEquals(0.2, merged.generator().cpuShare(), "the busiest shard's share");
  }

  @Test
  void regeneratingAMergedRunKeepsItsShardsSection() throws IOException {
    Path into = dir.resolve("merged");
    Summary merged = ShardMerge.merge(threeShards(), into, SLO, JUDGING);

    ReportMain.regenerate(into, FirstBellConfig.withOverrides("firstbell.uptime.window = 10s"));

    Summary again = Summary.read(into.resolve(RunFiles.SUMMARY));
    assertEquals(SHARDS, again.shards());
    assertEquals(merged.logins(), again.logins());
  }

  private void assertRefused(String message, List<Path> folders) {
    Path into = dir.resolve("merged");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(folders, into, SLO, JUDGING));
    assertEquals(message, e.getMessage());
    assertFalse(Files.exists(into), "nothing is written");
  }

  @Test
  void aFolderOfOneInjectorIsRefused() throws IOException {
    List<Path> shards = threeShards();
    Path single = folder("single", MERGED_RUN, UNION, List.of(), null);
    assertRefused(single + "'s run.json names no shard: it is the run of one injector, which needs no merge;"
        + " give only the folders of one sharded run's shards", List.of(shards.get(0), single));
  }

  @Test
  void aFolderWithoutARunRecordIsRefused() throws IOException {
    Path bare = Files.createDirectories(dir.resolve("bare"));
    LedgerCsv.write(bare.resolve(RunFacts.LEDGER), UNION);
    assertRefused(bare + " holds no run.json, so it is no shard of a sharded run; give the folders its shards wrote", List.of(bare));
  }

  @Test
  void shardsOfDifferentRunsAreRefused() throws IOException {
    List<Path> shards = threeShards();
    Path other = folder("other", run(0, 60_000, 600, 0.3, Summary.Telemetry.NONE, 2, "run-9", PLAN, 3, "injector-c", 0), LEDGER_2, List.of(), null);
    assertRefused(shards.get(0) + " and " + other + " are shards of different runs (run-7, run-9); give the folders of one run's shards",
        List.of(other, shards.get(1), shards.get(0)));
  }

  @Test
  void shardsOfDifferentPlansAreRefused() throws IOException {
    List<Path> shards = threeShards();
    Path other = folder("other", run(0, 60_000, 600, 0.3, Summary.Telemetry.NONE, 2, "run-7", "cd".repeat(32), 3, "injector-c", 0), LEDGER_2,
        List.of(), null);
    assertRefused(shards.get(0) + " and " + other + " ran different plans (digest " + PLAN + ", " + "cd".repeat(32)
        + "); every shard of a run must run one plan: run them again from one configuration", List.of(shards.get(0), shards.get(1), other));
  }

  @Test
  void shardsOfDifferentCountsAreRefused() throws IOException {
    List<Path> shards = threeShards();
    Path other = folder("other", run(0, 60_000, 600, 0.3, Summary.Telemetry.NONE, 1, "run-7", PLAN, 2, "injector-c", 0), LEDGER_2, List.of(), null);
    assertRefused(shards.get(0) + " and " + other + " disagree on the shard count (3, 2); every shard of a run must be started with one count:"
        + " run them again from one configuration", List.of(shards.get(0), other, shards.get(2)));
  }

  @Test
  void aShardGivenTwiceIsRefused() throws IOException {
    List<Path> shards = threeShards();
    Path copy = folder("shard-1-copy", run(120, 60_500, 900, 0.95, Summary.Telemetry.NONE, 1, "run-7", PLAN, 3, "injector-b", 120), LEDGER_1,
        List.of(), null);
    assertRefused(shards.get(1) + " and " + copy + " are both shard 1 of 3; give each shard's folder once",
        List.of(copy, shards.get(0), shards.get(1), shards.get(2)));
  }

  @Test
  void aMissingShardIsNamedByIndex() throws IOException {
    List<Path> shards = threeShards();
    assertRefused("shard 2 of 3 is missing: shard 0 in " + shards.get(0) + ", shard 1 in " + shards.get(1) + " were given; add its folder",
        List.of(shards.get(1), shards.get(0)));
  }

  @Test
  void aShardIndexBeyondTheCountIsRefused() throws IOException {
    Path odd = folder("odd", run(0, 60_000, 600, 0.3, Summary.Telemetry.NONE, 3, "run-7", PLAN, 3, "injector-d", 0), LEDGER_2, List.of(), null);
    assertRefused(odd + " is shard 3 of 3, but a run of 3 shards has shards 0 to 2; its run.json is not a shard's", List.of(odd));
  }

  @Test
  void aFolderThatHoldsFilesIsNoPlaceToMergeInto() throws IOException {
    List<Path> shards = threeShards();
    Path into = dir.resolve("merged");
    Files.createDirectories(into);
    Files.writeString(into.resolve("notes.txt"), "keep");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(shards, into, SLO, JUDGING));
    assertEquals(into + " already exists and is not an empty folder; merge --into a new folder", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(shards, shards.get(0), SLO, JUDGING));
    assertEquals(shards.get(0) + " is one of the shards' folders; merge --into a new folder", e.getMessage());
  }

  @Test
  void reportMainMergesTheFoldersGivenBeforeInto() throws IOException {
    List<Path> shards = threeShards();
    Path into = dir.resolve("merged");
    List<String> args = new ArrayList<>(shards.stream().map(Path::toString).toList());
    args.addAll(List.of("--into", into.toString()));

    assertEquals(into, ReportMain.merge(args, FirstBellConfig.withOverrides("")));

    assertEquals(3, Summary.read(into.resolve(RunFiles.SUMMARY)).shards().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReportMain.merge(List.of(shards.get(0).toString()), FirstBellConfig.withOverrides("")));
    assertEquals("merge takes the shards' folders, then --into and the merged run's new folder: merge <shard folder>... --into <folder>",
        e.getMessage());
  }

  // a staircase of four 10 s steps (2, 4, 6 and 8 logins/s in all), each judged on its window 2 s after its start to 2 s
  // before its end, at 1 s after its end
  private static RunRecord.SearchStep stair(int j, Boolean passed) {
    long start = T0 + 10_000L * j;
    return new RunRecord.SearchStep(j + 1, io.firstbell.analysis.Staircase.PHASE, 2.0 * (j + 1), start, start + 11_000, start + 2_000, start + 8_000,
        passed, "judged", "this shard's own logins", 0.1, "none");
  }

  /** five logins of each step's window; in the steps listed as failing, three of them fail */
  private static List<LoginRecord> stairLogins(int steps, int offsetMs, List<Integer> failing) {
    List<LoginRecord> out = new ArrayList<>();
    for (int j = 0; j < steps; j++) {
      for (int i = 0; i < 5; i++) {
        long at = 10_000L * j + 2_500 + i * 1_000 + offsetMs;
        out.add(failing.contains(j) && i < 3 ? failed(at, at, at + 300) : ok(at, at, at + 300));
      }
    }
    return out;
  }

  private Path stairShard(String name, int index, int steps, int offsetMs, List<Integer> failing) throws IOException {
    return stairShard(name, index, steps, offsetMs, failing, 0.2);
  }

  private Path stairShard(String name, int index, int steps, int offsetMs, List<Integer> failing, double cpuShare) throws IOException {
    List<RunRecord.SearchStep> ran = new ArrayList<>();
    for (int j = 0; j < steps; j++) ran.add(stair(j, !failing.contains(j)));
    RunRecord run = new RunRecord(RunRecord.SCHEMA, "BreakingPointSimulation", "https://sso.example.test", T0, T0 + 10_000L * steps + 1_000, 900, cpuShare,
        false, Summary.Telemetry.NONE).withSearch(new RunRecord.Search(8, 200, 0.5, null, ran, true, false, null, null, "this shard's own view", 0))
        .withShard(new RunRecord.Shard(index, 2, "stairs-1", PLAN, "injector-" + index, 0));
    return folder(name, run, stairLogins(steps, offsetMs, failing), List.of(), null);
  }

  @Test
  void aShardedStaircaseIsJudgedFromTheMergedLedgerNotFromAnyOneShardsView() throws IOException {
    // shard 0's own logins all succeed; shard 1's fail in steps 3 and 4: together 7 of 10 succeed there, which breaks the SLO
    Path zero = stairShard("stair-0", 0, 4, 0, List.of());
    Path one = stairShard("stair-1", 1, 4, 500, List.of(2, 3));
    Summary merged = ShardMerge.merge(List.of(zero, one), dir.resolve("stairs"), SLO, JUDGING);
    assertEquals(4, merged.steps().size());
    assertTrue(merged.breakingPoint().found(), merged.breakingPoint().outcome());
    assertEquals(4.0, merged.breakingPoint().maxSustainablePerSec(), "the step below the first failure the step above confirmed");
    assertEquals(6.0, merged.breakingPoint().firstFailingPerSec());
    assertTrue(merged.headline().startsWith("Breaking point: 4 logins/s sustained, 6 logins/s broke the SLO (precision 2)"), merged.headline());
    assertEquals(10, merged.steps().get(2).offeredPerSec() * 6, 0.05, "both shards' logins of the step: 10 in its 6 s window");
  }

  @Test
  void aShardedStaircaseIsJudgedOnlyOnTheStepsEveryShardRan() throws IOException {
    // shard 0 stopped after three steps: the fourth, which only shard 1 ran, is not judged, so step 3's failure is unconfirmed
    Path zero = stairShard("short-0", 0, 3, 0, List.of());
    Path one = stairShard("short-1", 1, 4, 500, List.of(2, 3));
    Summary merged = ShardMerge.merge(List.of(zero, one), dir.resolve("short"), SLO, JUDGING);
    assertEquals(3, merged.steps().size());
    assertFalse(merged.breakingPoint().found());
    assertTrue(merged.breakingPoint().outcome().contains("before a step above confirmed its failure"), merged.breakingPoint().outcome());
    assertFalse(merged.passed());
  }

  @Test
  void aSaturatedShardSpoilsTheStaircasesAnswer() throws IOException {
    Path zero = stairShard("busy-0", 0, 4, 0, List.of(), 0.97);
    Path one = stairShard("busy-1", 1, 4, 500, List.of(2, 3));
    Summary merged = ShardMerge.merge(List.of(zero, one), dir.resolve("busy"), SLO, JUDGING);
    assertTrue(merged.breakingPoint().found(), "the staircase has its answer ...");
    assertFalse(merged.passed(), "... but a staircase runs no step again, so a saturated shard fails the run");
    assertTrue(merged.headline().contains("saturated") && merged.headline().contains("so this answer does not describe the target: run more shards"),
        merged.headline());
  }
}
