package io.firstbell.bench;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark: one steady plan against one standalone reference stack, as one injector JVM and as N local shards
 * ({@link io.firstbell.shard.LocalShards}), each several times in fresh JVMs, alternating. Per run it prints the logins offered
 * in each second of the judged load (by scheduled start, from the load's start), the outcome counts, p95 and the generator's
 * state; then whether every run's per-second offered counts are the same, and the spread of the outcomes and p95 by mode.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.firstbell.bench.ShardedSteady --runs 2 --shards 3 --rate 60 --duration 60s
 * </pre>
 */
public final class ShardedSteady {

  private static final Pattern APP = Pattern.compile("sample app: +(\\S+)/");
  private static final Pattern PORTAL = Pattern.compile("oidc: +(\\S+)/\\.well-known");

  record Result(String mode, int run, long[] perSecond, long attempted, long succeeded, long failed, long p95Ms, boolean saturated, double cpuMsPerLogin) {}

  public static void main(String[] args) throws Exception {
    int runs = 2;
    int shards = 3;
    double rate = 60;
    String duration = "60s";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--shards" -> shards = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--duration" -> duration = args[++i];
        default -> throw new IllegalArgumentException("usage: ShardedSteady [--runs K] [--shards N] [--rate R] [--duration 60s]");
      }
    }
    Path dir = Path.of("target", "bench", "sharded-steady-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Path credentials = dir.resolve("credentials.csv").toAbsolutePath();
    // the standalone stack: a fixed fleet of 4 instances (modelled capacity about 80 logins/s), so that the plan is sustainable
    Process stack = new ProcessBuilder(java, "-Xmx2g", "-cp", cp, "-Dfirstbell.stack.portal.port=" + freePort(), "-Dfirstbell.stack.app.port=" + freePort(),
        "-Dfirstbell.stack.capacity.instances.initial=4", "-Dfirstbell.stack.capacity.autoscaler.enabled=false", "-Dcredentials=" + credentials,
        "io.firstbell.stack.ReferenceStackMain").redirectErrorStream(true).redirectOutput(dir.resolve("stack.log").toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(stack::destroy));
    String stackLog = await(dir.resolve("stack.log"), "Press Ctrl-C", stack);
    Matcher portal = PORTAL.matcher(stackLog);
    Matcher app = APP.matcher(stackLog);
    if (!portal.find() || !app.find()) throw new IllegalStateException("the stack printed no URLs:\n" + stackLog);
    List<String> common = List.of("-Dfirstbell.target.reference.portal-url=" + portal.group(1), "-Dfirstbell.target.reference.app-url=" + app.group(1),
        "-Dfirstbell.target.reference.credentials=" + credentials, "-Dfirstbell.load.student-login.logins-per-second=" + rate,
        "-Dfirstbell.load.student-login.ramp=0s", "-Dfirstbell.load.student-login.duration=" + duration);
    System.out.printf(Locale.ROOT, "plan: %s logins/s for %s after the default warm-up, StudentLoginSimulation, against the standalone stack at %s%n", rate,
        duration, portal.group(1));
    List<Result> results = new ArrayList<>();
    try {
      for (int k = 1; k <= runs; k++) {
        Path single = dir.resolve("single-" + k).toAbsolutePath();
        List<String> one = new ArrayList<>(List.of(java, "-Xmx1g", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        one.addAll(common);
        one.addAll(List.of("-Dfirstbell.results.directory=" + single, "-cp", cp, "io.gatling.app.Gatling", "--simulation",
            "io.firstbell.simulations.StudentLoginSimulation", "--results-folder", single.resolve("gatling").toString(), "--launcher", "firstbell-bench"));
        run(one, dir.resolve("single-" + k + ".log"));
        results.add(result("1 JVM", k, single.resolve("latest")));
        print(results.get(results.size() - 1));

        List<String> sharded = new ArrayList<>(List.of(java, "-cp", cp, "io.firstbell.shard.LocalShards", "--shards", String.valueOf(shards),
            "--simulation", "StudentLoginSimulation", "--run-id", "shards-" + k, "--"));
        sharded.addAll(common);
        sharded.add("-Dfirstbell.results.directory=" + dir.toAbsolutePath());
        run(sharded, dir.resolve("shards-" + k + ".log"));
        results.add(result(shards + " shards", k, dir.resolve("shards-" + k).resolve("merged")));
        print(results.get(results.size() - 1));
      }
    } finally {
      stack.destroy();
      stack.waitFor(20, TimeUnit.SECONDS);
    }
    long[] first = results.get(0).perSecond();
    boolean same = results.stream().allMatch(r -> Arrays.equals(r.perSecond(), first));
    System.out.println("per-second offered counts: " + (same ? "EQUAL in every run, 1 JVM and sharded (" + first.length + " seconds, "
        + Arrays.stream(first).sum() + " logins)" : "not all equal; against the first run:"));
    if (!same) {
      for (Result r : results) {
        long[] p = r.perSecond();
        long worst = 0;
        for (int i = 0; i < Math.max(p.length, first.length); i++) {
          worst = Math.max(worst, Math.abs((i < p.length ? p[i] : 0) - (i < first.length ? first[i] : 0)));
        }
        System.out.printf(Locale.ROOT, "  %-9s run %d: %d seconds, %d logins, at most %d apart in any second%n", r.mode(), r.run(), p.length,
            Arrays.stream(p).sum(), worst);
      }
      System.out.println("  (the ledger keeps a login's start when Gatling started it a few ms before its slot, so a login at a second's edge may"
          + " count in the second before; shards that hold their arrivals until start-at's slots start none early)");
    }
    for (String mode : results.stream().map(Result::mode).distinct().toList()) {
      List<Result> rs = results.stream().filter(r -> r.mode().equals(mode)).toList();
      long[] p95 = rs.stream().mapToLong(Result::p95Ms).sorted().toArray();
      long[] ok = rs.stream().mapToLong(Result::succeeded).sorted().toArray();
      System.out.printf(Locale.ROOT, "%-9s succeeded %s (median %d), p95 %s ms (median %d)%n", mode, Arrays.toString(ok), ok[ok.length / 2],
          Arrays.toString(p95), p95[p95.length / 2]);
    }
  }

  private static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-9s run %d: attempted %d, succeeded %d, failed %d, p95 %d ms, generator %s (%.1f ms CPU/login); offered per second %s%n",
        r.mode(), r.run(), r.attempted(), r.succeeded(), r.failed(), r.p95Ms(), r.saturated() ? "SATURATED" : "not saturated", r.cpuMsPerLogin(),
        compact(r.perSecond()));
  }

  private static String compact(long[] perSecond) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < perSecond.length; ) {
      int j = i;
      while (j + 1 < perSecond.length && perSecond[j + 1] == perSecond[i]) j++;
      b.append(b.length() > 1 ? ", " : "").append(perSecond[i]).append(j > i ? " x" + (j - i + 1) : "");
      i = j + 1;
    }
    return b.append("]").toString();
  }

  private static Result result(String mode, int k, Path folder) throws IOException {
    Summary s = Summary.read(folder.resolve("summary.json"));
    List<LoginRecord> load = LedgerCsv.read(folder.resolve("logins.csv")).stream().filter(r -> LoginRecord.LOAD.equals(r.phase())).toList();
    long start = load.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(0);
    long end = load.stream().mapToLong(LoginRecord::scheduledStartMs).max().orElse(0);
    long[] perSecond = new long[(int) ((end - start) / 1000) + 1];
    for (LoginRecord r : load) perSecond[(int) ((r.scheduledStartMs() - start) / 1000)]++;
    return new Result(mode, k, perSecond, s.logins().attempted(), s.logins().succeeded(), s.logins().failed(), s.latency().p95Ms(),
        s.generator().saturated(), s.generator().cpuMillisPerLogin());
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    if (exit != 0 && exit != 2) throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + "... ended with " + exit + "; see " + log);
  }

  private static String await(Path log, String text, Process p) throws IOException, InterruptedException {
    for (int i = 0; i < 1200; i++) {
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (out.contains(text)) return out;
      if (!p.isAlive()) throw new IllegalStateException("the stack ended:\n" + out);
      Thread.sleep(100);
    }
    throw new IllegalStateException("the stack did not come up in 2 minutes");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
