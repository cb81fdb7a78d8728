package io.firstbell.report;

import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rebuilds {@code summary.json} and {@code capacity-report.html} of a run folder from its ledger and
 * telemetry, without re-running anything:
 * {@code ./mvnw -q compile exec:java -Dexec.mainClass=io.firstbell.report.ReportMain -Dexec.args="regenerate results/latest"};
 * and compares a run with a baseline, exiting 1 on a regression (for nightly CI):
 * {@code ... -Dexec.args="compare baseline/summary.json results/latest/summary.json"}; and merges the folders of a sharded
 * run's shards into the run's folder: {@code ... -Dexec.args="merge results/shard-0 results/shard-1 --into results/merged"}.
 */
public final class ReportMain {

  private ReportMain() {}

  public static void main(String[] args) {
    try {
      if (args.length == 2 && args[0].equals("regenerate")) {
        Path report = regenerate(Path.of(args[1]), FirstBellConfig.load());
        System.out.println("FirstBell: rebuilt " + report.getParent().resolve("summary.json") + " and " + report);
        return;
      }
      if (args.length == 3 && args[0].equals("compare")) {
        System.exit(compare(Path.of(args[1]), Path.of(args[2]), FirstBellConfig.load()));
        return;
      }
      if (args.length >= 1 && args[0].equals("merge")) {
        Path into = merge(List.of(args).subList(1, args.length), FirstBellConfig.load());
        System.out.println("FirstBell: merged the shards into " + into + " (summary.json, capacity-report.html)");
        return;
      }
      System.err.println("FirstBell: usage: regenerate <run folder> | compare <baseline summary.json> <summary.json or run folder>"
          + " | merge <shard folder>... --into <folder>");
      System.exit(2);
    } catch (SettingsException | IllegalArgumentException | IOException e) {
      System.err.println("FirstBell: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Merges the run folders of a sharded run's shards into one run folder ({@link ShardMerge}), judged by the SLO and
   * thresholds of {@code config}.
   *
   * @param args the shards' folders, then {@code --into <folder>}
   * @return the merged folder
   * @throws IllegalArgumentException when the arguments are not that, or the folders are not every shard of one run
   */
  public static Path merge(List<String> args, Config config) throws IOException {
    int at = args.indexOf("--into");
    if (at < 0 || at != args.size() - 2 || at == 0) {
      throw new IllegalArgumentException("merge takes the shards' folders, then --into and the merged run's new folder:"
          + " merge <shard folder>... --into <folder>");
    }
    Path into = Path.of(args.get(at + 1));
    ShardMerge.merge(args.subList(0, at).stream().map(Path::of).toList(), into, SloSettings.from(config), ResultSettings.from(config));
    return into;
  }

  /**
   * Prints the comparison table of a run against a baseline.
   *
   * @return 0 when nothing regressed, 1 on a regression
   */
  public static int compare(Path baseline, Path now, Config config) throws IOException {
    Summary base = readSummary(baseline);
    Summary current = readSummary(now);
    List<BaselineComparison.Row> rows = BaselineComparison.compare(base, current, BaselineComparison.Tolerances.from(config));
    System.out.print(BaselineComparison.table(rows));
    boolean regressed = BaselineComparison.regressed(rows);
    System.out.println(regressed ? "FirstBell: REGRESSION against " + baseline : "FirstBell: no regression against " + baseline);
    return regressed ? 1 : 0;
  }

  private static Summary readSummary(Path path) throws IOException {
    return Summary.read(Files.isDirectory(path) ? path.resolve(RunFiles.SUMMARY) : path);
  }

  /**
   * Rebuilds every section of the summary from the run folder: its ledger, telemetry, failure samples and run record, judged
   * by the SLO and thresholds of {@code config} (so a run can be judged again under another SLO). A folder written before run
   * records existed keeps its old summary's metadata (simulation, target, times, generator) and its search's or surge's
   * sections, which it cannot recompute; a merged run keeps its shards section, which only the shards' folders could.
   *
   * @return the rebuilt report
   */
  public static Path regenerate(Path folder, Config config) throws IOException {
    RunFacts facts = RunFacts.read(folder);
    RunRecord run = RunFiles.readRun(folder);
    Summary old = Files.isRegularFile(folder.resolve(RunFiles.SUMMARY)) ? Summary.read(folder.resolve(RunFiles.SUMMARY)) : null;
    Summary summary = run != null ? RunSummary.summarize(run, facts, SloSettings.from(config), ResultSettings.from(config))
        : legacy(folder, facts, old, config);
    // a merged run's folder holds no shard's own folder: its shards section is kept as the merge wrote it
    // (a shard's own folder rebuilds its own shard section from its run record)
    if (old != null && old.shards() != null && (run == null || run.shard() == null)) summary = ShardMerge.withShards(summary, old.shards());
    summary.write(folder.resolve(RunFiles.SUMMARY));
    return CapacityReport.write(summary, folder);
  }

  /** The summary of a folder without a run record: its old summary's metadata and own sections, the rest recomputed. */
  private static Summary legacy(Path folder, RunFacts facts, Summary old, Config config) {
    List<LoginRecord> records = facts.ledger();
    long start = old != null ? old.startedAt().toEpochMilli() : records.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(0);
    long end = old != null ? old.endedAt().toEpochMilli() : records.stream().mapToLong(LoginRecord::endMs).max().orElse(start);
    Summary.Generator g = old == null ? null : old.generator();
    double cpuShare = g == null ? 0 : g.cpuShare();
    RunRecord run = new RunRecord(RunRecord.SCHEMA, old != null ? old.simulation() : folder.getFileName().toString(),
        old != null ? old.target() : "unknown", start, end, g == null ? 0 : g.cpuMillisPerLogin() * records.size(), cpuShare, false,
        old == null || old.telemetry() == null ? Summary.Telemetry.NONE : old.telemetry());
    // a summary from before telemetry was recorded says nothing about it: unknown, not "none"
    Summary s = RunSummary.summarize(run, facts, SloSettings.from(config), ResultSettings.from(config))
        .withTelemetry(old == null ? null : old.telemetry());
    if (old == null) return s;
    if (old.steps() != null || old.breakingPoint() != null) s = s.withSearch(old.steps(), old.breakingPoint());
    if (old.autoscaling() != null) s = s.withAutoscaling(old.autoscaling());
    // a run judged by its search or its reaction keeps that judgement; a run judged by the SLO is judged again
    if (old.judgedBy() != null && old.judgedBy() != Summary.JudgedBy.SLO) {
      s = s.judged(old.headline(), old.judgedBy(), old.passed());
    } else if (old.judgedBy() == null && old.breakingPoint() != null) { // a schema /1 search: judged by its answer
      s = s.judged(old.headline(), Summary.JudgedBy.SEARCH, old.breakingPoint().maxSustainablePerSec() != null);
    } else if (old.headline() != null) {
      s = s.judged(old.headline(), s.judgedBy(), s.passed());
    }
    return s.withVerdict(RunSummary.composeVerdict(s));
  }
}
