package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Rebuilds {@code summary.json} and {@code capacity-report.html} of a run folder from its ledger and
 * telemetry, without re-running anything:
 * {@code ./mvnw -q compile exec:java -Dexec.mainClass=io.firstbell.report.ReportMain -Dexec.args="regenerate results/latest"};
 * and compares a run with a baseline, exiting 1 on a regression (for nightly CI):
 * {@code ... -Dexec.args="compare baseline/summary.json results/latest/summary.json"}.
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
      System.err.println("FirstBell: usage: regenerate <run folder> | compare <baseline summary.json> <summary.json or run folder>");
      System.exit(2);
    } catch (SettingsException | IllegalArgumentException | IOException e) {
      System.err.println("FirstBell: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Prints the comparison table of a run against a baseline.
   *
   * @return 0 when nothing regressed, 1 on a regression
   */
  public static int compare(Path baseline, Path now, Config config) throws IOException {
    JsonNode base = readSummary(baseline);
    JsonNode current = readSummary(now);
    List<BaselineComparison.Row> rows = BaselineComparison.compare(base, current, BaselineComparison.Tolerances.from(config));
    System.out.print(BaselineComparison.table(rows));
    boolean regressed = BaselineComparison.regressed(rows);
    System.out.println(regressed ? "FirstBell: REGRESSION against " + baseline : "FirstBell: no regression against " + baseline);
    return regressed ? 1 : 0;
  }

  private static JsonNode readSummary(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("summary.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " does not exist; give a summary.json or a run folder such as results/latest");
    }
    JsonNode summary = RunSummary.read(file);
    if (!RunSummary.READABLE.contains(summary.path("schema").asText())) {
      throw new IllegalArgumentException(file + " is not a FirstBell summary (schema " + RunSummary.SCHEMA + ")");
    }
    return summary;
  }

  /** @return the rebuilt report; the summary's metadata (simulation, target, times, generator) is kept from the old summary */
  public static Path regenerate(Path folder, Config config) throws IOException {
    Path ledger = folder.resolve("logins.csv");
    if (!Files.isRegularFile(ledger)) {
      throw new IllegalArgumentException(folder + " holds no logins.csv; give the folder of a FirstBell run, such as results/latest");
    }
    List<LoginRecord> records = LedgerCsv.read(ledger);
    JsonNode old = Files.isRegularFile(folder.resolve("summary.json")) ? RunSummary.read(folder.resolve("summary.json")) : null;
    long start = old != null ? Instant.parse(old.path("startedAt").asText()).toEpochMilli()
        : records.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(0);
    long end = old != null ? Instant.parse(old.path("endedAt").asText()).toEpochMilli()
        : records.stream().mapToLong(LoginRecord::endMs).max().orElse(start);
    JsonNode g = old == null ? null : old.path("generator");
    double cpuPerLogin = g == null ? 0 : g.path("cpuMillisPerLogin").asDouble();
    ResultSettings judged = ResultSettings.from(config);
    RunSummary.Meta meta = new RunSummary.Meta(
        old != null ? old.path("simulation").asText() : folder.getFileName().toString(),
        old != null ? old.path("target").asText() : "unknown",
        start, end, cpuPerLogin * records.size(), g == null ? 0 : g.path("cpuShare").asDouble(),
        g != null && RunSummary.cpuSaturated(end - start, g.path("cpuShare").asDouble(), judged.maxCpuShare()), judged.maxStartLagMs());
    Path samplesFile = folder.resolve("failure-samples.json");
    List<FailureSamples.Sample> samples = Files.isRegularFile(samplesFile)
        ? List.of(RunSummary.JSON.readValue(samplesFile.toFile(), FailureSamples.Sample[].class)) : List.of();
    ObjectNode summary = RunSummary.build(meta, records, SloSettings.from(config), judged.uptimeWindowMs(), judged.downThreshold(),
        judged.maxStartLagMs(), samples);
    if (old != null) {
      for (String section : List.of("telemetry", "steps", "breakingPoint", "autoscaling", "headline")) {
        if (old.hasNonNull(section)) summary.set(section, old.get(section));
      }
      // a run judged by its search or its reaction keeps that judgement; a run judged by the SLO is judged again
      if (old.hasNonNull("judgedBy") && !old.path("judgedBy").asText().equals("slo")) {
        summary.set("judgedBy", old.get("judgedBy"));
        summary.set("passed", old.get("passed"));
      } else if (!old.has("judgedBy") && old.path("breakingPoint").isObject()) { // a schema /1 search: judged by its answer
        summary.put("judgedBy", "search");
        summary.put("passed", old.path("breakingPoint").path("maxSustainablePerSec").isNumber());
      }
      RunSummary.composeVerdict(summary);
    }
    RunSummary.write(summary, folder.resolve("summary.json"));
    return CapacityReport.write(summary, folder);
  }
}
