import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the main job's answer: runs {@code ./mvnw gatling:test} K times, each in fresh JVMs (a new Maven, a new
 * forked Gatling JVM, a new embedded stack), optionally beside a CPU-noise neighbour that keeps about half a core busy,
 * and prints each answer, its error against the embedded stack's modelled capacity, its wall time, the median and the
 * spread. Run from the project's root, with nothing but a JDK:
 *
 * <pre>
 *   java bench/BreakingPointBenchmark.java --runs 5 --noise 0.5
 *   java bench/BreakingPointBenchmark.java --runs 5 --noise 0.5 -- -Dfirstbell.stack.capacity.instances.slots=6
 *   java bench/BreakingPointBenchmark.java --runs 3 --noise 0.5 --shards 3 -- -Dfirstbell.stack.capacity.instances.initial=4 -Dfirstbell.breaking-point.start=64
 * </pre>
 *
 * Arguments after {@code --} go to every {@code ./mvnw gatling:test}. {@code --tolerance 5} (per cent) and
 * {@code --max-wall 240} (seconds) set what the last line checks; the exit status is 1 when an answer or a wall time
 * is outside them. Each run's console is kept in {@code target/bench/run-N.log}.
 */
public final class BreakingPointBenchmark {

  private static final Pattern ANSWER = Pattern.compile("FirstBell: Breaking point: ([0-9.]+) logins/s sustained");
  private static final Pattern NO_ANSWER = Pattern.compile("FirstBell: ((?:No breaking point: |No trustworthy answer|No breaking point reported)[^\n]*)");
  private static final Pattern UP_TO_MAX = Pattern.compile("FirstBell: No breaking point up to ([0-9.]+) logins/s");
  private static final Pattern MODELLED = Pattern.compile("(?:the embedded stack's|its) modelled capacity: ([0-9.]+) logins/s");
  private static final Pattern RERUNS = Pattern.compile("; (\\d+) steps? re-run");

  record Run(int number, double answer, String noAnswer, double modelled, double wallSeconds, int reruns, int exit) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--noise-only")) {
      noise(Double.parseDouble(args[1]));
      return;
    }
    int runs = 5;
    int shards = 1;
    double noise = 0;
    double tolerance = 5;
    double maxWall = 240;
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--shards" -> shards = Integer.parseInt(args[++i]);
        case "--noise" -> noise = Double.parseDouble(args[++i]);
        case "--tolerance" -> tolerance = Double.parseDouble(args[++i]);
        case "--max-wall" -> maxWall = Double.parseDouble(args[++i]);
        case "--" -> {
          for (i++; i < args.length; i++) extra.add(args[i]);
        }
        default -> {
          System.err.println("usage: java bench/BreakingPointBenchmark.java [--runs K] [--shards N] [--noise CORES] [--tolerance PERCENT] [--max-wall SECONDS] [-- -Dkey=value ...]");
          System.exit(2);
        }
      }
    }
    Path logs = Path.of("target", "bench");
    Files.createDirectories(logs);
    Process neighbour = null;
    if (noise > 0) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      neighbour = new ProcessBuilder(java, "bench/BreakingPointBenchmark.java", "--noise-only", String.valueOf(noise))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      System.out.printf(Locale.ROOT, "noise neighbour: pid %d keeps %.2f of a core busy%n", neighbour.pid(), noise);
    }
    Process finalNeighbour = neighbour;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (finalNeighbour != null) finalNeighbour.destroyForcibly();
    }));
    if (shards > 1) System.out.println("shards: " + shards + " local shard JVMs a run (simulations/local-shards.sh), one reference stack, the answer from the merged ledger");
    System.out.println("extra arguments: " + (extra.isEmpty() ? "(none: the default main job)" : String.join(" ", extra)));
    System.out.println("run  answer/s  modelled/s  error    wall s  re-runs  exit");
    List<Run> done = new ArrayList<>();
    try {
      for (int k = 1; k <= runs; k++) {
        Run r = runOnce(k, shards, extra, logs.resolve("run-" + k + ".log"));
        done.add(r);
        System.out.printf(Locale.ROOT, "%-4d %-9s %-11s %-8s %-7.0f %-8d %d%s%n", r.number(), Double.isNaN(r.answer()) ? "none" : fmt(r.answer()),
            Double.isNaN(r.modelled()) ? "?" : fmt(r.modelled()), Double.isNaN(r.answer()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", error(r)),
            r.wallSeconds(), r.reruns(), r.exit(), r.noAnswer().isEmpty() ? "" : "  " + r.noAnswer());
      }
    } finally {
      if (neighbour != null) neighbour.destroyForcibly();
    }
    double[] answers = done.stream().mapToDouble(Run::answer).filter(a -> !Double.isNaN(a)).sorted().toArray();
    double[] walls = done.stream().mapToDouble(Run::wallSeconds).sorted().toArray();
    double worst = done.stream().mapToDouble(r -> Double.isNaN(r.answer()) ? Double.POSITIVE_INFINITY : Math.abs(error(r))).max().orElse(0);
    System.out.printf(Locale.ROOT, "answers: median %s logins/s, spread %s..%s (%s), %d of %d answered%n",
        answers.length == 0 ? "-" : fmt(median(answers)), answers.length == 0 ? "-" : fmt(answers[0]), answers.length == 0 ? "-" : fmt(answers[answers.length - 1]),
        answers.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f logins/s", answers[answers.length - 1] - answers[0]), answers.length, done.size());
    System.out.printf(Locale.ROOT, "wall time: median %.0f s, spread %.0f..%.0f s%n", median(walls), walls[0], walls[walls.length - 1]);
    boolean ok = worst <= tolerance && walls[walls.length - 1] <= maxWall;
    System.out.printf(Locale.ROOT, "%s: worst error %s (tolerance ±%s%%), slowest run %.0f s (limit %.0f s)%n", ok ? "PASS" : "FAIL",
        Double.isInfinite(worst) ? "no answer" : String.format(Locale.ROOT, "%.1f%%", worst), fmt(tolerance), walls[walls.length - 1], maxWall);
    System.exit(ok ? 0 : 1);
  }

  private static Run runOnce(int k, int shards, List<String> extra, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(shards > 1 ? List.of("simulations/local-shards.sh", String.valueOf(shards), "BreakingPointSimulation")
        : List.of("./mvnw", "-B", "-q", "gatling:test"));
    command.addAll(extra);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Matcher a = ANSWER.matcher(out);
    Matcher max = UP_TO_MAX.matcher(out);
    Matcher none = NO_ANSWER.matcher(out);
    Matcher m = MODELLED.matcher(out);
    Matcher re = RERUNS.matcher(out);
    double answer = a.find() ? Double.parseDouble(a.group(1)) : max.find() ? Double.parseDouble(max.group(1)) : Double.NaN;
    return new Run(k, answer, none.find() ? none.group(1) : "",
        m.find() ? Double.parseDouble(m.group(1)) : Double.NaN, wall, re.find() ? Integer.parseInt(re.group(1)) : 0, exit);
  }

  /** Keeps {@code cores} of one core busy: busy for that share of every 100 ms, asleep for the rest. */
  private static void noise(double cores) throws InterruptedException {
    long busyNanos = (long) (Math.min(1, cores) * 100_000_000L);
    long sink = 0;
    while (true) {
      long until = System.nanoTime() + busyNanos;
      while (System.nanoTime() < until) sink += until ^ sink;
      if (sink == 42) System.out.print("");
      Thread.sleep(100 - busyNanos / 1_000_000);
    }
  }

  private static double error(Run r) {
    return 100 * (r.answer() - r.modelled()) / r.modelled();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
