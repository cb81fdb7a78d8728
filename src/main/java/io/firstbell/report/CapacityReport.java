package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code capacity-report.html}: one self-contained page (inline SVG, no script, no network) with the
 * verdict, offered vs achieved logins, the autoscaling reaction (autoscaling runs), p95 login time, failures by step and kind,
 * instances and utilization beside the load (the columns the target's telemetry has), the uptime strip, and tables.
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
    for (TargetEvent e : TelemetryFiles.events(folder)) {
      if (e.kind().equals("scale-out") || e.kind().equals("instance-ready")) markers.add(new double[] {(e.atMs() - start) / 1000.0});
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
    // telemetry, per second of the run: a blank cell (a source that does not know the column) is a missing reading, and a
    // column with no reading in the run is no series at all
    List<TelemetryFiles.Reading> telemetry = TelemetryFiles.readings(folder.resolve("telemetry.csv"));
    double[] ready = column(telemetry, "ready", start, n, 1);
    double[] desired = column(telemetry, "desired", start, n, 1);
    double[] unhealthy = column(telemetry, "unhealthy", start, n, 1);
    double[] util = column(telemetry, "utilization_interval", start, n, 100); // the autoscaler's own metric
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Svg.esc(summary.path("simulation").asText())).append(" — capacity report</h1>\n");
    boolean passed = summary.has("passed") ? summary.path("passed").asBoolean() : summary.path("slo").path("met").asBoolean();
    body.append("<p id=\"verdict\" class=\"verdict ").append(passed ? "met" : "not-met").append("\">")
        .append(Svg.esc(summary.path("verdict").asText())).append("</p>\n");
    body.append("<p class=\"meta\">Target: ").append(Svg.esc(summary.path("target").asText())).append(telemetryLine(summary.path("telemetry"))).append("<br>From ")
        .append(Svg.esc(summary.path("startedAt").asText())).append(" to ").append(Svg.esc(summary.path("endedAt").asText()))
        .append(Files.exists(folder.resolve("gatling")) ? " · <a id=\"gatling-report\" href=\"gatling/index.html\">Gatling report</a>" : "")
        .append(" · <a href=\"logins.csv\">logins.csv</a> · <a href=\"summary.json\">summary.json</a></p>\n");
    List<Svg.Shade> shades = shades(summary);
    body.append(Svg.lines("chart-throughput", "Logins per second: offered (by scheduled start) and achieved (succeeded, by end)", "logins/s",
        throughput, stepMarkers, shades)).append('\n');
    JsonNode autoscaling = summary.path("autoscaling");
    if (autoscaling.isArray() && !autoscaling.isEmpty()) {
      body.append(reaction(autoscaling, n, offered, achieved, p95, ready, desired, !telemetry.isEmpty()));
    }
    JsonNode bp = summary.path("breakingPoint");
    if (bp.isObject()) {
      body.append("<h2>Breaking point</h2>\n<p id=\"breaking-point\">Highest rate that met the SLO: <strong>")
          .append(bp.path("maxSustainablePerSec").isNumber() ? Svg.fmt(bp.path("maxSustainablePerSec").asDouble()) + " logins/s" : "none")
          .append("</strong>; first failing rate: ").append(bp.path("firstFailingPerSec").isNumber() ? Svg.fmt(bp.path("firstFailingPerSec").asDouble()) + " logins/s" : "none")
          .append("; knee: ").append(bp.path("kneePerSec").isNumber() ? Svg.fmt(bp.path("kneePerSec").asDouble()) + " logins/s" : "none")
          .append("; precision: ").append(bp.path("precisionPerSec").isNumber() ? Svg.fmt(bp.path("precisionPerSec").asDouble()) + " logins/s" : "-")
          .append(". Likely bottleneck: ").append(Svg.esc(bp.path("bottleneck").asText())).append(".</p>\n");
      body.append("<table id=\"steps-table\"><tr><th>step</th><th>phase</th><th>rate/s</th><th>offered/s</th><th>achieved/s</th><th>success</th>"
          + "<th>p95</th><th>median, first → last third</th><th>SLO</th><th>used as</th><th>failed</th></tr>");
      for (JsonNode s : summary.path("steps")) {
        String status = s.path("status").asText("judged");
        String slo = status.equals("invalid") ? "—" : s.path("sloMet").asBoolean() ? "met"
            : "broken" + (s.path("brokenBy").asText().isEmpty() ? "" : " (" + s.path("brokenBy").asText() + ")");
        StringBuilder stepFailures = new StringBuilder();
        s.path("failures").fields().forEachRemaining(e -> stepFailures.append(stepFailures.length() == 0 ? "" : "; ").append(e.getValue().asLong())
            .append(" ").append(e.getKey()));
        body.append("<tr class=\"step-").append(Svg.esc(status)).append("\"><td>").append(s.path("number").asInt()).append("</td><td>")
            .append(Svg.esc(s.path("phase").asText())).append("</td><td>").append(Svg.fmt(s.path("ratePerSec").asDouble()))
            .append("</td><td>").append(Svg.fmt(s.path("offeredPerSec").asDouble())).append("</td><td>").append(Svg.fmt(s.path("achievedPerSec").asDouble()))
            .append("</td><td>").append(Svg.fmt(100 * s.path("successRatio").asDouble())).append("%</td><td>").append(s.path("p95Ms").asLong())
            .append(" ms</td><td>").append(s.has("firstThirdMedianMs") ? s.path("firstThirdMedianMs").asLong() + " → " + s.path("lastThirdMedianMs").asLong() + " ms" : "")
            .append("</td><td>").append(Svg.esc(slo)).append("</td><td>").append(Svg.esc(status))
            .append(s.path("reason").asText().isEmpty() ? "" : ": " + Svg.esc(s.path("reason").asText())).append("</td><td>")
            .append(Svg.esc(stepFailures.toString())).append("</td></tr>");
      }
      body.append("</table>\n");
    }
    body.append(Svg.lines("chart-p95", "p95 login time by second of scheduled start (think time excluded)", "ms",
        List.of(new Svg.Series("p95 login", "#8e44ad", p95)), List.of(), shades)).append('\n');
    body.append(Svg.bars("chart-failures-step", "Failed logins by step", bars(summary.path("logins").path("byFailureStep")))).append('\n');
    body.append(Svg.bars("chart-failures-kind", "Failed logins by kind", bars(summary.path("logins").path("byFailureKind")))).append('\n');
    body.append(failures(summary));
    List<Svg.Series> instances = new ArrayList<>();
    if (ready != null) instances.add(new Svg.Series("ready", "#2980b9", ready));
    if (desired != null) instances.add(new Svg.Series("desired", "#e67e22", desired));
    if (unhealthy != null) instances.add(new Svg.Series("unhealthy", "#c0392b", unhealthy));
    if (!instances.isEmpty()) {
      body.append(Svg.lines("chart-instances", "Instances (from the target's telemetry); dashed: scale-out decisions and instances ready", "instances",
          instances, markers)).append('\n');
    }
    if (util != null) {
      body.append(Svg.lines("chart-utilization", "Slot utilization beside the offered load", "% / logins/s",
          List.of(new Svg.Series("slot utilization % (autoscaler interval)", "#16a085", util), new Svg.Series("offered logins/s", "#2c3e50", offered)), markers)).append('\n');
    }
    if (instances.isEmpty() && util == null) {
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
        + ".chart{display:block;margin:16px 0}.meta{color:#555}.warn{color:#c0392b}.note{color:#555;font-size:13px}"
        + "#reaction-table{font-size:12px}#reaction-table td,#reaction-table th{padding:3px 5px}";
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

  private static final String DETECTION = "#f1c40f";
  private static final String PROVISIONING = "#3498db";
  private static final String RECOVERY = "#e74c3c";

  /**
   * The "Autoscaling reaction" section: load, instances and p95 stacked over one time axis with each surge's reaction shaded
   * (detection, provisioning, recovery), and a table of the reaction times and costs, one row per surge.
   *
   * @param ready the ready instances per second, or null when the telemetry has none (likewise {@code desired})
   * @param hasTelemetry whether the run folder has a telemetry.csv with rows
   */
  static String reaction(JsonNode surges, int n, double[] offered, double[] achieved, double[] p95, double[] ready, double[] desired,
      boolean hasTelemetry) {
    List<Svg.Band> bands = new ArrayList<>();
    List<Svg.Mark> marks = new ArrayList<>();
    int number = 0;
    for (JsonNode a : surges) {
      number++;
      String label = surges.size() > 1 ? " " + number : "";
      double step = a.path("stepOffsetSeconds").asDouble();
      boolean dropKnown = a.path("dropOffsetSeconds").isNumber();
      // an interval that never ended is drawn to the drop (after which the reaction is no longer looked for), else to the end
      double drop = dropKnown ? a.path("dropOffsetSeconds").asDouble() : Math.max(0, n - 1);
      marks.add(new Svg.Mark("surge", "surge" + label, step));
      if (dropKnown) marks.add(new Svg.Mark("drop", "drop" + label, drop));
      Double decision = seconds(a, "scaleOutDecisionSeconds");
      Double capacity = seconds(a, "capacityReadySeconds");
      Double recovery = seconds(a, "recoverySeconds");
      if (!isNone(a)) { // without telemetry the target's decisions are unknown, not absent
        band(bands, "detection", "detection: surge → scale-out decision", DETECTION, number, step, 0.0, decision, drop, n, "never decided to scale out");
        if (decision != null) {
          band(bands, "provisioning", "provisioning: decision → capacity ready", PROVISIONING, number, step, decision, capacity, drop, n,
              "capacity never ready");
        }
      }
      // recovery runs from the latest of capacity ready, the decision and the surge that came before the SLO recovered
      double from = 0;
      for (Double candidate : new Double[] {capacity, decision}) {
        if (candidate != null && (recovery == null || candidate <= recovery)) {
          from = candidate;
          break;
        }
      }
      band(bands, "recovery", "recovery: capacity ready → SLO recovered", RECOVERY, number, step, from, recovery, drop, n, "SLO never recovered");
    }
    List<Svg.Panel> panels = new ArrayList<>();
    panels.add(new Svg.Panel("logins/s", List.of(new Svg.Series("offered", "#2c3e50", offered), new Svg.Series("achieved", "#27ae60", achieved)), null));
    List<Svg.Series> instances = new ArrayList<>();
    if (ready != null) instances.add(new Svg.Series("ready", "#2980b9", ready));
    if (desired != null) instances.add(new Svg.Series("desired", "#e67e22", desired));
    panels.add(new Svg.Panel("instances", instances, hasTelemetry ? "no instance readings in the telemetry" : "no telemetry from the target"));
    panels.add(new Svg.Panel("p95 login ms", List.of(new Svg.Series("p95 login", "#8e44ad", p95)), null));
    StringBuilder sb = new StringBuilder("<h2 id=\"reaction\">Autoscaling reaction</h2>\n");
    sb.append(Svg.stacked("chart-reaction", "How the target reacted to the surge: load, instances and p95 login time over one time axis", n,
        panels, bands, marks)).append('\n');
    sb.append("<p class=\"note\">Seconds after the surge (scale-out decision, capacity ready, SLO recovered: the first of the required run of windows "
        + "that met the SLO) or after the drop (back to baseline, scale-in). Recovery is shaded from capacity ready, or from the decision or the surge "
        + "when that is unknown or the SLO recovered before it. Failed logins and down windows count from the surge until the SLO recovered.</p>\n");
    sb.append("<table id=\"reaction-table\"><tr><th>surge at</th><th>baseline → surge</th><th>scale-out decision</th><th>capacity ready</th>"
        + "<th>SLO recovered</th><th>failed logins</th><th>down windows</th><th>instances before → peak ready</th>"
        + "<th>over-provisioned instance-seconds</th><th>back to baseline</th><th>scale-in decision</th><th>telemetry</th></tr>");
    for (JsonNode a : surges) {
      boolean none = isNone(a);
      String unknown = none ? "n/a (no telemetry)" : "—";
      String rates = Svg.fmt(a.path("baselinePerSec").asDouble()) + " → " + Svg.fmt(a.path("surgePerSec").asDouble()) + " logins/s"
          + (a.path("rampSeconds").asDouble() > 0 ? " (ramp " + Svg.secs(a.path("rampSeconds").asDouble()) + " s)" : "");
      String fleet = a.path("instancesBefore").isNumber() && a.path("peakReady").isNumber()
          ? a.path("instancesBefore").asLong() + " → " + a.path("peakReady").asLong() : unknown;
      Double over = seconds(a, "overProvisionedInstanceSeconds");
      // back to baseline is read from the instances: without a count before the surge it is unknown rather than never
      String back = a.path("instancesBefore").isNumber() ? when(seconds(a, "backToBaselineSeconds"), none) : unknown;
      sb.append("<tr><td title=\"").append(Svg.esc(a.path("stepAt").asText())).append("\">").append(Svg.secs(a.path("stepOffsetSeconds").asDouble())).append(" s</td><td>").append(Svg.esc(rates))
          .append("</td><td>").append(when(seconds(a, "scaleOutDecisionSeconds"), none))
          .append("</td><td>").append(when(seconds(a, "capacityReadySeconds"), none))
          .append("</td><td>").append(when(seconds(a, "recoverySeconds"), false))
          .append("</td><td>").append(a.path("failedLogins").asLong())
          .append("</td><td>").append(a.path("downWindows").asLong()).append(" (").append(Svg.secs(a.path("windowSeconds").asDouble())).append(" s windows)")
          .append("</td><td>").append(Svg.esc(fleet))
          .append("</td><td>").append(over == null ? Svg.esc(unknown) : Svg.secs(over))
          .append("</td><td>").append(Svg.esc(back))
          .append("</td><td>").append(when(seconds(a, "scaleInSeconds"), none))
          .append("</td><td>").append(Svg.esc(a.path("telemetry").asText("—"))).append("</td></tr>");
    }
    return sb.append("</table>\n").toString();
  }

  /** Adds the interval from {@code step + from} to {@code step + to}; a null {@code to} never came, so it is drawn to the drop. */
  private static void band(List<Svg.Band> bands, String interval, String legend, String color, int surge, double step, double from, Double to,
      double drop, int n, String never) {
    double start = step + from;
    double end = to != null ? step + to : drop > start ? drop : Math.max(start, n - 1);
    bands.add(new Svg.Band(interval, legend, color, surge, round(start), round(end), to == null, never));
  }

  private static boolean isNone(JsonNode surge) {
    return surge.path("telemetry").asText("").equals("none");
  }

  /** @return the field's seconds, or null when it is null or absent */
  private static Double seconds(JsonNode node, String field) {
    return node.path(field).isNumber() ? node.path(field).asDouble() : null;
  }

  /** @return "12.5 s" after the surge or drop, "never", or, for an event that only the target's telemetry could tell, n/a without it */
  private static String when(Double seconds, boolean noTelemetry) {
    if (seconds != null) return Svg.secs(seconds) + " s";
    return noTelemetry ? "n/a (no telemetry)" : "never";
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  /**
   * @return one telemetry column per second of the run, times {@code scale}: a blank or unreadable cell is a missing reading,
   *     filled forward; null when no row in the run has a reading in it (the source does not know the column)
   */
  private static double[] column(List<TelemetryFiles.Reading> readings, String name, long start, int n, double scale) {
    double[] v = missing(n);
    boolean any = false;
    for (TelemetryFiles.Reading r : readings) {
      long i = (r.atMs() - start) / 1000;
      double d = r.value(name);
      if (i < 0 || i >= n || Double.isNaN(d)) continue;
      v[(int) i] = scale * d;
      any = true;
    }
    if (!any) return null;
    fillForward(v);
    return v;
  }

  private static double[] missing(int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, Double.NaN);
    return v;
  }

  /** @return the spans the charts shade: the preflight and the warm-up, whose logins are never judged */
  static List<Svg.Shade> shades(JsonNode summary) {
    List<Svg.Shade> shades = new ArrayList<>();
    JsonNode w = summary.path("warmUp");
    if (w.isObject()) {
      shades.add(new Svg.Shade("warm-up", "warm-up (not judged)", w.path("fromOffsetSeconds").asDouble(), w.path("toOffsetSeconds").asDouble()));
    }
    return shades;
  }

  /** @return the failures by step and kind, each with what the target answered (sampled, secrets masked); empty without failures */
  static String failures(JsonNode summary) {
    JsonNode failures = summary.path("failures");
    StringBuilder sb = new StringBuilder();
    JsonNode pre = summary.path("preflight");
    if (pre.isObject() && !pre.path("passed").asBoolean()) {
      sb.append("<h2>Preflight</h2>\n<table id=\"preflight-table\"><tr><th>journey</th><th>outcome</th><th>failed step</th><th>kind</th><th>what the target answered</th></tr>");
      for (JsonNode j : pre.path("journeys")) {
        JsonNode x = j.path("sample");
        sb.append("<tr><td>").append(Svg.esc(j.path("journey").asText())).append("</td><td>").append(Svg.esc(j.path("outcome").asText()))
            .append("</td><td>").append(Svg.esc(j.path("failedStep").asText())).append("</td><td>").append(Svg.esc(j.path("failureKind").asText()))
            .append("</td><td>").append(x.isObject() ? sample(x) : "").append("</td></tr>");
      }
      sb.append("</table>\n");
    }
    if (!failures.isArray() || failures.isEmpty()) return sb.toString();
    sb.append("<h2>Failures by step and kind</h2>\n<table id=\"failures-table\"><tr><th>step</th><th>kind</th><th>failed logins</th><th>what the target answered (sampled)</th></tr>");
    for (JsonNode f : failures) {
      StringBuilder samples = new StringBuilder();
      for (JsonNode x : f.path("samples")) samples.append("<div class=\"sample\">").append(sample(x)).append("</div>");
      sb.append("<tr><td>").append(Svg.esc(f.path("step").asText())).append("</td><td>").append(Svg.esc(f.path("kind").asText())).append("</td><td>")
          .append(f.path("count").asLong()).append("</td><td>").append(samples).append("</td></tr>");
    }
    return sb.append("</table>\n<p class=\"note\">Samples: the first few failed responses of each step and kind, secrets masked "
        + "(all of them in failure-samples.json).</p>\n").toString();
  }

  private static String sample(JsonNode x) {
    return (x.path("status").asInt() > 0 ? "HTTP " + x.path("status").asInt() + " " : "no response ")
        + (x.path("url").asText().isEmpty() ? "" : "at <code>" + Svg.esc(x.path("url").asText()) + "</code> ")
        + (x.path("body").asText().isEmpty() ? "" : "— " + Svg.esc(x.path("body").asText()));
  }

  /** @return the telemetry's source and health, for the header; empty for summaries that predate it */
  static String telemetryLine(JsonNode t) {
    if (t.isMissingNode() || t.isNull()) return "";
    if ("none".equals(t.path("source").asText())) return "<br>Telemetry: none (client side only)";
    long failed = t.path("failedReadings").asLong();
    return "<br><span id=\"telemetry-status\"" + (failed > 0 ? " class=\"warn\"" : "") + ">Telemetry: " + Svg.esc(t.path("source").asText())
        + " (" + Svg.esc(t.path("from").asText()) + "), " + t.path("readings").asLong() + " readings"
        + (failed > 0 ? ", " + failed + " failed (last: " + Svg.esc(t.path("lastFailure").asText()) + ")" : ", none failed") + "</span>";
  }

  /** Seconds without a telemetry sample take the previous sample's value (0 before the first); a real 0 stays 0. */
  private static void fillForward(double[] v) {
    for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = i == 0 ? 0 : v[i - 1];
  }
}
