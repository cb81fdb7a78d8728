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
import io.firstbell.ledger.FailureSamples;
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
  public static final String SCHEMA = "firstbell.summary/2";

  /**
   * Schemas a baseline may have: {@code /1} lacks what {@code /2} added (warmUp, preflight, failures, judgedBy, passed,
   * wholeRun; steps' status and reason; breakingPoint.found) and reads the same otherwise.
   */
  public static final java.util.Set<String> READABLE = java.util.Set.of("firstbell.summary/1", SCHEMA);

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
    return build(meta, records, slo, uptimeWindowMs, downThreshold, maxStartLagMs, List.of());
  }

  /**
   * The summary of a run whose ledger holds {@code records}: the SLO, uptime, latency and login figures judge the
   * {@code load} phase only (warm-up and preflight logins have sections of their own); the timeline shows every login.
   *
   * @param samples failed responses kept during the run, attached to the failures they sample
   * @return the summary
   */
  public static ObjectNode build(Meta meta, List<LoginRecord> records, SloSettings slo, long uptimeWindowMs, double downThreshold,
      long maxStartLagMs, List<FailureSamples.Sample> samples) {
    List<LoginRecord> judgedRecords = records.stream().filter(LoginRecord::judged).toList();
    LoginStats stats = LoginStats.of(judgedRecords);
    long loadStart = judgedRecords.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(meta.startedAtMs());
    Uptime.Report uptime = Uptime.compute(judgedRecords, Math.max(meta.startedAtMs(), Math.min(loadStart, meta.endedAtMs())), meta.endedAtMs(),
        uptimeWindowMs, downThreshold);
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
    g.put("cpuMillisPerLogin", records.isEmpty() ? 0 : round(meta.generatorCpuMillis() / records.size(), 3));
    g.put("cpuShare", round(meta.generatorCpuShare(), 4));
    g.put("maxStartLagMs", stats.maxStartLagMs());
    g.put("p99StartLagMs", stats.p99StartLagMs());
    g.put("saturated", generatorSaturated);
    ArrayNode timeline = root.putArray("timeline");
    for (Timeline.Point p : Timeline.of(records, meta.startedAtMs(), meta.endedAtMs(), 1000)) {
      timeline.addObject().put("second", p.offsetMs() / 1000).put("offered", p.offered()).put("succeeded", p.succeeded())
          .put("failed", p.failed()).put("p95Ms", p.p95Ms());
    }
    putWarmUp(root, records, meta.startedAtMs(), loadStart);
    putPreflight(root, records, samples);
    putFailures(root, judgedRecords, samples);
    root.putNull("steps");
    root.putNull("breakingPoint");
    root.putNull("autoscaling");
    root.putNull("headline");
    root.put("judgedBy", "slo");
    root.put("passed", stats.attempted() > 0 && stats.meets(slo));
    root.put("wholeRun", figures(stats, uptime, generatorSaturated));
    root.put("verdict", verdict(stats, uptime, slo, generatorSaturated));
    return root;
  }

  private static void putWarmUp(ObjectNode root, List<LoginRecord> records, long startedAt, long loadStart) {
    List<LoginRecord> warm = records.stream().filter(r -> LoginRecord.WARM_UP.equals(r.phase())).toList();
    if (warm.isEmpty()) {
      root.putNull("warmUp");
      return;
    }
    long from = warm.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(startedAt);
    long last = warm.stream().mapToLong(LoginRecord::scheduledStartMs).max().orElse(from);
    long to = loadStart > last ? loadStart : last;
    ObjectNode w = root.putObject("warmUp");
    w.put("logins", warm.size());
    w.put("failed", warm.stream().filter(r -> !r.succeeded()).count());
    w.put("fromOffsetSeconds", round((from - startedAt) / 1000.0, 1));
    w.put("toOffsetSeconds", round((to - startedAt) / 1000.0, 1));
  }

  private static void putPreflight(ObjectNode root, List<LoginRecord> records, List<FailureSamples.Sample> samples) {
    List<LoginRecord> pre = records.stream().filter(r -> LoginRecord.PREFLIGHT.equals(r.phase())).toList();
    if (pre.isEmpty()) {
      root.putNull("preflight");
      return;
    }
    ObjectNode p = root.putObject("preflight");
    p.put("passed", pre.stream().allMatch(LoginRecord::succeeded));
    ArrayNode journeys = p.putArray("journeys");
    for (LoginRecord r : pre) {
      ObjectNode j = journeys.addObject().put("journey", r.journey()).put("outcome", r.outcome().wireName()).put("loginMs", r.loginMs())
          .put("failedStep", r.failedStep()).put("failureKind", r.failureKind());
      samples.stream().filter(x -> LoginRecord.PREFLIGHT.equals(x.phase()) && x.journey().equals(r.journey()) && x.step().equals(r.failedStep()))
          .findFirst().ifPresentOrElse(x -> putSample(j.putObject("sample"), x), () -> j.putNull("sample"));
    }
  }

  /** Failed logins by (step, kind), most frequent first, each with the responses sampled for it. */
  private static void putFailures(ObjectNode root, List<LoginRecord> judged, List<FailureSamples.Sample> samples) {
    ArrayNode failures = root.putArray("failures");
    for (io.firstbell.analysis.Failures.Count c : io.firstbell.analysis.Failures.byStepAndKind(judged)) {
      ObjectNode f = failures.addObject().put("step", c.step()).put("kind", c.kind()).put("count", c.count());
      ArrayNode a = f.putArray("samples");
      samples.stream().filter(x -> LoginRecord.LOAD.equals(x.phase()) && x.step().equals(c.step()) && x.kind().equals(c.kind()))
          .forEach(x -> putSample(a.addObject(), x));
    }
  }

  private static void putSample(ObjectNode node, FailureSamples.Sample x) {
    node.put("journey", x.journey()).put("status", x.status()).put("url", x.url()).put("body", x.body());
  }

  /**
   * Puts the simulation's own sentence ({@code headline}: the breaking point, the autoscaling reaction), if any, in
   * front of the run's verdict. Called once, after the simulation's sections are in.
   */
  public static void composeVerdict(ObjectNode summary) {
    if (!summary.path("headline").isTextual()) return;
    String judgedBy = summary.path("judgedBy").asText("slo");
    String rest = switch (judgedBy) {
      case "search" -> "Over the whole run, whose steps past the breaking point broke the SLO on purpose: " + summary.path("wholeRun").asText();
      case "reaction" -> "Over the whole run, whose surge broke the SLO on purpose: " + summary.path("wholeRun").asText();
      case "preflight" -> "";
      default -> summary.path("verdict").asText();
    };
    summary.put("verdict", (summary.path("headline").asText() + " " + rest).strip());
  }

  /** @return the whole run's figures without a judgement: what a search or a surge reports beside its own answer */
  static String figures(LoginStats stats, Uptime.Report uptime, boolean generatorSaturated) {
    if (stats.attempted() == 0) return "no logins were attempted.";
    return String.format(java.util.Locale.ROOT, "%.2f%% of %,d logins succeeded, p95 login %d ms; uptime %.1f%% (%d of %d windows down)%s.",
        100 * stats.successRatio(), stats.attempted(), stats.p95Ms(), uptime.uptimePercent(), uptime.down(), uptime.up() + uptime.down(),
        generatorSaturated ? "; the load generator itself was saturated, so these numbers do not describe the target" : "");
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
