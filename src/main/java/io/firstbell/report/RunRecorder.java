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
    this.ledger = new LoginLedger(folder.resolve("logins.csv"), clock::millis,
        new io.firstbell.config.Checks(config, "firstbell.results").positiveDuration("in-memory").toMillis());
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
    return finish(slo, preflightEnabled, own, null);
  }

  /**
   * Ends the run as {@link #finish(SloSettings, boolean, UnaryOperator)} does; {@code interrupted} says why it ended before
   * its plan did (null when it did not). When {@code logins.csv} could not be written, the summary is built from the rows it
   * holds and those the ledger kept in memory, and the run counts as interrupted by that.
   */
  public Summary finish(SloSettings slo, boolean preflightEnabled, UnaryOperator<RunRecord> own, String interrupted) {
    long endedAt = clock.millis();
    long stackCpu = stackCpuMillis.getAsLong() - stackCpuAtStart;
    long generatorCpu = Math.max(0, processCpuMillis() - processCpuAtStart - stackCpu);
    ledger.close();
    if (telemetry != null) telemetry.close();
    try {
      keep(folder.resolve(RunFiles.FAILURE_SAMPLES), () -> RunFiles.write(ledger.failureSamples().all(), folder.resolve(RunFiles.FAILURE_SAMPLES)));
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
      IOException ledgerFailure = ledger.writeFailure();
      String why = interrupted != null ? interrupted
          : ledgerFailure != null ? "the login ledger " + ledger.file() + " could not be written (" + ledgerFailure.getMessage() + ")" : null;
      if (why != null) run = run.withInterrupted(why);
      RunFacts facts = ledgerFailure == null ? RunFacts.read(folder) : RunFacts.read(folder, ledger.rows());
      RunRecord record = run;
      keep(folder.resolve(RunFiles.RUN), () -> RunFiles.write(record, folder.resolve(RunFiles.RUN)));
      Summary summary = RunSummary.summarize(run, facts, slo, judged);
      keep(folder.resolve(RunFiles.SUMMARY), () -> summary.write(folder.resolve(RunFiles.SUMMARY)));
      keep(folder.resolve("gatling"), () -> RunFolder.linkGatlingReport(results, folder, simulation));
      Path report = folder.resolve("capacity-report.html");
      keep(report, () -> CapacityReport.write(summary, folder));
      keep(results.resolve("latest"), () -> RunFolder.linkLatest(results, folder));
      Console.print(summary, ledger.recorded(), report, System.out);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read back the results of " + folder + ": " + e.getMessage(), e);
    }
  }

  /** A write of the run's results. */
  private interface Write {
    void run() throws IOException;
  }

  /** Runs {@code write}; when it fails (a full disk), says so and goes on, so that what can be kept is kept and the summary is printed. */
  private static void keep(Path what, Write write) {
    try {
      write.run();
    } catch (IOException | UncheckedIOException e) {
      System.out.println("FirstBell: " + what + " could not be written: " + e.getMessage());
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
