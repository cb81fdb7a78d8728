package io.firstbell.report;

import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Joins the run folders of a sharded run, one per injector, into the run's own folder: the union of their ledgers, one run
 * record, and a {@code summary.json} computed by {@link RunSummary#summarize} as a single run's is, plus a {@code shards}
 * section. The merge does not depend on the order the folders are given in. Pure but for reading and writing the folders.
 */
public final class ShardMerge {

  /** The files copied from the shard that polled the target's telemetry. */
  static final List<String> TELEMETRY_FILES = List.of("telemetry.csv", "events.csv");

  /** What one shard's folder recorded. */
  public record Shard(Path folder, RunRecord run, RunFacts facts) {

    /** @return this shard's record of its place in the run */
    public RunRecord.Shard identity() {
      return run.shard();
    }
  }

  /** The rows of a merged ledger: by scheduled start, then start, then the rest of the row, so that every merge orders them alike. */
  public static final Comparator<LoginRecord> LEDGER_ORDER = Comparator.comparingLong(LoginRecord::scheduledStartMs)
      .thenComparingLong(LoginRecord::startMs).thenComparingLong(LoginRecord::endMs)
      .thenComparing(LoginRecord::journey, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::persona, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::method, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::district, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::outcome, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::failedStep, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(LoginRecord::failureKind, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingInt(LoginRecord::requests).thenComparing(LoginRecord::mistyped).thenComparingLong(LoginRecord::thinkMs)
      .thenComparing(LoginRecord::phase, Comparator.nullsFirst(Comparator.naturalOrder()));

  private ShardMerge() {}

  /**
   * Reads the shards' folders and checks that they are every shard of one run, each once.
   *
   * @return the shards, by index
   * @throws IllegalArgumentException naming the folders and the fix when they are not
   */
  public static List<Shard> read(List<Path> folders) throws IOException {
    if (folders.isEmpty()) {
      throw new IllegalArgumentException("merge needs the folders of a sharded run's shards: merge <shard folder>... --into <folder>");
    }
    List<Shard> shards = new ArrayList<>();
    for (Path folder : folders) {
      RunRecord run = RunFiles.readRun(folder);
      if (run == null) {
        throw new IllegalArgumentException(folder + " holds no " + RunFiles.RUN + ", so it is no shard of a sharded run; give the folders its shards wrote");
      }
      if (run.shard() == null) {
        throw new IllegalArgumentException(folder + "'s " + RunFiles.RUN + " names no shard: it is the run of one injector, which needs no merge;"
            + " give only the folders of one sharded run's shards");
      }
      shards.add(new Shard(folder, run, RunFacts.read(folder)));
    }
    return check(shards);
  }

  /**
   * Checks that {@code shards} are every shard of one run, each once: one run id, one plan, one count, and each index from 0
   * to count - 1 once.
   *
   * @return the shards, by index
   * @throws IllegalArgumentException naming the folders and the fix when they are not
   */
  public static List<Shard> check(List<Shard> shards) {
    List<Shard> byIndex = shards.stream()
        .sorted(Comparator.comparingInt((Shard s) -> s.identity().index()).thenComparing(s -> s.folder().toString())).toList();
    Shard first = byIndex.get(0);
    RunRecord.Shard id = first.identity();
    for (Shard s : byIndex) {
      RunRecord.Shard other = s.identity();
      if (!Objects.equals(id.runId(), other.runId())) {
        throw new IllegalArgumentException(first.folder() + " and " + s.folder() + " are shards of different runs (" + id.runId() + ", "
            + other.runId() + "); give the folders of one run's shards");
      }
      if (!Objects.equals(id.planDigest(), other.planDigest())) {
        throw new IllegalArgumentException(first.folder() + " and " + s.folder() + " ran different plans (digest " + id.planDigest() + ", "
            + other.planDigest() + "); every shard of a run must run one plan: run them again from one configuration");
      }
      if (id.count() != other.count()) {
        throw new IllegalArgumentException(first.folder() + " and " + s.folder() + " disagree on the shard count (" + id.count() + ", "
            + other.count() + "); every shard of a run must be started with one count: run them again from one configuration");
      }
      if (other.index() < 0 || other.index() >= other.count()) {
        throw new IllegalArgumentException(s.folder() + " is shard " + other.index() + " of " + other.count() + ", but a run of " + other.count()
            + " shards has shards 0 to " + (other.count() - 1) + "; its " + RunFiles.RUN + " is not a shard's");
      }
    }
    for (int i = 1; i < byIndex.size(); i++) {
      if (byIndex.get(i).identity().index() == byIndex.get(i - 1).identity().index()) {
        throw new IllegalArgumentException(byIndex.get(i - 1).folder() + " and " + byIndex.get(i).folder() + " are both shard "
            + byIndex.get(i).identity().index() + " of " + id.count() + "; give each shard's folder once");
      }
    }
    String given = byIndex.stream().map(s -> "shard " + s.identity().index() + " in " + s.folder()).collect(Collectors.joining(", "));
    for (int i = 0; i < id.count(); i++) {
      int index = i;
      if (byIndex.stream().noneMatch(s -> s.identity().index() == index)) {
        throw new IllegalArgumentException("shard " + i + " of " + id.count() + " is missing: " + given + " were given; add its folder");
      }
    }
    return byIndex;
  }

  /** @return the union of the shards' ledgers, in {@link #LEDGER_ORDER} */
  public static List<LoginRecord> ledger(List<Shard> shards) {
    return shards.stream().flatMap(s -> s.facts().ledger().stream()).sorted(LEDGER_ORDER).toList();
  }

  /**
   * @return every shard's failure samples, shard 0's first, each shard's in its own order (each injector kept its own few of
   *     each failure, so a merged run may hold up to count times as many as one injector keeps)
   */
  public static List<FailureSamples.Sample> samples(List<Shard> shards) {
    return shards.stream().flatMap(s -> s.facts().samples().stream()).toList();
  }

  /**
   * @return the shard that polled the target's telemetry: the first, by index, whose folder has telemetry readings (one
   *     injector polls; the others' files are empty), or null when none has
   */
  public static Shard telemetryShard(List<Shard> shards) {
    return shards.stream().filter(s -> !s.facts().telemetry().isEmpty()).findFirst().orElse(null);
  }

  /**
   * The run record of the whole run:
   * <ul>
   *   <li>its simulation, target, preflight, dry run and own plan (a search's, a surge's or a replay's record) are shard 0's:
   *       every shard ran the same plan;
   *   <li>it started with the earliest shard and ended with the latest;
   *   <li>the generators' CPU is the shards' sum, and its share of the cores is the busiest shard's (the maximum, not the
   *       mean): each share is of its own machine, and a run is limited by its busiest injector, whose saturation a mean would
   *       hide;
   *   <li>its telemetry's health is the polling shard's ({@link #telemetryShard}), else shard 0's;
   *   <li>its own failure and interruption are the first shard's that has one, by index, named ("shard 1: ..."): a run one of
   *       whose injectors was interrupted was interrupted;
   *   <li>it has no shard: it is the run's record, not an injector's.
   * </ul>
   */
  public static RunRecord record(List<Shard> shards) {
    RunRecord first = shards.get(0).run();
    Shard polled = telemetryShard(shards);
    long start = shards.stream().mapToLong(s -> s.run().startedAtMs()).min().orElseThrow();
    long end = shards.stream().mapToLong(s -> s.run().endedAtMs()).max().orElseThrow();
    double cpu = shards.stream().mapToDouble(s -> s.run().generatorCpuMillis()).sum();
    double share = shards.stream().mapToDouble(s -> s.run().generatorCpuShare()).max().orElseThrow();
    return new RunRecord(RunRecord.SCHEMA, first.simulation(), first.target(), start, end, cpu, share, first.preflightEnabled(),
        polled != null ? polled.run().telemetry() : first.telemetry(), search(shards), first.surge(),
        firstNamed(shards, s -> s.run().ownFailure()), firstNamed(shards, s -> s.run().interrupted()), first.dryRun(), first.replay(), null);
  }

  /**
   * @return the search of the run: shard 0's; for a staircase (a sharded run's search), only the steps every shard ran, since
   *     each shard stops once its own logins show the answer is past, and a step some shards did not run would be judged on part
   *     of its load
   */
  static RunRecord.Search search(List<Shard> shards) {
    RunRecord.Search first = shards.get(0).run().search();
    if (first == null || first.steps().stream().noneMatch(st -> io.firstbell.analysis.Staircase.PHASE.equals(st.phase()))) return first;
    RunRecord.Search shortest = shards.stream().map(s -> s.run().search()).filter(java.util.Objects::nonNull)
        .min(Comparator.comparingInt(s -> s.steps().size())).orElse(first);
    return shortest;
  }

  private static String firstNamed(List<Shard> shards, java.util.function.Function<Shard, String> what) {
    return shards.stream().filter(s -> what.apply(s) != null).findFirst()
        .map(s -> "shard " + s.identity().index() + ": " + what.apply(s)).orElse(null);
  }

  /**
   * @return each shard's share of the run, by index: its ledger's logins (every phase) and those that succeeded, and its
   *     generator's cost and saturation judged as its own folder's summary judges them
   */
  public static List<Summary.ShardSummary> shardSummaries(List<Shard> shards, SloSettings slo, ResultSettings judging) {
    return shards.stream().map(s -> {
      Summary.Generator g = RunSummary.summarize(s.run(), s.facts(), slo, judging).generator();
      List<LoginRecord> ledger = s.facts().ledger();
      return new Summary.ShardSummary(s.identity().index(), s.identity().host(), s.identity().startSkewMs(), ledger.size(),
          ledger.stream().filter(LoginRecord::succeeded).count(), g.saturated(), g.cpuMillisPerLogin(), s.identity().late());
    }).toList();
  }

  /**
   * Merges the shards' folders into {@code into}, a new or empty folder: {@code logins.csv}, {@code failure-samples.json},
   * {@code run.json}, the polling shard's {@code telemetry.csv} and {@code events.csv}, then {@code summary.json} (the
   * summary of a single run of the merged facts, with the shards section, its generator saturated when any shard's was) and
   * the capacity report. Nothing is written when the folders are refused.
   *
   * @return the merged summary
   * @throws IllegalArgumentException naming the folders and the fix when they are not every shard of one run, or when
   *     {@code into} is one of them or holds files already
   */
  public static Summary merge(List<Path> folders, Path into, SloSettings slo, ResultSettings judging) throws IOException {
    for (Path f : folders) {
      if (f.toAbsolutePath().normalize().equals(into.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(into + " is one of the shards' folders; merge --into a new folder");
      }
    }
    if (Files.exists(into) && (!Files.isDirectory(into) || hasFiles(into))) {
      throw new IllegalArgumentException(into + " already exists and is not an empty folder; merge --into a new folder");
    }
    List<Shard> shards = read(folders);
    RunRecord run = record(shards);
    List<LoginRecord> ledger = ledger(shards);
    List<FailureSamples.Sample> samples = samples(shards);
    Files.createDirectories(into);
    LedgerCsv.write(into.resolve(RunFacts.LEDGER), ledger);
    RunFiles.write(samples, into.resolve(RunFiles.FAILURE_SAMPLES));
    RunFiles.write(run, into.resolve(RunFiles.RUN));
    Shard polled = telemetryShard(shards);
    if (polled != null) {
      for (String name : TELEMETRY_FILES) {
        Path file = polled.folder().resolve(name);
        if (Files.isRegularFile(file)) Files.copy(file, into.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Summary summary = withShards(RunSummary.summarize(run, RunFacts.read(into), slo, judging), shardSummaries(shards, slo, judging));
    summary.write(into.resolve(RunFiles.SUMMARY));
    CapacityReport.write(summary, into);
    return summary;
  }

  /**
   * @return {@code s} with its shards section; when a shard's generator was saturated though the whole run's figures do not
   *     show it (one late injector among punctual ones), the verdict says which and that the numbers do not describe the target
   */
  static Summary withShards(Summary s, List<Summary.ShardSummary> shards) {
    Summary merged = s.withShards(shards);
    List<Integer> saturated = shards.stream().filter(Summary.ShardSummary::generatorSaturated).map(Summary.ShardSummary::index).toList();
    boolean staircase = s.steps() != null && s.steps().stream().anyMatch(st -> io.firstbell.analysis.Staircase.PHASE.equals(st.phase()));
    String which = saturated.size() == 1 ? "shard " + saturated.get(0) + "'s load generator was"
        : "the load generators of shards " + saturated.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " were";
    if (staircase && s.passed() && !saturated.isEmpty()) { // a staircase runs no step again: a saturated shard spoils its answer
      merged = merged.judged(merged.headline() + " But " + which + " saturated, so this answer does not describe the target: run more shards,"
          + " or give each more CPU.", merged.judgedBy(), false);
      merged = merged.withVerdict(RunSummary.composeVerdict(merged));
    } else if (!s.generator().saturated() && !saturated.isEmpty()) {
      merged = merged.withVerdict(merged.verdict() + " " + Character.toUpperCase(which.charAt(0)) + which.substring(1)
          + " saturated, so these numbers do not describe the target.");
    }
    String late = Summary.lateShards(shards);
    return late.isEmpty() ? merged : merged.withVerdict(merged.verdict() + " " + late);
  }

  private static boolean hasFiles(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.findAny().isPresent();
    }
  }
}
