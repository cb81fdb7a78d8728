package io.firstbell.bench;

import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.report.CapacityReport;
import io.firstbell.report.ResultSettings;
import io.firstbell.report.RunFacts;
import io.firstbell.report.RunSummary;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark: a long run's logins through the ledger and the whole analysis in a small heap. It records {@code N} synthetic
 * logins (150 a second, the length of a 2-hour run for 1.1 million) through a {@link LoginLedger} that keeps the last 2 minutes
 * in memory, as a run does, then builds the summary and the capacity report from the run folder, as a run's end and
 * {@code regenerate} do; it prints the time and the peak heap of each phase.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt) io.firstbell.bench.LedgerScale 1100000
 * </pre>
 */
public final class LedgerScale {

  private LedgerScale() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_100_000;
    Path folder = Files.createTempDirectory("firstbell-ledger-scale");
    long t0 = 1_780_000_000_000L;
    AtomicLong now = new AtomicLong(t0);
    System.out.printf(Locale.ROOT, "ledger scale: %,d logins at 150/s (%.1f h), heap max %d MiB, folder %s%n", n, n / 150.0 / 3600,
        Runtime.getRuntime().maxMemory() >> 20, folder);

    resetPeaks();
    long start = System.nanoTime();
    LoginLedger ledger = new LoginLedger(folder.resolve("logins.csv"), now::get, Duration.ofMinutes(2).toMillis());
    String[] districts = new String[40];
    for (int d = 0; d < districts.length; d++) districts[d] = "district-" + d;
    for (long i = 0; i < n; i++) {
      long scheduled = t0 + i * 1000 / 150;
      now.set(scheduled);
      long id = ledger.begin(scheduled, i % 10 == 0 ? "student-badge" : "student-portal", "student", i % 10 == 0 ? "badge" : "password",
          districts[(int) (i % districts.length)]);
      now.set(scheduled + 200 + (i * 7919) % 400); // 200 to 599 ms
      boolean ok = i % 100 != 0; // 1 % fail
      ledger.end(id, ok, ok ? "" : "Submit credentials", ok ? "" : "http-503", 3, false);
    }
    ledger.close();
    double ledgerSeconds = (System.nanoTime() - start) / 1e9;
    long ledgerPeak = peakHeap();
    System.out.printf(Locale.ROOT, "ledger: %,d rows in %.1f s (%,.0f rows/s), logins.csv %,d MiB, peak heap %d MiB%n", ledger.recorded(), ledgerSeconds,
        ledger.recorded() / ledgerSeconds, Files.size(folder.resolve("logins.csv")) >> 20, ledgerPeak >> 20);

    resetPeaks();
    start = System.nanoTime();
    RunRecord run = new RunRecord(RunRecord.SCHEMA, "LedgerScale", "synthetic", t0, now.get() + 1_000, 0, 0, false, Summary.Telemetry.NONE);
    Summary summary = RunSummary.summarize(run, RunFacts.read(folder), new SloSettings(0.99, Duration.ofSeconds(2)),
        new ResultSettings(60_000, 0.1, 1_000, 0.9));
    summary.write(folder.resolve("summary.json"));
    CapacityReport.write(summary, folder);
    double analysisSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "analysis: summary and report of %,d logins in %.1f s, peak heap %d MiB%n", summary.logins().attempted(), analysisSeconds,
        peakHeap() >> 20);
    System.out.println("verdict: " + summary.verdict());
    System.gc();
    System.out.printf(Locale.ROOT, "heap after GC: %d MiB%n", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
  }

  private static final AtomicLong PEAK = new AtomicLong();

  static {
    Thread sampler = new Thread(() -> { // the heap in use, every 5 ms: its highest since the last reset is the phase's peak
      while (true) {
        PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void resetPeaks() {
    System.gc();
    PEAK.set(0);
  }

  /** @return the most heap in use, sampled every 5 ms, since the last reset */
  private static long peakHeap() {
    return PEAK.get();
  }
}
