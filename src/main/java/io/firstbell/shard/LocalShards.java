package io.firstbell.shard;

import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.Journey;
import io.firstbell.report.ResultSettings;
import io.firstbell.report.RunFolder;
import io.firstbell.report.ShardMerge;
import io.firstbell.results.Summary;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.firstbell.target.CredentialsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local launcher of a sharded run: N shard JVMs on this host, one target, one merged answer. Against the reference
 * target with no URL (the embedded default), this JVM starts the one reference stack every shard logs in to, and points
 * them at it; against any other target, the shards go where the configuration says. Every shard gets the same run id, count
 * and start instant ({@code firstbell.shard}), its own index and results directory ({@code <results>/<run-id>/shard-<i>});
 * once all have ended, their folders are merged into {@code <results>/<run-id>/merged} ({@link ShardMerge}), which
 * {@code results/latest} then points at. Ctrl-C stops the shards (each writes what it measured) and merges what they wrote.
 *
 * <pre>
 * simulations/local-shards.sh 3 StudentLoginSimulation -Dprofile=simulations/student-login.conf
 * </pre>
 *
 * (the script compiles, then runs this class on the test class path). Exit status: 0 when the merged run
 * passed, 2 when its verdict failed, 1 when the shards or the merge could not give an answer.
 */
public final class LocalShards {

  /** What to run: how many shards, which simulation, when they start, and the settings every shard gets. */
  record Launch(int shards, String simulation, Duration startDelay, String runId, String heap, List<String> properties) {}

  private LocalShards() {}

  public static void main(String[] args) {
    Launch launch;
    try {
      launch = parse(args, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println("FirstBell: " + e.getMessage());
      System.exit(1);
      return;
    }
    int status;
    try {
      status = run(launch);
    } catch (SettingsException | IllegalArgumentException e) {
      System.out.println("FirstBell: " + e.getMessage());
      status = 1;
    } catch (IOException | InterruptedException e) {
      System.out.println("FirstBell: the local shards failed: " + e);
      status = 1;
    }
    System.exit(status);
  }

  /**
   * @return the launch {@code args} ask for: {@code --shards N --simulation CLASS [--start-delay 30s] [--run-id ID] [--heap 1g]
   *     [-- -Dkey=value ...]}
   * @throws IllegalArgumentException naming the argument and the fix
   */
  static Launch parse(String[] args, Clock clock) {
    int shards = 0;
    String simulation = null;
    Duration delay = Duration.ofSeconds(30);
    String runId = null;
    String heap = "1g";
    List<String> properties = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        for (i++; i < args.length; i++) properties.add(property(args[i]));
        break;
      }
      if (a.startsWith("-D")) {
        properties.add(property(a));
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value; " + USAGE);
      String v = args[++i];
      switch (a) {
        case "--shards" -> {
          try {
            shards = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shards '" + v + "' is not a number: give 2 or more (e.g. --shards 3)");
          }
        }
        case "--simulation" -> simulation = v.contains(".") ? v : "io.firstbell.simulations." + v;
        case "--start-delay" -> {
          try {
            delay = Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start-delay '" + v + "' is not a duration: give e.g. 20s or 1m");
          }
        }
        case "--run-id" -> runId = v;
        case "--heap" -> heap = v;
        default -> throw new IllegalArgumentException("unknown argument " + a + "; " + USAGE);
      }
    }
    if (shards < 2 || shards > 64) {
      throw new IllegalArgumentException("--shards is " + (shards == 0 ? "missing" : shards) + ": a local sharded run has 2 to 64 shards (e.g. --shards 3); "
          + "one injector needs no launcher: ./mvnw gatling:test");
    }
    if (simulation == null) throw new IllegalArgumentException("--simulation is missing; " + USAGE);
    if (delay.compareTo(Duration.ofSeconds(15)) < 0) {
      throw new IllegalArgumentException("--start-delay " + delay.toSeconds() + "s is too short for " + shards + " JVMs to start and send their preflight:"
          + " give at least 15s (default 30s)");
    }
    if (runId != null && !ShardSettings.validRunId(runId)) {
      throw new IllegalArgumentException("--run-id '" + runId + "' must be letters, digits, '-', '_', '.' and ':' (at most 100), e.g. bts-morning-1");
    }
    if (runId == null) runId = "local-" + clock.instant().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
    return new Launch(shards, simulation, delay, runId, heap, List.copyOf(properties));
  }

  static final String USAGE = "usage: LocalShards --shards N --simulation CLASS [--start-delay 30s] [--run-id ID] [--heap 1g] [-- -Dkey=value ...]";

  private static String property(String a) {
    if (!a.startsWith("-D") || !a.contains("=")) throw new IllegalArgumentException("'" + a + "' is not a -Dkey=value setting; " + USAGE);
    return a;
  }

  /** Runs the shards and merges them; the exit status. */
  static int run(Launch launch) throws IOException, InterruptedException {
    Map<String, String> props = new LinkedHashMap<>();
    for (String p : launch.properties()) props.put(p.substring(2, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
    props.forEach(System::setProperty); // the run's own configuration, as every shard reads it
    Config config = FirstBellConfig.load();
    for (String key : List.of("firstbell.shard.index", "firstbell.shard.count", "firstbell.shard.start-at", "firstbell.shard.run-id")) {
      if (props.containsKey(key)) throw new IllegalArgumentException("-D" + key + " is the launcher's to set for each shard; leave it out");
    }
    Path results = Path.of(config.getString("firstbell.results.directory"));
    RunFolder.checkWritable(results, "firstbell.results.directory");
    Path runDir = results.resolve(launch.runId());
    if (Files.exists(runDir)) throw new IllegalArgumentException(runDir + " exists already; give another --run-id");
    Files.createDirectories(runDir);

    ReferenceStack stack = null;
    Map<String, String> target = new LinkedHashMap<>();
    boolean embedded = config.getString("firstbell.target.kind").equals("reference") && config.getString("firstbell.target.reference.portal-url").isBlank();
    try {
      if (embedded && config.getBoolean("firstbell.stack.tls")) {
        throw new IllegalArgumentException("firstbell.stack.tls is on, but the local shards would not trust the launcher's stack's fresh certificate;"
            + " run the local shards over http (the default), or against your own https target (firstbell.target)");
      }
      if (embedded) { // one reference stack for every shard: the launcher's
        Config stackConfig = launch.simulation().endsWith("BreakingPointSimulation") && config.getBoolean("firstbell.breaking-point.fixed-fleet")
            ? config.withValue("firstbell.stack.capacity.autoscaler.enabled", com.typesafe.config.ConfigValueFactory.fromAnyRef(false)) : config;
        stack = ReferenceStack.start(stackConfig);
        Path credentials = runDir.resolve("credentials.csv");
        stack.exportCredentials(credentials);
        target.put("firstbell.target.reference.portal-url", stack.portalUrl(""));
        target.put("firstbell.target.reference.app-url", stack.appUrl(""));
        target.put("firstbell.target.reference.credentials", credentials.toAbsolutePath().toString());
        System.out.println("FirstBell: local shards: one reference stack for all shards, up in " + stack.startupMillis() + " ms at " + stack.portalUrl("")
            + modelled(stackConfig, credentials));
      }
      Instant startAt = Clock.systemUTC().instant().plus(launch.startDelay()).truncatedTo(ChronoUnit.SECONDS);
      System.out.printf(Locale.ROOT, "FirstBell: local shards: %d shards of %s, run %s, starting together at %s; results in %s%n", launch.shards(),
          launch.simulation(), launch.runId(), startAt, runDir);
      // shards on one host serve their live metrics on ports of their own: the configured one + the shard's index (0: any free port)
      boolean metrics = config.getBoolean("firstbell.metrics.enabled");
      int metricsPort = config.getInt("firstbell.metrics.port");
      if (metrics) {
        System.out.println("FirstBell: local shards: live metrics of shard i at http://" + config.getString("firstbell.metrics.bind") + ":"
            + (metricsPort == 0 ? "<any free port, on its console>" : metricsPort + "+i") + "/metrics");
      }
      List<Process> shards = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean merging = new java.util.concurrent.atomic.AtomicBoolean();
      final ReferenceStack target0 = stack;
      // Ctrl-C or SIGTERM: the shards are stopped (each writes what it measured, marked interrupted), and what they wrote is merged
      Thread stopper = new Thread(() -> {
        shards.forEach(Process::destroy);
        for (Process p : shards) {
          try {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (merging.compareAndSet(false, true)) {
          System.out.println("FirstBell: local shards: stopped; merging what the shards wrote");
          merge(launch, runDir, results, config);
        }
        if (target0 != null) target0.close();
      }, "firstbell-local-shards-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      try {
        for (int i = 0; i < launch.shards(); i++) {
          Path dir = runDir.resolve("shard-" + i);
          Files.createDirectories(dir);
          List<String> command = new ArrayList<>(List.of(java, "-Xmx" + launch.heap(), "--add-opens=java.base/java.lang=ALL-UNNAMED"));
          launch.properties().forEach(command::add);
          target.forEach((k, v) -> command.add("-D" + k + "=" + v));
          if (metrics && metricsPort != 0) command.add("-Dfirstbell.metrics.port=" + (metricsPort + i));
          command.addAll(List.of("-Dfirstbell.shard.index=" + i, "-Dfirstbell.shard.count=" + launch.shards(), "-Dfirstbell.shard.start-at=" + startAt,
              "-Dfirstbell.shard.run-id=" + launch.runId(), "-Dfirstbell.results.directory=" + dir.toAbsolutePath(),
              "-cp", classPath, "io.gatling.app.Gatling", "--simulation", launch.simulation(),
              "--results-folder", dir.toAbsolutePath().toString(), "--launcher", "firstbell-local"));
          shards.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start());
        }
      } catch (IOException | RuntimeException e) { // the shards started so far would send load against a stack about to close
        shards.forEach(Process::destroyForcibly);
        throw e;
      }
      List<String> ended = new ArrayList<>();
      int worst = 0;
      for (int i = 0; i < shards.size(); i++) {
        int exit = shards.get(i).waitFor();
        ended.add("shard " + i + " exit " + exit);
        if (exit != 0 && exit != 2) {
          worst = Math.max(worst, exit);
          System.out.println("FirstBell: local shards: shard " + i + " ended with exit status " + exit + "; its console: " + runDir.resolve("shard-" + i).resolve("console.log"));
        }
      }
      if (!merging.compareAndSet(false, true)) return 1; // being stopped: the shutdown action merges
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // shutting down already
      }
      System.out.println("FirstBell: local shards: all ended (" + String.join(", ", ended) + "); merging");
      Summary summary = merge(launch, runDir, results, config);
      if (summary == null) return 1;
      if (worst != 0) {
        System.out.println("FirstBell: local shards: exit status 1: a shard did not end with a verdict (" + String.join(", ", ended) + "); the merged run covers what ran");
        return 1;
      }
      return summary.passed() ? 0 : 2;
    } finally {
      if (stack != null) stack.close();
    }
  }

  /** Merges the shards' folders of {@code runDir} into its {@code merged} folder, and prints the verdict; null when they cannot be merged. */
  private static Summary merge(Launch launch, Path runDir, Path results, Config config) {
    try {
      List<Path> folders = new ArrayList<>();
      for (int i = 0; i < launch.shards(); i++) {
        Path latest = runDir.resolve("shard-" + i).resolve("latest");
        if (Files.exists(latest)) folders.add(latest.toRealPath());
      }
      Path merged = runDir.resolve("merged");
      Summary summary = ShardMerge.merge(folders, merged, SloSettings.from(config), ResultSettings.from(config));
      RunFolder.linkLatest(results, merged);
      System.out.println("FirstBell: " + summary.verdict());
      System.out.println("FirstBell: merged run: " + merged.resolve("capacity-report.html"));
      return summary;
    } catch (IOException | IllegalArgumentException e) {
      System.out.println("FirstBell: local shards: the shards' folders could not be merged: " + e.getMessage());
      return null;
    }
  }

  /** @return the reference stack's modelled capacity for a students' mix, for the console */
  private static String modelled(Config config, Path credentials) {
    CapacitySettings c = CapacitySettings.from(config);
    if (!c.enabled()) return "; its capacity model is off";
    List<CredentialsFile.User> users = Credentials.readUsers(credentials);
    long students = users.stream().filter(Journey.users(Journey.STUDENT, null)).count();
    double badge = students == 0 ? 0 : users.stream().filter(Journey.users(Journey.STUDENT, "badge")).count() / (double) students;
    return String.format(Locale.ROOT, "; its modelled capacity: %.1f logins/s (students' mix, %d instance(s))",
        CapacityFormula.studentLogins(c, c.initialInstances(), badge).perSec(), c.initialInstances());
  }
}
