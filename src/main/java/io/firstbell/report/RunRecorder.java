package io.firstbell.report;

import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.util.function.UnaryOperator;
import java.util.function.LongSupplier;
import io.firstbell.telemetry.TelemetryRecorder;
import io.firstbell.telemetry.TelemetrySource;
import java.time.Clock;
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
  private final Clock clock;
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
    this(config, simulation, target, stackCpuMillis, Clock.systemUTC());
  }

  /**
   * @param stackCpuMillis CPU of an embedded stack sharing this JVM (subtracted from the generator's), or {@code () -> 0}
   * @param clock the run's one clock: the ledger's, the telemetry's, and the run's start and end
   */
  public RunRecorder(Config config, String simulation, String target, LongSupplier stackCpuMillis, Clock clock) {
    this.clock = clock;
    this.simulation = simulation;
    this.target = target;
    this.stackCpuMillis = stackCpuMillis;
    this.judged = ResultSettings.from(config);
    this.results = Path.of(config.getString("firstbell.results.directory"));
    try {
      this.folder = RunFolder.create(results, simulation, LocalDateTime.ofInstant(clock.instant(), java.time.ZoneId.systemDefault()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a run folder in " + results + ": " + e.getMessage(), e);
    }
    this.ledger = new LoginLedger(folder.resolve("logins.csv"), clock::millis);
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
      telemetry = new TelemetryRecorder(source, interval, folder, clock::millis);
      telemetrySource = name;
    } catch (IOException e) {
      LOG.warn("No telemetry for this run: {}", e.toString());
    }
  }

  /** Marks the start of the load. */
  public void start() {
    startedAt = clock.millis();
    processCpuAtStart = processCpuMillis();
    stackCpuAtStart = stackCpuMillis.getAsLong();
  }

  /**
   * Ends the run: closes the ledger and telemetry, writes the failure samples and the run record ({@code run.json}), then
   * builds the summary from the run folder alone ({@link RunSummary#summarize}, as {@code regenerate} does), writes it and
   * the capacity report, links Gatling's report and {@code results/latest}, and prints the console summary. When the simulation's
   * own record or its analysis fails, the rest is still written, and the run does not pass: its headline says what failed.
   *
   * @param preflightEnabled whether the run had to pass a preflight before any load
   * @param own adds the simulation's own record (a search as it ran, a surge's plan) to the run record
   * @return the summary
   */
  public Summary finish(SloSettings slo, boolean preflightEnabled, UnaryOperator<RunRecord> own) {
    long endedAt = clock.millis();
    long stackCpu = stackCpuMillis.getAsLong() - stackCpuAtStart;
    long generatorCpu = Math.max(0, processCpuMillis() - processCpuAtStart - stackCpu);
    ledger.close();
    if (telemetry != null) telemetry.close();
    try {
      RunFiles.write(ledger.failureSamples().all(), folder.resolve(RunFiles.FAILURE_SAMPLES));
      double cpuShare = generatorCpu / (double) Math.max(1, endedAt - startedAt) / Runtime.getRuntime().availableProcessors();
      Summary.Telemetry health = telemetry == null ? new Summary.Telemetry(telemetrySource, null, 0, 0, null)
          : new Summary.Telemetry(telemetrySource, telemetry.describe(), telemetry.readings(), telemetry.failures(),
              telemetry.lastFailure().isEmpty() ? null : telemetry.lastFailure());
      RunRecord run = new RunRecord(RunRecord.SCHEMA, simulation, target, startedAt, endedAt, generatorCpu, cpuShare, preflightEnabled, health);
      try {
        run = own.apply(run);
      } catch (RuntimeException e) { // the simulation's own record failed: what was measured is still written, and the run does not pass
        LOG.error("The simulation's own results could not be recorded ({}); the run's logins, uptime and report are kept", e.toString(), e);
        run = run.withOwnFailure(e.toString());
      }
      RunFiles.write(run, folder.resolve(RunFiles.RUN));
      Summary summary = RunSummary.summarize(run, RunFacts.read(folder), slo, judged);
      summary.write(folder.resolve(RunFiles.SUMMARY));
      RunFolder.linkGatlingReport(results, folder, simulation);
      Path report = CapacityReport.write(summary, folder);
      RunFolder.linkLatest(results, folder);
      Console.print(summary, ledger.recorded(), report, System.out);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the results of " + folder + ": " + e.getMessage(), e);
    }
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
