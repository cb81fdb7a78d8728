package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code capacity-report.html}: one self-contained page (inline SVG, no script, no network) with the
 * verdict, offered vs achieved logins, p95 login time, failures by step and kind, instances and
 * utilization beside the load (when telemetry exists), the uptime strip, and tables.
 */
public final class CapacityReport {

  private CapacityReport() {}

  /**
   * Renders the report of a run folder from its {@code summary.json} and, if present, {@code telemetry.csv} and {@code events.csv}.
   *
   * @return the HTML
   */
  public static String render(JsonNode summary, Path folder) throws IOException {
    long start = Instant.parse(summary.path("startedAt").asText()).toEpochMilli();
    JsonNode timeline = summary.path("timeline");
    int n = timeline.size();
    double[] offered = new double[n];
    double[] achieved = new double[n];
    double[] failed = new double[n];
    double[] p95 = new double[n];
    for (int i = 0; i < n; i++) {
      JsonNode p = timeline.get(i);
      offered[i] = p.path("offered").asDouble();
      achieved[i] = p.path("succeeded").asDouble();
      failed[i] = p.path("failed").asDouble();
      p95[i] = p.path("p95Ms").asDouble();
    }
    List<double[]> markers = new ArrayList<>();
    for (Map<String, String> e : csv(folder.resolve("events.csv"))) {
      if (e.getOrDefault("kind", "").equals("scale-out") || e.getOrDefault("kind", "").equals("instance-ready")) {
        try {
          markers.add(new double[] {(Instant.parse(e.get("time")).toEpochMilli() - start) / 1000.0});
        } catch (RuntimeException ignored) {
          // an event line that is not ours
        }
      }
    }
    // load steps (breaking-point runs): their boundaries mark the throughput chart
    List<double[]> stepMarkers = new ArrayList<>(markers);
    for (JsonNode step : summary.path("steps")) {
      stepMarkers.add(new double[] {step.path("startOffsetSeconds").asDouble()});
    }
    List<Svg.Series> throughput = new ArrayList<>(List.of(new Svg.Series("offered", "#2c3e50", offered),
        new Svg.Series("achieved", "#27ae60", achieved), new Svg.Series("failed", "#c0392b", failed)));
    JsonNode found = summary.path("breakingPoint").path("maxSustainablePerSec");
    if (found.isNumber()) {
      double[] line = new double[n];
      java.util.Arrays.fill(line, found.asDouble());
      throughput.add(new Svg.Series("breaking point " + Svg.fmt(found.asDouble()) + "/s", "#e67e22", line));
    }
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Svg.esc(summary.path("simulation").asText())).append(" — capacity report</h1>\n");
    body.append("<p id=\"verdict\" class=\"verdict ").append(summary.path("slo").path("met").asBoolean() ? "met" : "not-met").append("\">")
        .append(Svg.esc(summary.path("verdict").asText())).append("</p>\n");
    body.append("<p class=\"meta\">Target: ").append(Svg.esc(summary.path("target").asText())).append("<br>From ")
        .append(Svg.esc(summary.path("startedAt").asText())).append(" to ").append(Svg.esc(summary.path("endedAt").asText()))
        .append(Files.exists(folder.resolve("gatling")) ? " · <a id=\"gatling-report\" href=\"gatling/index.html\">Gatling report</a>" : "")
        .append(" · <a href=\"logins.csv\">logins.csv</a> · <a href=\"summary.json\">summary.json</a></p>\n");
    body.append(Svg.lines("chart-throughput", "Logins per second: offered (by scheduled start) and achieved (succeeded, by end)", "logins/s",
        throughput, stepMarkers)).append('\n');
    JsonNode bp = summary.path("breakingPoint");
    if (bp.isObject()) {
      body.append("<h2>Breaking point</h2>\n<p id=\"breaking-point\">Highest rate that met the SLO: <strong>")
          .append(bp.path("maxSustainablePerSec").isNumber() ? Svg.fmt(bp.path("maxSustainablePerSec").asDouble()) + " logins/s" : "none")
          .append("</strong>; first failing rate: ").append(bp.path("firstFailingPerSec").isNumber() ? Svg.fmt(bp.path("firstFailingPerSec").asDouble()) + " logins/s" : "none")
          .append("; knee: ").append(bp.path("kneePerSec").isNumber() ? Svg.fmt(bp.path("kneePerSec").asDouble()) + " logins/s" : "none")
          .append("; precision: ").append(bp.path("precisionPerSec").isNumber() ? Svg.fmt(bp.path("precisionPerSec").asDouble()) + " logins/s" : "-")
          .append(". Likely bottleneck: ").append(Svg.esc(bp.path("bottleneck").asText())).append(".</p>\n");
      body.append("<table id=\"steps-table\"><tr><th>step</th><th>phase</th><th>offered/s</th><th>achieved/s</th><th>success</th><th>p95</th><th>SLO</th></tr>");
      for (JsonNode s : summary.path("steps")) {
        body.append("<tr><td>").append(s.path("number").asInt()).append("</td><td>").append(Svg.esc(s.path("phase").asText()))
            .append("</td><td>").append(Svg.fmt(s.path("offeredPerSec").asDouble())).append("</td><td>").append(Svg.fmt(s.path("achievedPerSec").asDouble()))
            .append("</td><td>").append(Svg.fmt(100 * s.path("successRatio").asDouble())).append("%</td><td>").append(s.path("p95Ms").asLong())
            .append(" ms</td><td>").append(s.path("sloMet").asBoolean() ? "met" : "broken").append("</td></tr>");
      }
      body.append("</table>\n");
    }
    body.append(Svg.lines("chart-p95", "p95 login time by second of scheduled start (think time excluded)", "ms",
        List.of(new Svg.Series("p95 login", "#8e44ad", p95)), List.of())).append('\n');
    body.append(Svg.bars("chart-failures-step", "Failed logins by step", bars(summary.path("logins").path("byFailureStep")))).append('\n');
    body.append(Svg.bars("chart-failures-kind", "Failed logins by kind", bars(summary.path("logins").path("byFailureKind")))).append('\n');
    List<Map<String, String>> telemetry = csv(folder.resolve("telemetry.csv"));
    if (!telemetry.isEmpty()) {
      double[] ready = missing(n);
      double[] desired = missing(n);
      double[] util = missing(n);
      double[] unhealthy = missing(n);
      for (Map<String, String> t : telemetry) {
        int i = (int) ((Long.parseLong(t.get("time_ms")) - start) / 1000);
        if (i < 0 || i >= n) continue;
        ready[i] = Double.parseDouble(t.get("ready"));
        desired[i] = Double.parseDouble(t.get("desired"));
        util[i] = 100 * Double.parseDouble(t.get("utilization_interval")); // the autoscaler's own metric
        unhealthy[i] = Double.parseDouble(t.get("unhealthy"));
      }
      fillForward(ready);
      fillForward(desired);
      fillForward(util);
      fillForward(unhealthy);
      body.append(Svg.lines("chart-instances", "Instances (from the target's telemetry); dashed: scale-out decisions and instances ready", "instances",
          List.of(new Svg.Series("ready", "#2980b9", ready), new Svg.Series("desired", "#e67e22", desired),
              new Svg.Series("unhealthy", "#c0392b", unhealthy)), markers)).append('\n');
      body.append(Svg.lines("chart-utilization", "Slot utilization beside the offered load", "% / logins/s",
          List.of(new Svg.Series("slot utilization % (autoscaler interval)", "#16a085", util), new Svg.Series("offered logins/s", "#2c3e50", offered)), markers)).append('\n');
    } else {
      body.append("<p id=\"no-telemetry\">No telemetry from the target for this run.</p>\n");
    }
    JsonNode uptime = summary.path("uptime");
    body.append(Svg.strip("uptime-strip", String.format(java.util.Locale.ROOT, "Uptime %.1f%%: %d up, %d down, %d empty windows of %s s",
        uptime.path("uptimePercent").asDouble(), uptime.path("upWindows").asLong(), uptime.path("downWindows").asLong(),
        uptime.path("emptyWindows").asLong(), Svg.fmt(uptime.path("windowSeconds").asDouble())),
        uptime.path("strip").asText(), uptime.path("windowSeconds").asDouble())).append('\n');
    JsonNode logins = summary.path("logins");
    body.append("<h2>Logins</h2>\n<table id=\"logins-table\"><tr><th>attempted</th><th>succeeded</th><th>failed</th><th>cut short</th><th>p50</th><th>p95</th><th>p99</th></tr>")
        .append("<tr><td>").append(logins.path("attempted").asLong()).append("</td><td>").append(logins.path("succeeded").asLong())
        .append("</td><td>").append(logins.path("failed").asLong()).append("</td><td>").append(logins.path("cutShort").asLong())
        .append("</td><td>").append(summary.path("latency").path("p50Ms").asLong()).append(" ms</td><td>")
        .append(summary.path("latency").path("p95Ms").asLong()).append(" ms</td><td>").append(summary.path("latency").path("p99Ms").asLong())
        .append(" ms</td></tr></table>\n");
    body.append(table("journey-table", "By journey", logins.path("byJourney")));
    body.append(table("persona-table", "By persona", logins.path("byPersona")));
    JsonNode g = summary.path("generator");
    body.append("<h2>Load generator</h2>\n<p id=\"generator\">").append(g.path("saturated").asBoolean() ? "<strong>Saturated</strong>: " : "Not saturated: ")
        .append(Svg.fmt(g.path("cpuMillisPerLogin").asDouble())).append(" ms CPU per login, ").append(Svg.fmt(100 * g.path("cpuShare").asDouble()))
        .append("% of the machine's cores; logins started late by up to ").append(g.path("maxStartLagMs").asLong()).append(" ms (p99 ")
        .append(g.path("p99StartLagMs").asLong()).append(" ms).</p>\n");
    String css = "body{font-family:sans-serif;margin:24px;color:#222;max-width:900px}.verdict{font-size:18px;padding:8px;border-radius:4px}"
        + ".met{background:#eafaf1}.not-met{background:#fdedec}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px}"
        + ".chart{display:block;margin:16px 0}.meta{color:#555}";
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FirstBell capacity report — "
        + Svg.esc(summary.path("simulation").asText()) + "</title><style>" + css + "</style></head>\n<body>\n" + body + "</body></html>\n";
  }

  /** Writes {@code capacity-report.html} into the run folder. */
  public static Path write(JsonNode summary, Path folder) throws IOException {
    Path file = folder.resolve("capacity-report.html");
    Files.writeString(file, render(summary, folder), StandardCharsets.UTF_8);
    return file;
  }

  private static List<Svg.Bar> bars(JsonNode counts) {
    List<Svg.Bar> bars = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      bars.add(new Svg.Bar(e.getKey(), e.getValue().asDouble()));
    }
    return bars;
  }

  private static String table(String id, String title, JsonNode counts) {
    StringBuilder sb = new StringBuilder("<h2>" + Svg.esc(title) + "</h2>\n<table id=\"" + id + "\"><tr><th></th><th>logins</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sb.append("<tr><td>").append(Svg.esc(e.getKey())).append("</td><td>").append(e.getValue().asLong()).append("</td></tr>");
    }
    return sb.append("</table>\n").toString();
  }

  private static double[] missing(int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, Double.NaN);
    return v;
  }

  /** Seconds without a telemetry sample take the previous sample's value (0 before the first); a real 0 stays 0. */
  private static void fillForward(double[] v) {
    for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = i == 0 ? 0 : v[i - 1];
  }

  /** @return the rows of a CSV with a header (telemetry.csv, events.csv), as column name → value; empty when the file is missing */
  public static List<Map<String, String>> csv(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) return rows;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return rows;
    String[] header = lines.get(0).split(",");
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length && i < f.length; i++) row.put(header[i], f[i]);
      rows.add(row);
    }
    return rows;
  }
}
