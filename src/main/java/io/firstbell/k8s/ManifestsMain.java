package io.firstbell.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Kubernetes manifests of one sharded run:
 * {@code ./mvnw -q compile exec:java -Dexec.mainClass=io.firstbell.k8s.ManifestsMain
 * -Dexec.args="--run-id bts-1 --profile simulations/breaking-point.conf --shards 4 --image registry/firstbell:0.1.0"}.
 */
public final class ManifestsMain {

  /** Every option and its default; {@code null}: required. */
  static final Map<String, String> OPTIONS = defaults();

  static final String USAGE = "usage: --run-id <name> --profile <file.conf> --shards <N> [--image firstbell:latest]"
      + " [--simulation io.firstbell.simulations.BreakingPointSimulation] [--start-delay 2m] [--peak <logins/s>] [--cpu 2] [--memory 2Gi]"
      + " [--volume-size 10Gi] [--metrics-port 9404] [--into target/k8s/<run-id>]";

  private ManifestsMain() {}

  public static void main(String[] args) {
    try {
      Map<String, String> options = parse(args);
      JobPlan plan = plan(options, Clock.systemUTC());
      String sizing = sizing(options, io.firstbell.config.FirstBellConfig.load());
      if (!sizing.isEmpty()) System.out.println("FirstBell: " + sizing);
      write(plan, options).forEach(f -> System.out.println("FirstBell: wrote " + f));
      System.out.println("FirstBell: " + plan.shards() + " shards of " + plan.simulation() + " start their load at "
          + plan.startAt() + " (in " + options.get("--start-delay") + "): apply the manifests before then");
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("FirstBell: " + e.getMessage());
      System.err.println("FirstBell: " + USAGE);
      System.exit(2);
    }
  }

  /**
   * Parses the options, validates the plan and writes its manifests.
   *
   * @return the files written, in the order to apply them
   */
  static List<Path> run(String[] args, Clock clock) throws IOException {
    Map<String, String> options = parse(args);
    return write(plan(options, clock), options);
  }

  private static JobPlan plan(Map<String, String> options, Clock clock) {
    return JobPlan.of(options.get("--run-id"), options.get("--image"), options.get("--simulation"),
        Path.of(options.get("--profile")), integer(options, "--shards"), duration(options.get("--start-delay")), clock,
        cpu(options, io.firstbell.config.FirstBellConfig.load()), options.get("--memory"), options.get("--volume-size"), integer(options, "--metrics-port"));
  }

  /**
   * @return the CPU one injector requests: {@code --cpu}, else, with {@code --peak}, what its share of the peak needs at the measured
   *     per-injector ceiling ({@code firstbell.generator.logins-per-core}) within {@code max-cpu-share}, rounded up to a tenth of a core
   *     (at least one core), else 2
   */
  static String cpu(Map<String, String> options, com.typesafe.config.Config config) {
    if (options.get("--cpu") != null) return options.get("--cpu");
    if (options.get("--peak") == null) return "2";
    long millis = Math.max(1000, (long) Math.ceil(neededCores(options, config) * 10) * 100);
    return millis % 1000 == 0 ? String.valueOf(millis / 1000) : millis + "m";
  }

  private static double neededCores(Map<String, String> options, com.typesafe.config.Config config) {
    double peak;
    try {
      peak = Double.parseDouble(options.get("--peak"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--peak '" + options.get("--peak") + "' is not a rate: give the plan's peak in logins/s (e.g. --peak 600)");
    }
    if (peak <= 0) throw new IllegalArgumentException("--peak " + options.get("--peak") + " must be above 0 logins/s");
    return peak / integer(options, "--shards") / (config.getDouble("firstbell.generator.logins-per-core")
        * config.getDouble("firstbell.generator.max-cpu-share"));
  }

  /** @return how the injectors were sized from {@code --peak}, for the console; empty without it */
  static String sizing(Map<String, String> options, com.typesafe.config.Config config) {
    if (options.get("--peak") == null) return "";
    double cores = neededCores(options, config);
    String cpu = cpu(options, config);
    return String.format(java.util.Locale.ROOT, "each of %s injectors offers %.1f logins/s of the %s peak: %.2f cores at %s full portal logins/s per core"
        + " (firstbell.generator.logins-per-core, measured) within %.0f%% of them; requests and limits: cpu %s", options.get("--shards"),
        Double.parseDouble(options.get("--peak")) / integer(options, "--shards"), options.get("--peak"), cores,
        io.firstbell.load.Rates.fmt(config.getDouble("firstbell.generator.logins-per-core")), 100 * config.getDouble("firstbell.generator.max-cpu-share"),
        cpu) + (options.get("--cpu") != null && quantityCores(cpu) < cores ? "; TOO LITTLE for that share: raise --cpu, or add shards" : "");
  }

  private static double quantityCores(String q) {
    return q.endsWith("m") ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000 : Double.parseDouble(q);
  }

  private static List<Path> write(JobPlan plan, Map<String, String> options) throws IOException {
    String into = options.get("--into");
    return ShardManifests.write(plan, into != null ? Path.of(into) : Path.of("target", "k8s", plan.runId()));
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>(OPTIONS);
    for (int i = 0; i < args.length; i += 2) {
      if (!OPTIONS.containsKey(args[i])) {
        throw new IllegalArgumentException("Unknown option '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + args[i] + " needs a value");
      }
      options.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--run-id", "--profile", "--shards")) {
      if (options.get(required) == null) {
        throw new IllegalArgumentException("Option " + required + " is required");
      }
    }
    return options;
  }

  private static int integer(Map<String, String> options, String option) {
    try {
      return Integer.parseInt(options.get(option));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + options.get(option) + "' is not a whole number");
    }
  }

  /** Reads {@code 90s}, {@code 2m}, {@code 1h} or an ISO-8601 duration ({@code PT2M}). */
  static Duration duration(String text) {
    try {
      if (text.matches("-?[0-9]+[smh]")) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--start-delay '" + text + "' is not a duration: use e.g. --start-delay 2m");
    }
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("--run-id", null);
    d.put("--profile", null);
    d.put("--shards", null);
    d.put("--image", "firstbell:latest");
    d.put("--simulation", "io.firstbell.simulations.BreakingPointSimulation");
    d.put("--start-delay", "2m");
    d.put("--peak", null); // the plan's peak logins/s: sizes --cpu from the measured per-injector ceiling
    d.put("--cpu", null); // null: from --peak, else 2
    d.put("--memory", "2Gi");
    d.put("--volume-size", "10Gi");
    d.put("--metrics-port", "9404");
    d.put("--into", null);
    return d;
  }
}
