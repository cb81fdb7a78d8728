package io.firstbell.report;

import io.firstbell.results.Summary;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  public static String render(Summary summary, Path folder) throws IOException {
    long start = summary.startedAt().toEpochMilli();
    List<Summary.Second> timeline = summary.timeline();
    int n = timeline.size();
    double[] offered = new double[n];
    double[] achieved = new double[n];
    double[] failed = new double[n];
    double[] p95 = new double[n];
    for (int i = 0; i < n; i++) {
      Summary.Second p = timeline.get(i);
      offered[i] = p.offered();
      achieved[i] = p.succeeded();
      failed[i] = p.failed();
      p95[i] = p.p95Ms();
    }
    List<double[]> markers = new ArrayList<>();
    for (TargetEvent e : TelemetryFiles.events(folder)) {
      if (e.kind().equals("scale-out") || e.kind().equals("instance-ready")) markers.add(new double[] {(e.atMs() - start) / 1000.0});
    }
    // load steps (breaking-point runs): their boundaries mark the throughput chart
    List<double[]> stepMarkers = new ArrayList<>(markers);
    for (Summary.Step step : orEmpty(summary.steps())) {
      stepMarkers.add(new double[] {step.startOffsetSeconds()});
    }
    List<Svg.Series> throughput = new ArrayList<>(List.of(new Svg.Series("offered", "#2c3e50", offered),
        new Svg.Series("achieved", "#27ae60", achieved), new Svg.Series("failed", "#c0392b", failed)));
    Double found = summary.maxSustainablePerSec();
    if (found != null) {
      double[] line = new double[n];
      java.util.Arrays.fill(line, found);
      throughput.add(new Svg.Series("breaking point " + Svg.fmt(found) + "/s", "#e67e22", line));
    }
    // telemetry, per second of the run: a blank cell (a source that does not know the column) is a missing reading, and a
    // column with no reading in the run is no series at all
    List<TelemetryFiles.Reading> telemetry = TelemetryFiles.readings(folder.resolve("telemetry.csv"));
    double[] ready = column(telemetry, "ready", start, n, 1);
    double[] desired = column(telemetry, "desired", start, n, 1);
    double[] unhealthy = column(telemetry, "unhealthy", start, n, 1);
    double[] util = column(telemetry, "utilization_interval", start, n, 100); // the autoscaler's own metric
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Svg.esc(summary.simulation())).append(" — capacity report</h1>\n");
    boolean passed = summary.passed();
    body.append("<p id=\"verdict\" class=\"verdict ").append(passed ? "met" : "not-met").append("\">")
        .append(Svg.esc(summary.verdict())).append("</p>\n");
    body.append("<p class=\"meta\">Target: ").append(Svg.esc(summary.target())).append(telemetryLine(summary.telemetry())).append("<br>From ")
        .append(Svg.esc(summary.startedAt().toString())).append(" to ").append(Svg.esc(summary.endedAt().toString()))
        .append(Files.exists(folder.resolve("gatling")) ? " · <a id=\"gatling-report\" href=\"gatling/index.html\">Gatling report</a>" : "")
        .append(" · <a href=\"logins.csv\">logins.csv</a> · <a href=\"summary.json\">summary.json</a></p>\n");
    List<Svg.Shade> shades = shades(summary);
    body.append(Svg.lines("chart-throughput", "Logins per second: offered (by scheduled start) and achieved (succeeded, by end)", "logins/s",
        throughput, stepMarkers, shades)).append('\n');
    if (summary.replay() != null) body.append(replay(summary.replay()));
    List<Summary.Surge> autoscaling = summary.autoscaling();
    if (autoscaling != null && !autoscaling.isEmpty()) {
      body.append(reaction(autoscaling, n, offered, achieved, p95, ready, desired, !telemetry.isEmpty()));
    }
    Summary.BreakingPoint bp = summary.breakingPoint();
    if (bp != null) {
      body.append("<h2>Breaking point</h2>\n<p id=\"breaking-point\">Highest rate that met the SLO: <strong>")
          .append(rate(bp.maxSustainablePerSec(), "none"))
          .append("</strong>; first failing rate: ").append(rate(bp.firstFailingPerSec(), "none"))
          .append("; knee: ").append(rate(bp.kneePerSec(), "none"))
          .append("; precision: ").append(rate(bp.precisionPerSec(), "-"))
          .append(". Likely bottleneck: ").append(Svg.esc(bp.bottleneck())).append(".</p>\n");
      body.append("<table id=\"steps-table\"><tr><th>step</th><th>phase</th><th>rate/s</th><th>offered/s</th><th>achieved/s</th><th>success</th>"
          + "<th>p95</th><th>median, first → last third</th><th>SLO</th><th>used as</th><th>failed</th></tr>");
      for (Summary.Step s : orEmpty(summary.steps())) {
        String status = s.status() == null ? "judged" : s.status();
        String slo = status.equals("invalid") ? "—" : s.sloMet() ? "met"
            : "broken" + (s.brokenBy() == null || s.brokenBy().isEmpty() ? "" : " (" + s.brokenBy() + ")");
        StringBuilder stepFailures = new StringBuilder();
        if (s.failures() != null) {
          s.failures().forEach((k, v) -> stepFailures.append(stepFailures.length() == 0 ? "" : "; ").append(v).append(" ").append(k));
        }
        body.append("<tr class=\"step-").append(Svg.esc(status)).append("\"><td>").append(s.number()).append("</td><td>")
            .append(Svg.esc(s.phase())).append("</td><td>").append(Svg.fmt(s.ratePerSec()))
            .append("</td><td>").append(Svg.fmt(s.offeredPerSec())).append("</td><td>").append(Svg.fmt(s.achievedPerSec()))
            .append("</td><td>").append(Svg.fmt(100 * s.successRatio())).append("%</td><td>").append(s.p95Ms())
            .append(" ms</td><td>").append(s.firstThirdMedianMs() + " → " + s.lastThirdMedianMs() + " ms")
            .append("</td><td>").append(Svg.esc(slo)).append("</td><td>").append(Svg.esc(status))
            .append(s.reason() == null || s.reason().isEmpty() ? "" : ": " + Svg.esc(s.reason())).append("</td><td>")
            .append(Svg.esc(stepFailures.toString())).append("</td></tr>");
      }
      body.append("</table>\n");
    }
    body.append(Svg.lines("chart-p95", "p95 login time by second of scheduled start (think time excluded)", "ms",
        List.of(new Svg.Series("p95 login", "#8e44ad", p95)), List.of(), shades)).append('\n');
    body.append(Svg.bars("chart-failures-step", "Failed logins by step", bars(summary.logins().byFailureStep()))).append('\n');
    body.append(Svg.bars("chart-failures-kind", "Failed logins by kind", bars(summary.logins().byFailureKind()))).append('\n');
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
    Summary.Uptime uptime = summary.uptime();
    body.append(Svg.strip("uptime-strip", String.format(java.util.Locale.ROOT, "Uptime %.1f%%: %d up, %d down, %d empty windows of %s s",
        uptime.uptimePercent(), uptime.upWindows(), uptime.downWindows(), uptime.emptyWindows(), Svg.fmt(uptime.windowSeconds())),
        uptime.strip(), uptime.windowSeconds())).append('\n');
    Summary.Logins logins = summary.logins();
    body.append("<h2>Logins</h2>\n<table id=\"logins-table\"><tr><th>attempted</th><th>succeeded</th><th>failed</th><th>cut short</th><th>p50</th><th>p95</th><th>p99</th></tr>")
        .append("<tr><td>").append(logins.attempted()).append("</td><td>").append(logins.succeeded())
        .append("</td><td>").append(logins.failed()).append("</td><td>").append(logins.cutShort())
        .append("</td><td>").append(summary.latency().p50Ms()).append(" ms</td><td>")
        .append(summary.latency().p95Ms()).append(" ms</td><td>").append(summary.latency().p99Ms())
        .append(" ms</td></tr></table>\n");
    body.append(table("journey-table", "By journey", logins.byJourney()));
    body.append(table("persona-table", "By persona", logins.byPersona()));
    Summary.Generator g = summary.generator();
    body.append("<h2>Load generator</h2>\n<p id=\"generator\">").append(g.saturated() ? "<strong>Saturated</strong>: " : "Not saturated: ")
        .append(Svg.fmt(g.cpuMillisPerLogin())).append(" ms CPU per login, ").append(Svg.fmt(100 * g.cpuShare()))
        .append("% of the machine's cores; logins started late by up to ").append(g.maxStartLagMs()).append(" ms (p99 ")
        .append(g.p99StartLagMs()).append(" ms).</p>\n");
    String css = "body{font-family:sans-serif;margin:24px;color:#222;max-width:900px}.verdict{font-size:18px;padding:8px;border-radius:4px}"
        + ".met{background:#eafaf1}.not-met{background:#fdedec}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px}"
        + ".chart{display:block;margin:16px 0}.meta{color:#555}.warn{color:#c0392b}.note{color:#555;font-size:13px}"
        + "#reaction-table{font-size:12px}#reaction-table td,#reaction-table th{padding:3px 5px}";
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FirstBell capacity report — "
        + Svg.esc(summary.simulation()) + "</title><style>" + css + "</style></head>\n<body>\n" + body + "</body></html>\n";
  }

  /** Writes {@code capacity-report.html} into the run folder. */
  public static Path write(Summary summary, Path folder) throws IOException {
    Path file = folder.resolve("capacity-report.html");
    Files.writeString(file, render(summary, folder), StandardCharsets.UTF_8);
    return file;
  }

  private static List<Svg.Bar> bars(Map<String, Long> counts) {
    List<Svg.Bar> bars = new ArrayList<>();
    counts.forEach((k, v) -> bars.add(new Svg.Bar(k, v)));
    return bars;
  }

  /** The replay's overlay: per minute, the logins recorded (×1), offered (×multiplier) and achieved, and its table. */
  private static String replay(Summary.Replay r) {
    List<Summary.ReplayMinute> minutes = r.minutes();
    double[] recorded = minutes.stream().mapToDouble(Summary.ReplayMinute::recorded).toArray();
    double[] offered = minutes.stream().mapToDouble(Summary.ReplayMinute::offered).toArray();
    double[] achieved = minutes.stream().mapToDouble(Summary.ReplayMinute::achieved).toArray();
    StringBuilder sb = new StringBuilder("<h2 id=\"replay\">Replay</h2>\n<p id=\"replay-source\">")
        .append(Svg.esc(r.source())).append(" (").append(Svg.esc(r.format())).append(", sha-256 ").append(Svg.esc(r.digest().substring(0, 12)))
        .append("…), window ").append(Svg.esc(String.valueOf(r.windowFrom()))).append(" – ").append(Svg.esc(String.valueOf(r.windowTo())))
        .append(", ×").append(Svg.fmt(r.multiplier())).append(" at speed ").append(Svg.fmt(r.speed()))
        .append(String.format(java.util.Locale.ROOT, ". Read %,d lines: %,d logins matched; skipped %,d unparseable, %,d out of order, %,d outside the window. "
            + "Recorded %s, offered %,d, started %,d, achieved %,d logins.</p>%n", r.linesRead(), r.matched(), r.unparseable(), r.outOfOrder(),
            r.outsideWindow(), Svg.fmt(r.recorded()), r.offered(), r.started(), r.achieved()));
    sb.append(Svg.lines("chart-replay", "Logins per minute: recorded (×1), offered (×" + Svg.fmt(r.multiplier()) + ") and achieved", "logins/min", "min",
        List.of(new Svg.Series("recorded ×1", "#7f8c8d", recorded), new Svg.Series("offered ×" + Svg.fmt(r.multiplier()), "#2c3e50", offered),
            new Svg.Series("achieved", "#27ae60", achieved)), List.of(), List.of())).append('\n');
    sb.append("<table id=\"replay-table\"><tr><th>minute</th><th>recorded ×1</th><th>offered</th><th>started</th><th>achieved</th></tr>");
    for (Summary.ReplayMinute m : minutes) {
      sb.append("<tr><td>").append(m.minute()).append("</td><td>").append(Svg.fmt(m.recorded())).append("</td><td>").append(m.offered())
          .append("</td><td>").append(m.started()).append("</td><td>").append(m.achieved()).append("</td></tr>");
    }
    return sb.append("</table>\n").toString();
  }

  private static String rate(Double perSec, String none) {
    return perSec == null ? none : Svg.fmt(perSec) + " logins/s";
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String table(String id, String title, Map<String, Long> counts) {
    StringBuilder sb = new StringBuilder("<h2>" + Svg.esc(title) + "</h2>\n<table id=\"" + id + "\"><tr><th></th><th>logins</th></tr>");
    counts.forEach((k, v) -> sb.append("<tr><td>").append(Svg.esc(k)).append("</td><td>").append(v).append("</td></tr>"));
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
  static String reaction(List<Summary.Surge> surges, int n, double[] offered, double[] achieved, double[] p95, double[] ready, double[] desired,
      boolean hasTelemetry) {
    List<Svg.Band> bands = new ArrayList<>();
    List<Svg.Mark> marks = new ArrayList<>();
    int number = 0;
    for (Summary.Surge a : surges) {
      number++;
      String label = surges.size() > 1 ? " " + number : "";
      double step = a.stepOffsetSeconds();
      // an interval that never ended is drawn to the drop (after which the reaction is no longer looked for), else to the end
      double drop = a.dropOffsetSeconds();
      marks.add(new Svg.Mark("surge", "surge" + label, step));
      marks.add(new Svg.Mark("drop", "drop" + label, drop));
      Double decision = a.scaleOutDecisionSeconds();
      Double capacity = a.capacityReadySeconds();
      Double recovery = a.recoverySeconds();
      if (a.telemetryKnown()) { // without telemetry the target's decisions are unknown, not absent
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
    for (Summary.Surge a : surges) {
      boolean none = !a.telemetryKnown();
      String unknown = none ? "n/a (no telemetry)" : "—";
      String rates = Svg.fmt(a.baselinePerSec()) + " → " + Svg.fmt(a.surgePerSec()) + " logins/s"
          + (a.rampSeconds() > 0 ? " (ramp " + Svg.secs(a.rampSeconds()) + " s)" : "");
      String fleet = a.instancesBefore() != null && a.peakReady() != null ? a.instancesBefore() + " → " + a.peakReady() : unknown;
      Double over = a.overProvisionedInstanceSeconds();
      // back to baseline is read from the instances: without a count before the surge it is unknown rather than never
      String back = a.instancesBefore() != null ? when(a.backToBaselineSeconds(), none) : unknown;
      sb.append("<tr><td title=\"").append(Svg.esc(a.stepAt().toString())).append("\">").append(Svg.secs(a.stepOffsetSeconds())).append(" s</td><td>").append(Svg.esc(rates))
          .append("</td><td>").append(when(a.scaleOutDecisionSeconds(), none))
          .append("</td><td>").append(when(a.capacityReadySeconds(), none))
          .append("</td><td>").append(when(a.recoverySeconds(), false))
          .append("</td><td>").append(a.failedLogins())
          .append("</td><td>").append(a.downWindows()).append(" (").append(Svg.secs(a.windowSeconds())).append(" s windows)")
          .append("</td><td>").append(Svg.esc(fleet))
          .append("</td><td>").append(over == null ? Svg.esc(unknown) : Svg.secs(over))
          .append("</td><td>").append(Svg.esc(back))
          .append("</td><td>").append(when(a.scaleInSeconds(), none))
          .append("</td><td>").append(Svg.esc(a.telemetry() == null ? "—" : a.telemetry())).append("</td></tr>");
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
  static List<Svg.Shade> shades(Summary summary) {
    List<Svg.Shade> shades = new ArrayList<>();
    Summary.WarmUp w = summary.warmUp();
    if (w != null) {
      shades.add(new Svg.Shade("warm-up", "warm-up (not judged)", w.fromOffsetSeconds(), w.toOffsetSeconds()));
    }
    return shades;
  }

  /** @return the failures by step and kind, each with what the target answered (sampled, secrets masked); empty without failures */
  static String failures(Summary summary) {
    List<Summary.Failure> failures = summary.failures();
    StringBuilder sb = new StringBuilder();
    Summary.Preflight pre = summary.preflight();
    if (pre != null && !pre.passed()) {
      sb.append("<h2>Preflight</h2>\n<table id=\"preflight-table\"><tr><th>journey</th><th>outcome</th><th>failed step</th><th>kind</th><th>what the target answered</th></tr>");
      for (Summary.PreflightLogin j : pre.journeys()) {
        sb.append("<tr><td>").append(Svg.esc(j.journey())).append("</td><td>").append(Svg.esc(j.outcome()))
            .append("</td><td>").append(Svg.esc(j.failedStep())).append("</td><td>").append(Svg.esc(j.failureKind()))
            .append("</td><td>").append(j.sample() != null ? sample(j.sample()) : "").append("</td></tr>");
      }
      sb.append("</table>\n");
    }
    if (failures == null || failures.isEmpty()) return sb.toString();
    sb.append("<h2>Failures by step and kind</h2>\n<table id=\"failures-table\"><tr><th>step</th><th>kind</th><th>failed logins</th><th>what the target answered (sampled)</th></tr>");
    for (Summary.Failure f : failures) {
      StringBuilder samples = new StringBuilder();
      for (Summary.Sample x : f.samples()) samples.append("<div class=\"sample\">").append(sample(x)).append("</div>");
      sb.append("<tr><td>").append(Svg.esc(f.step())).append("</td><td>").append(Svg.esc(f.kind())).append("</td><td>")
          .append(f.count()).append("</td><td>").append(samples).append("</td></tr>");
    }
    return sb.append("</table>\n<p class=\"note\">Samples: the first few failed responses of each step and kind, secrets masked "
        + "(all of them in failure-samples.json).</p>\n").toString();
  }

  private static String sample(Summary.Sample x) {
    return (x.status() > 0 ? "HTTP " + x.status() + " " : "no response ")
        + (x.url().isEmpty() ? "" : "at <code>" + Svg.esc(x.url()) + "</code> ")
        + (x.body().isEmpty() ? "" : "— " + Svg.esc(x.body()));
  }

  /** @return the telemetry's source and health, for the header; empty for summaries that predate it */
  static String telemetryLine(Summary.Telemetry t) {
    if (t == null) return "";
    if ("none".equals(t.source())) return "<br>Telemetry: none (client side only)";
    long failed = t.failedReadings();
    return "<br><span id=\"telemetry-status\"" + (failed > 0 ? " class=\"warn\"" : "") + ">Telemetry: " + Svg.esc(t.source())
        + " (" + Svg.esc(String.valueOf(t.from())) + "), " + t.readings() + " readings"
        + (failed > 0 ? ", " + failed + " failed (last: " + Svg.esc(String.valueOf(t.lastFailure())) + ")" : ", none failed") + "</span>";
  }

  /** Seconds without a telemetry sample take the previous sample's value (0 before the first); a real 0 stays 0. */
  private static void fillForward(double[] v) {
    for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = i == 0 ? 0 : v[i - 1];
  }
}
