package io.firstbell.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.LongSupplier;
import io.firstbell.telemetry.TelemetryRecorder;
import io.firstbell.telemetry.TelemetrySource;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's results, from start to report: creates the run folder and its ledger, records the
 * target's telemetry, measures the generator's CPU, and at the end writes {@code summary.json} and
 * {@code capacity-report.html}, links Gatling's report and {@code results/latest}, and prints the
 * short console summary. Data flows one way: ledger and telemetry in, analysis, then report.
 */
public final class RunRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  private final String simulation;
  private final String target;
  private final Path results;
  private final Path folder;
  private final LoginLedger ledger;
  private final LongSupplier stackCpuMillis;
  private final ResultSettings judged;
  private TelemetryRecorder telemetry;
  private String telemetrySource = "none";
  private long startedAt;
  private long processCpuAtStart;
  private long stackCpuAtStart;

  /**
   * @param stackCpuMillis CPU of an embedded stack sharing this JVM (subtracted from the generator's), or {@code () -> 0}
   */
  public RunRecorder(Config config, String simulation, String target, LongSupplier stackCpuMillis) {
    this.simulation = simulation;
    this.target = target;
    this.stackCpuMillis = stackCpuMillis;
    this.judged = ResultSettings.from(config);
    this.results = Path.of(config.getString("firstbell.results.directory"));
    try {
      this.folder = RunFolder.create(results, simulation, LocalDateTime.now());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a run folder in " + results + ": " + e.getMessage(), e);
    }
    this.ledger = new LoginLedger(folder.resolve("logins.csv"), System::currentTimeMillis);
  }

  public LoginLedger ledger() {
    return ledger;
  }

  public Path folder() {
    return folder;
  }

  /**
   * Starts recording the target's telemetry from {@code source} every {@code interval}.
   *
   * @param name the source's name for the summary (reference, prometheus)
   */
  public void recordTelemetry(String name, TelemetrySource source, Duration interval) {
    try {
      telemetry = new TelemetryRecorder(source, interval, folder, System::currentTimeMillis);
      telemetrySource = name;
    } catch (IOException e) {
      LOG.warn("No telemetry for this run: {}", e.toString());
    }
  }

  /** Marks the start of the load. */
  public void start() {
    startedAt = System.currentTimeMillis();
    processCpuAtStart = processCpuMillis();
    stackCpuAtStart = stackCpuMillis.getAsLong();
  }

  /**
   * Ends the run: closes the ledger and telemetry, analyses, writes the summary and the report.
   *
   * @return the summary
   */
  public ObjectNode finish(SloSettings slo) {
    return finish(slo, s -> {});
  }

  /**
   * Ends the run, letting the simulation add its own sections to the summary before it is written.
   *
   * @return the summary
   */
  public ObjectNode finish(SloSettings slo, java.util.function.Consumer<ObjectNode> sections) {
    long endedAt = System.currentTimeMillis();
    long stackCpu = stackCpuMillis.getAsLong() - stackCpuAtStart;
    long generatorCpu = Math.max(0, processCpuMillis() - processCpuAtStart - stackCpu);
    ledger.close();
    if (telemetry != null) telemetry.close();
    try {
      List<LoginRecord> records = ledger.records(); // the same rows as logins.csv, already in memory
      List<io.firstbell.ledger.FailureSamples.Sample> samples = ledger.failureSamples().all();
      RunSummary.JSON.writeValue(folder.resolve("failure-samples.json").toFile(), samples);
      double cpuShare = generatorCpu / (double) Math.max(1, endedAt - startedAt) / Runtime.getRuntime().availableProcessors();
      RunSummary.Meta meta = new RunSummary.Meta(simulation, target, startedAt, endedAt, generatorCpu, cpuShare,
          RunSummary.cpuSaturated(endedAt - startedAt, cpuShare, judged.maxCpuShare()), judged.maxStartLagMs());
      ObjectNode summary = RunSummary.build(meta, records, slo, judged.uptimeWindowMs(), judged.downThreshold(), judged.maxStartLagMs(), samples);
      ObjectNode t = summary.putObject("telemetry");
      t.put("source", telemetrySource);
      if (telemetry == null) {
        t.putNull("from");
        t.put("readings", 0);
        t.put("failedReadings", 0);
        t.putNull("lastFailure");
      } else {
        t.put("from", telemetry.describe());
        t.put("readings", telemetry.readings());
        t.put("failedReadings", telemetry.failures());
        if (telemetry.lastFailure().isEmpty()) t.putNull("lastFailure"); else t.put("lastFailure", telemetry.lastFailure());
      }
      try {
        sections.accept(summary);
      } catch (RuntimeException e) { // the simulation's own analysis failed: what was measured is still written
        LOG.error("The simulation's own results could not be added to the summary ({}); the run's logins, uptime and report are kept", e.toString(), e);
        summary.put("headline", "The simulation's own analysis failed (" + e + ").");
        summary.put("passed", false);
      }
      RunSummary.composeVerdict(summary);
      RunSummary.write(summary, folder.resolve("summary.json"));
      RunFolder.linkGatlingReport(results, folder, simulation);
      Path report = CapacityReport.write(summary, folder);
      RunFolder.linkLatest(results, folder);
      var logins = summary.path("logins");
      if (logins.path("attempted").asLong() == 0) {
        System.out.println("FirstBell: no judged logins" + (records.isEmpty() ? "" : " (" + records.size() + " preflight or warm-up logins, never judged)"));
      } else {
      System.out.printf(java.util.Locale.ROOT, "FirstBell: %,d logins, %.2f%% succeeded, p95 login %d ms, uptime %.1f%% (%d of %d windows down)%s%n",
          logins.path("attempted").asLong(), 100 * logins.path("successRatio").asDouble(), summary.path("latency").path("p95Ms").asLong(),
          summary.path("uptime").path("uptimePercent").asDouble(), summary.path("uptime").path("downWindows").asLong(),
          summary.path("uptime").path("upWindows").asLong() + summary.path("uptime").path("downWindows").asLong(),
          telemetry != null && telemetry.failures() > 0
              ? "; " + telemetry.failures() + " of " + (telemetry.failures() + telemetry.readings()) + " telemetry readings failed (last: " + telemetry.lastFailure() + ")"
              : "");
      var g = summary.path("generator");
      System.out.printf(java.util.Locale.ROOT, "FirstBell: generator %s: %.1f ms CPU per login (%.0f%% of the machine), logins started late by p99 %d ms, max %d ms%n",
          g.path("saturated").asBoolean() ? "SATURATED" : "not saturated", g.path("cpuMillisPerLogin").asDouble(), 100 * g.path("cpuShare").asDouble(),
          g.path("p99StartLagMs").asLong(), g.path("maxStartLagMs").asLong());
      }
      int shown = 0;
      for (var f : summary.path("failures")) {
        if (shown++ == 5) {
          System.out.println("FirstBell:   ... and " + (summary.path("failures").size() - 5) + " more (step, kind) pairs: see the capacity report");
          break;
        }
        var sample = f.path("samples").path(0);
        System.out.printf(java.util.Locale.ROOT, "FirstBell: failed %,d at \"%s\" (%s)%s%n", f.path("count").asLong(), f.path("step").asText(), f.path("kind").asText(),
            sample.isMissingNode() ? "" : ": " + (sample.path("status").asInt() > 0 ? "HTTP " + sample.path("status").asInt() + " " : "")
                + (sample.path("url").asText().isEmpty() ? "" : "at " + sample.path("url").asText() + " ")
                + (sample.path("body").asText().isEmpty() ? "" : "— \"" + abbreviate(sample.path("body").asText(), 160) + "\""));
      }
      if (logins.path("cutShort").asLong() > 0) {
        System.out.printf(java.util.Locale.ROOT, "FirstBell: %,d logins cut short: still running when the run ended, or given up on (not counted as the target's failures)%n",
            logins.path("cutShort").asLong());
      }
      System.out.println("FirstBell: capacity report " + report.toAbsolutePath());
      System.out.println("FirstBell: " + summary.path("verdict").asText());
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the results of " + folder + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** @return the generator's CPU so far (ms): this process's, less the embedded stack's */
  public long generatorCpuMillis() {
    return Math.max(0, processCpuMillis() - stackCpuMillis.getAsLong());
  }

  private static long processCpuMillis() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1_000_000 : 0;
  }
}
