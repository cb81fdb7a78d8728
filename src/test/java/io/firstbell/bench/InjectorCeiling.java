package io.firstbell.bench;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.results.Summary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Benchmark: the per-injector ceiling. The standalone reference stack ({@code ReferenceStackMain}, capacity model off) runs
 * pinned to one core, and one generator JVM ({@link InjectorCeilingSimulation}: full portal logins of password students,
 * against the stack as an external {@code reference} target) pinned to another, a fresh generator JVM per rate. Per rate it
 * prints offered logins/s (by scheduled start in the measured window), achieved logins/s (succeeded, by end in the window),
 * success (of the logins offered in the window), start lag p95, login time p95 (from the scheduled start), the generator's CPU per login over the measured window (its
 * process CPU from {@code /proc}, divided by the logins that ended in the window), the summary's own whole-run figure and its
 * saturation flag, and the stack's share of its core. A rate is sustained when achieved ≥ 98 % of offered, success ≥ 99 %,
 * start lag p95 < 100 ms, login time p95 ≤ 2 s (the default SLO: beyond it a backlog builds up) and FirstBell does not call the generator saturated; a run's ceiling is the highest rate sustained
 * with every lower rate sustained too. Several runs (each a fresh stack), then each answer, the median and the spread. A rate
 * during whose measured window other processes used more than a tenth of a core (the machine's busy CPU from {@code /proc/stat},
 * less the generator's and the stack's) is spoiled: printed, measured again (at most twice more), never counted.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.firstbell.bench.InjectorCeiling --runs 3
 * </pre>
 *
 * Options: {@code --runs K} (3), {@code --rates 180,240,...} (logins/s; by default 180 to 480 in steps of 60), {@code --warm S} (10) and {@code --duration S} (20)
 * per rate, {@code --stack-warm-up RATE} (120 logins/s for the same 30 s before the first rate, not counted, so that a cold stack does
 * not fail the first rate; 0: none), {@code --generator-core N} (0) and {@code --stack-core N} (1), {@code --lock FILE} ({@code /tmp/fb-load.lock},
 * held with {@code flock} for each run, so that no other load test shares the machine; {@code none}: no lock), {@code --jfr}
 * (a JFR profile of each generator JVM beside its results, and of the stack beside the run's); arguments after {@code --} go to every generator JVM. Each JVM's
 * console and run folder are kept under {@code target/bench/ceiling/}.
 */
public final class InjectorCeiling {

  private static final double ACHIEVED_SHARE = 0.98;
  private static final double SUCCESS_RATIO = 0.99;
  private static final long MAX_START_LAG_P95_MS = 100;
  private static final long MAX_LOGIN_P95_MS = 2000; // the default SLO's p95 login time: beyond it a backlog is building up
  private static final int RETRIES = 2; // a spoiled point is measured again at most this often
  private static final long CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux: /proc/<pid>/stat counts CPU in 10 ms ticks

  /** One rate of one run, as measured. */
  record Point(double rate, double offeredPerSec, double achievedPerSec, double successRatio, long startLagP95Ms, long loginP95Ms, double cpuMsPerLogin,
      double summaryCpuMsPerLogin, boolean saturated, double stackCoreShare, double otherCores, int exit) {

    /** Other processes used the machine meanwhile: the point measures them too, and is repeated, not believed. */
    boolean spoiled() {
      return otherCores > MAX_OTHER_CORES;
    }

    boolean sustained() {
      return exit == 0 && achievedPerSec >= ACHIEVED_SHARE * offeredPerSec && successRatio >= SUCCESS_RATIO
          && startLagP95Ms < MAX_START_LAG_P95_MS && loginP95Ms <= MAX_LOGIN_P95_MS && !saturated;
    }
  }

  /** A CPU reading of the generator, the stack and the whole machine (every core, every process), in ms, at an epoch ms. */
  record Reading(long atMs, long generatorCpuMs, long stackCpuMs, long machineCpuMs) {}

  /** What the generator and the stack may read from each other's absence: at most this share of a core used by anything else. */
  private static final double MAX_OTHER_CORES = 0.10;

  private InjectorCeiling() {}

  public static void main(String[] args) throws Exception {
    int runs = 3;
    double[] rates = {180, 240, 300, 360, 420, 480};
    double stackWarmUp = 120;
    int warm = 10;
    int duration = 20;
    int generatorCore = 0;
    int stackCore = 1;
    String lock = "/tmp/fb-load.lock";
    boolean jfr = false;
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--rates" -> rates = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
        case "--warm" -> warm = Integer.parseInt(args[++i]);
        case "--stack-warm-up" -> stackWarmUp = Double.parseDouble(args[++i]);
        case "--duration" -> duration = Integer.parseInt(args[++i]);
        case "--generator-core" -> generatorCore = Integer.parseInt(args[++i]);
        case "--stack-core" -> stackCore = Integer.parseInt(args[++i]);
        case "--lock" -> lock = args[++i];
        case "--jfr" -> jfr = true;
        case "--" -> {
          for (i++; i < args.length; i++) extra.add(args[i]);
        }
        default -> {
          System.err.println("usage: InjectorCeiling [--runs K] [--rates R1,R2,...] [--warm S] [--duration S] [--stack-warm-up RATE] [--generator-core N] [--stack-core N]"
              + " [--lock FILE|none] [--jfr] [-- -Dkey=value ...]");
          System.exit(2);
        }
      }
    }
    Path root = Files.createDirectories(Path.of("target", "bench", "ceiling"));
    System.out.printf(Locale.ROOT, "injector ceiling: stack on core %d (capacity model off), generator on core %d; rates %s logins/s, %d s warm + %d s"
        + " measured each, a fresh generator JVM per rate; %d run(s)%n", stackCore, generatorCore, Arrays.toString(rates), warm, duration, runs);
    System.out.println("extra generator arguments: " + (extra.isEmpty() ? "(none)" : String.join(" ", extra)));
    List<List<Point>> all = new ArrayList<>();
    for (int k = 1; k <= runs; k++) {
      Path dir = Files.createDirectories(root.resolve("run-" + k));
      Process held = lock.equals("none") ? null : hold(lock);
      try {
        all.add(runOnce(k, dir, rates, stackWarmUp, warm, duration, generatorCore, stackCore, jfr, extra));
      } finally {
        if (held != null) release(held);
      }
    }
    summarize(all, rates);
  }

  private static List<Point> runOnce(int k, Path dir, double[] rates, double stackWarmUp, int warm, int duration, int generatorCore, int stackCore,
      boolean jfr, List<String> extra) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    int portalPort = freePort();
    int appPort = freePort();
    Path credentials = dir.resolve("credentials.csv").toAbsolutePath();
    List<String> stackCommand = new ArrayList<>(List.of("taskset", "-c", String.valueOf(stackCore), java, "-Xmx1g"));
    if (jfr) stackCommand.add("-XX:StartFlightRecording=filename=" + dir.toAbsolutePath().resolve("stack.jfr") + ",settings=profile,dumponexit=true");
    stackCommand.addAll(List.of("-Dfirstbell.stack.capacity.enabled=off", "-Dfirstbell.stack.portal.port=" + portalPort, "-Dfirstbell.stack.app.port=" + appPort,
        "-Dcredentials=" + credentials, "-cp", classPath, "io.firstbell.stack.ReferenceStackMain"));
    Path stackLog = dir.resolve("stack.log");
    Process stack = new ProcessBuilder(stackCommand).redirectErrorStream(true).redirectOutput(stackLog.toFile()).start();
    List<Point> points = new ArrayList<>();
    try {
      awaitLine(stack, stackLog, "Press Ctrl-C", 120);
      System.out.printf(Locale.ROOT, "%nrun %d: stack pid %d at http://127.0.0.1:%d and http://localhost:%d%n", k, stack.pid(), portalPort, appPort);
      System.out.println("run  rate/s  offered/s  achieved/s  success%  lag p95 ms  login p95 ms  gen CPU ms/login  (summary's)  saturated  stack core%  others  sustained");
      int failedInARow = 0;
      for (int i = stackWarmUp > 0 ? -1 : 0; i < rates.length; i++) {
        boolean warmingUp = i < 0; // a cold stack (its JIT) would fail the first rate, whatever the generator can do
        double rate = warmingUp ? stackWarmUp : rates[i];
        Path out = Files.createDirectories(dir.resolve(warmingUp ? "stack-warm-up" : "rate-" + fmt(rate)));
        List<String> command = new ArrayList<>(List.of("taskset", "-c", String.valueOf(generatorCore), java, "-Xmx1g",
            "--add-opens=java.base/java.lang=ALL-UNNAMED")); // as gatling-maven-plugin does: Gatling reads String internals
        if (jfr) command.add("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().resolve("generator.jfr") + ",settings=profile,dumponexit=true");
        command.addAll(List.of("-Dfirstbell.target.kind=reference", "-Dfirstbell.target.reference.portal-url=http://127.0.0.1:" + portalPort,
            "-Dfirstbell.target.reference.app-url=http://localhost:" + appPort, "-Dfirstbell.target.reference.credentials=" + credentials,
            "-Dfirstbell.telemetry.source=none", "-Dfirstbell.warm-up.duration=0s", "-Dfirstbell.safety.max-rate=" + Math.max(200, (long) Math.ceil(rate)),
            "-Dfirstbell.results.directory=" + out.toAbsolutePath(), "-Dceiling.rate=" + rate, "-Dceiling.warm=" + warm, "-Dceiling.duration=" + duration));
        command.addAll(extra);
        command.addAll(List.of("-cp", classPath, "io.gatling.app.Gatling", "--simulation", InjectorCeilingSimulation.class.getName(),
            "--results-folder", out.toAbsolutePath().toString(), "--launcher", "firstbell-bench"));
        if (warmingUp) {
          deleteRunFolders(out);
          Point w = measure(command, out, stack.pid(), rate, warm, duration);
          System.out.printf(Locale.ROOT, "     the stack warmed up at %s logins/s for %d s (not counted): login p95 %d ms, the stack %.0f%% of its core%n",
              fmt(rate), warm + duration, w.loginP95Ms(), 100 * w.stackCoreShare());
          continue;
        }
        Point p;
        for (int attempt = 1; ; attempt++) {
          deleteRunFolders(out);
          p = measure(command, out, stack.pid(), rate, warm, duration);
          print(k, p);
          if (!p.spoiled()) break;
          if (attempt == 1 + RETRIES) {
            System.out.printf(Locale.ROOT, "     spoiled %d times in a row: the machine is busy with other work; this rate is left out%n", attempt);
            break;
          }
        }
        if (p.spoiled()) continue;
        points.add(p);
        failedInARow = p.sustained() ? 0 : failedInARow + 1;
        if (failedInARow == 2) break; // two rates in a row beyond the ceiling: higher ones say nothing more
      }
    } finally {
      stack.destroy();
      if (!stack.waitFor(30, TimeUnit.SECONDS)) stack.destroyForcibly().waitFor();
    }
    Point top = atCeiling(points);
    System.out.printf(Locale.ROOT, "run %d: ceiling %s logins/s%s; generator CPU %.2f ms per login at the rates sustained (median)%n", k,
        fmt(ceiling(points)), top == null ? "" : String.format(Locale.ROOT, " (there the generator used %.0f%% of its core at %.2f ms per login, the stack %.0f%% of its)",
            top.rate() * top.cpuMsPerLogin() / 10, top.cpuMsPerLogin(), 100 * top.stackCoreShare()), cpuAtSustained(points));
    return points;
  }

  private static void print(int k, Point p) {
    System.out.printf(Locale.ROOT, "%-4d %-7s %-10.1f %-11.1f %-9.2f %-11d %-12d %-17.2f %-12.2f %-10s %-12.0f %-7.2f %s%n", k, fmt(p.rate()), p.offeredPerSec(),
        p.achievedPerSec(), 100 * p.successRatio(), p.startLagP95Ms(), p.loginP95Ms(), p.cpuMsPerLogin(), p.summaryCpuMsPerLogin(), p.saturated() ? "yes" : "no",
        100 * p.stackCoreShare(), p.otherCores(), p.spoiled() ? "SPOILED: other processes used " + String.format(Locale.ROOT, "%.2f", p.otherCores())
            + " of a core; repeated" : p.sustained() ? "yes" : "no" + (p.exit() != 0 ? " (exit " + p.exit() + ")" : ""));
  }

  /** Empties a rate's folder of an earlier attempt's run folders, so that the next attempt's is the one read. */
  private static void deleteRunFolders(Path out) throws IOException {
    try (var s = Files.walk(out)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) if (!p.equals(out)) Files.delete(p);
    }
  }

  /** Runs one generator JVM, reading its and the stack's CPU every 250 ms, and measures its run folder's steady window. */
  private static Point measure(List<String> command, Path out, long stackPid, double rate, int warm, int duration)
      throws IOException, InterruptedException {
    Process generator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("generator.log").toFile()).start();
    List<Reading> readings = new CopyOnWriteArrayList<>();
    Thread sampler = new Thread(() -> {
      while (generator.isAlive()) {
        try {
          readings.add(new Reading(System.currentTimeMillis(), cpuMs(generator.pid()), cpuMs(stackPid), machineCpuMs()));
          Thread.sleep(250);
        } catch (IOException | InterruptedException e) {
          return; // the generator ended between isAlive and the read
        }
      }
    }, "cpu-sampler");
    sampler.start();
    boolean done = generator.waitFor(warm + duration + 180, TimeUnit.SECONDS);
    if (!done) generator.destroyForcibly().waitFor();
    sampler.join();
    int exit = done ? generator.exitValue() : -1;
    Path folder;
    try (var s = Files.list(out)) {
      folder = s.filter(p -> Files.isRegularFile(p.resolve(RunFiles.SUMMARY))).findFirst().orElse(null); // FirstBell's run folder, beside Gatling's
    }
    if (folder == null || !Files.isRegularFile(folder.resolve(RunFiles.SUMMARY))) {
      return new Point(rate, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, true, 0, 0, exit == 0 ? -2 : exit);
    }
    Summary summary = RunFiles.readSummary(folder.resolve(RunFiles.SUMMARY));
    List<LoginRecord> records = LedgerCsv.read(folder.resolve("logins.csv")).stream().filter(r -> LoginRecord.LOAD.equals(r.phase())).toList();
    long loadStart = records.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(0);
    long from = loadStart + warm * 1000L;
    long to = from + duration * 1000L;
    List<LoginRecord> offered = records.stream().filter(r -> r.scheduledStartMs() >= from && r.scheduledStartMs() < to).toList();
    long succeeded = offered.stream().filter(LoginRecord::succeeded).count();
    long achieved = records.stream().filter(r -> r.succeeded() && r.endMs() >= from && r.endMs() < to).count(); // throughput, by end
    long[] lags = offered.stream().mapToLong(r -> r.startMs() - r.scheduledStartMs()).sorted().toArray();
    long[] logins = offered.stream().mapToLong(LoginRecord::loginMs).sorted().toArray();
    long ended = records.stream().filter(r -> r.endMs() >= from && r.endMs() < to).count();
    double generatorCpu = cpuAt(readings, to, Reading::generatorCpuMs) - cpuAt(readings, from, Reading::generatorCpuMs);
    double stackCpu = cpuAt(readings, to, Reading::stackCpuMs) - cpuAt(readings, from, Reading::stackCpuMs);
    double machineCpu = cpuAt(readings, to, Reading::machineCpuMs) - cpuAt(readings, from, Reading::machineCpuMs);
    Summary.Generator g = summary.generator();
    return new Point(rate, offered.size() / (double) duration, achieved / (double) duration, offered.isEmpty() ? 0 : succeeded / (double) offered.size(),
        p95(lags), p95(logins), ended == 0 ? Double.NaN : generatorCpu / ended,
        g == null ? Double.NaN : g.cpuMillisPerLogin(), g != null && g.saturated(), stackCpu / (to - from),
        Math.max(0, machineCpu - generatorCpu - stackCpu) / (to - from), exit);
  }

  private static long p95(long[] sorted) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  }

  /** @return the CPU (ms) at {@code atMs}, linearly between the two readings around it */
  private static double cpuAt(List<Reading> readings, long atMs, ToLongFunction<Reading> cpu) {
    Reading before = null;
    for (Reading r : readings) {
      if (r.atMs() >= atMs) {
        if (before == null) return cpu.applyAsLong(r);
        double f = (atMs - before.atMs()) / (double) Math.max(1, r.atMs() - before.atMs());
        return cpu.applyAsLong(before) + f * (cpu.applyAsLong(r) - cpu.applyAsLong(before));
      }
      before = r;
    }
    return before == null ? 0 : cpu.applyAsLong(before);
  }

  /** @return the CPU every core spent busy so far (user, nice, system, irq, softirq, steal), in ms, from {@code /proc/stat} */
  private static long machineCpuMs() throws IOException {
    String first = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
    String[] f = first.trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
    return busy * CLOCK_TICK_MS;
  }

  /** @return a process's CPU so far (user + system, all its threads), in ms */
  private static long cpuMs(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd (state) on
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_MS; // utime, stime
  }

  /** @return the highest rate sustained with every lower rate sustained too (0 when the first is not) */
  static double ceiling(List<Point> points) {
    double best = 0;
    for (Point p : points) {
      if (!p.sustained()) break;
      best = p.rate();
    }
    return best;
  }

  /** @return the point of the ceiling, or null when no rate was sustained */
  static Point atCeiling(List<Point> points) {
    double c = ceiling(points);
    return points.stream().filter(p -> p.rate() == c && p.sustained()).findFirst().orElse(null);
  }

  /** @return the median of the generator's CPU per login over the rates sustained (NaN when none) */
  static double cpuAtSustained(List<Point> points) {
    double c = ceiling(points);
    return median(points.stream().filter(p -> p.rate() <= c && p.sustained()).mapToDouble(Point::cpuMsPerLogin).sorted().toArray());
  }

  private static void summarize(List<List<Point>> all, double[] rates) {
    System.out.println();
    System.out.println("per rate over the runs: generator CPU ms per login, median (min..max); runs sustained");
    for (double rate : rates) {
      double[] cpu = all.stream().flatMap(List::stream).filter(p -> p.rate() == rate).mapToDouble(Point::cpuMsPerLogin).filter(d -> !Double.isNaN(d))
          .sorted().toArray();
      long sustained = all.stream().flatMap(List::stream).filter(p -> p.rate() == rate && p.sustained()).count();
      long measured = all.stream().flatMap(List::stream).filter(p -> p.rate() == rate).count();
      if (measured == 0) continue;
      System.out.printf(Locale.ROOT, "  %-5s logins/s: %s ms per login; %d of %d sustained%n", fmt(rate),
          cpu.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median(cpu), cpu[0], cpu[cpu.length - 1]), sustained, measured);
    }
    double[] ceilings = all.stream().mapToDouble(InjectorCeiling::ceiling).sorted().toArray();
    double[] cpus = all.stream().mapToDouble(InjectorCeiling::cpuAtSustained).filter(d -> !Double.isNaN(d)).sorted().toArray();
    double[] tops = all.stream().map(InjectorCeiling::atCeiling).filter(p -> p != null).mapToDouble(Point::cpuMsPerLogin).sorted().toArray();
    System.out.printf(Locale.ROOT, "ceiling: %s logins/s per run; median %s, spread %s..%s logins/s%n",
        Arrays.stream(ceilings).mapToObj(InjectorCeiling::fmt).toList(), fmt(median(ceilings)), fmt(ceilings[0]), fmt(ceilings[ceilings.length - 1]));
    if (cpus.length > 0) {
      System.out.printf(Locale.ROOT, "generator CPU per full portal login (at the rates sustained): %s ms per run; median %.2f, spread %.2f..%.2f ms"
              + " = %.0f logins/s per generator core%n", Arrays.stream(cpus).mapToObj(d -> String.format(Locale.ROOT, "%.2f", d)).toList(), median(cpus),
          cpus[0], cpus[cpus.length - 1], 1000 / median(cpus));
    }
    if (tops.length > 0) {
      System.out.printf(Locale.ROOT, "generator CPU per full portal login at the ceiling: %s ms per run; median %.2f, spread %.2f..%.2f ms"
              + " = %.0f logins/s per generator core%n", Arrays.stream(tops).mapToObj(d -> String.format(Locale.ROOT, "%.2f", d)).toList(), median(tops),
          tops[0], tops[tops.length - 1], 1000 / median(tops));
    }
  }

  /** Holds {@code file} with {@code flock} (the lock every load test on this machine takes) until {@link #release}. */
  private static Process hold(String file) throws IOException {
    System.out.println("waiting for the load lock " + file + " ...");
    Process p = new ProcessBuilder("flock", file, "sh", "-c", "echo held; exec cat").redirectErrorStream(true).start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!"held".equals(line)) throw new IOException("could not take the load lock " + file + " with flock: " + line);
    return p;
  }

  private static void release(Process held) throws IOException, InterruptedException {
    try (OutputStream in = held.getOutputStream()) {
      in.flush(); // closing stdin ends cat, and flock with it
    }
    if (!held.waitFor(10, TimeUnit.SECONDS)) held.destroy();
  }

  private static void awaitLine(Process p, Path log, String text, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
      if (!p.isAlive() || System.nanoTime() > deadline) throw new IOException("the reference stack never printed '" + text + "':\n" + Files.readString(log));
      Thread.sleep(200);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
