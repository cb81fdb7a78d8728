package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.LoginStats;
import io.firstbell.analysis.SloSettings;
import io.firstbell.analysis.Timeline;
import io.firstbell.analysis.Uptime;
import io.firstbell.ledger.LoginRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the documented, stable schema ({@value #SCHEMA}) that dashboards and the
 * baseline comparison read. Built from recorded facts only (the ledger and the run's metadata).
 */
public final class RunSummary {

  /** The schema name and version written into every summary. */
  public static final String SCHEMA = "firstbell.summary/1";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What the run knew about itself, beyond its logins. */
  public record Meta(String simulation, String target, long startedAtMs, long endedAtMs, double generatorCpuMillis,
      double generatorCpuShare, boolean generatorCpuSaturated, long maxStartLagMs) {}

  private RunSummary() {}

  /**
   * @param uptimeWindowMs the uptime window
   * @param downThreshold the failed share above which a window is down
   * @param maxStartLagMs start lag (p99) above which the generator is saturated
   * @return the summary
   */
  public static ObjectNode build(Meta meta, List<LoginRecord> records, SloSettings slo, long uptimeWindowMs, double downThreshold,
      long maxStartLagMs) {
    LoginStats stats = LoginStats.of(records);
    Uptime.Report uptime = Uptime.compute(records, meta.startedAtMs(), meta.endedAtMs(), uptimeWindowMs, downThreshold);
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("simulation", meta.simulation());
    root.put("target", meta.target());
    root.put("startedAt", Instant.ofEpochMilli(meta.startedAtMs()).toString());
    root.put("endedAt", Instant.ofEpochMilli(meta.endedAtMs()).toString());
    ObjectNode s = root.putObject("slo");
    s.put("successRatio", slo.successRatio());
    s.put("p95LoginMs", slo.p95Login().toMillis());
    boolean generatorSaturated = meta.generatorCpuSaturated() || stats.p99StartLagMs() > maxStartLagMs;
    s.put("met", stats.meets(slo));
    ObjectNode logins = root.putObject("logins");
    logins.put("attempted", stats.attempted());
    logins.put("succeeded", stats.succeeded());
    logins.put("failed", stats.failed());
    logins.put("cutShort", stats.cutShort());
    logins.put("successRatio", round(stats.successRatio(), 6));
    map(logins.putObject("byPersona"), stats.byPersona());
    map(logins.putObject("byJourney"), stats.byJourney());
    map(logins.putObject("byFailureStep"), stats.byFailureStep());
    map(logins.putObject("byFailureKind"), stats.byFailureKind());
    ObjectNode latency = root.putObject("latency");
    latency.put("p50Ms", stats.p50Ms());
    latency.put("p95Ms", stats.p95Ms());
    latency.put("p99Ms", stats.p99Ms());
    ObjectNode u = root.putObject("uptime");
    u.put("windowSeconds", uptimeWindowMs / 1000.0);
    u.put("downThreshold", downThreshold);
    u.put("windows", uptime.windows().size());
    u.put("upWindows", uptime.up());
    u.put("downWindows", uptime.down());
    u.put("emptyWindows", uptime.empty());
    u.put("uptimePercent", round(uptime.uptimePercent(), 3));
    u.put("strip", uptime.strip());
    if (uptime.worst() != null) {
      u.putObject("worstWindow").put("start", Instant.ofEpochMilli(uptime.worst().startMs()).toString())
          .put("attempted", uptime.worst().attempted()).put("failed", uptime.worst().failed());
    } else {
      u.putNull("worstWindow");
    }
    ObjectNode g = root.putObject("generator");
    g.put("cpuMillisPerLogin", stats.attempted() == 0 ? 0 : round(meta.generatorCpuMillis() / stats.attempted(), 3));
    g.put("cpuShare", round(meta.generatorCpuShare(), 4));
    g.put("maxStartLagMs", stats.maxStartLagMs());
    g.put("p99StartLagMs", stats.p99StartLagMs());
    g.put("saturated", generatorSaturated);
    ArrayNode timeline = root.putArray("timeline");
    for (Timeline.Point p : Timeline.of(records, meta.startedAtMs(), meta.endedAtMs(), 1000)) {
      timeline.addObject().put("second", p.offsetMs() / 1000).put("offered", p.offered()).put("succeeded", p.succeeded())
          .put("failed", p.failed()).put("p95Ms", p.p95Ms());
    }
    root.putNull("steps");
    root.putNull("breakingPoint");
    root.putNull("autoscaling");
    root.putNull("headline");
    root.put("verdict", verdict(stats, uptime, slo, generatorSaturated));
    return root;
  }

  /**
   * Puts the simulation's own sentence ({@code headline}: the breaking point, the autoscaling reaction), if any, in
   * front of the run's verdict. Called once, after the simulation's sections are in.
   */
  public static void composeVerdict(ObjectNode summary) {
    if (summary.path("headline").isTextual()) {
      summary.put("verdict", summary.path("headline").asText() + " " + summary.path("verdict").asText());
    }
  }

  /**
   * @return whether the generator's CPU made it the bottleneck: its share of all cores above {@code maxShare}, judged
   *     only over runs of 10 s or more (a shorter run is mostly the JVM warming up)
   */
  public static boolean cpuSaturated(long durationMs, double cpuShare, double maxShare) {
    return durationMs >= 10_000 && cpuShare > maxShare;
  }

  /** @return the headline in one sentence */
  static String verdict(LoginStats stats, Uptime.Report uptime, SloSettings slo, boolean generatorSaturated) {
    if (stats.attempted() == 0) return "No logins were attempted.";
    String head = stats.meets(slo)
        ? String.format(java.util.Locale.ROOT, "SLO met: %.2f%% of %,d logins succeeded, p95 login %d ms", 100 * stats.successRatio(), stats.attempted(), stats.p95Ms())
        : String.format(java.util.Locale.ROOT, "SLO NOT met: %.2f%% of %,d logins succeeded (objective %.1f%%), p95 login %d ms (objective %d ms)",
            100 * stats.successRatio(), stats.attempted(), 100 * slo.successRatio(), stats.p95Ms(), slo.p95Login().toMillis());
    String up = String.format(java.util.Locale.ROOT, "; uptime %.1f%% (%d of %d windows down)", uptime.uptimePercent(), uptime.down(), uptime.up() + uptime.down());
    String gen = generatorSaturated ? "; the load generator itself was saturated, so these numbers do not describe the target" : "";
    return head + up + gen + ".";
  }

  /** Writes {@code summary} to {@code file}. */
  public static void write(JsonNode summary, Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(summary) + "\n");
  }

  /** @return a summary read back */
  public static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static void map(ObjectNode node, Map<String, Long> m) {
    m.forEach(node::put);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
