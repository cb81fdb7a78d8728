package io.firstbell.report;

import io.firstbell.telemetry.TelemetryRecorder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capacity-report.html: one self-contained page of inline SVG charts drawn from summary.json, telemetry.csv and events.csv. */
class CapacityReportTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  @TempDir
  Path folder;

  private static LoginRecord rec(long scheduledAt, long endAt, Outcome outcome, String failedStep, String failureKind) {
    return new LoginRecord(T0 + scheduledAt, T0 + scheduledAt, T0 + endAt, "student-portal", "student", "password", "district-01", outcome,
        failedStep, failureKind, 4, false, 0);
  }

  /**
   * 15 s, 5 s windows: [0 s, 5 s) 4 ok → up; [5 s, 10 s) 3 failed at submit-password, 1 at dashboard, 1 ok → down; [10 s, 15 s) empty.
   */
  private static Summary summary() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) records.add(rec(i * 1_000L, i * 1_000L + 300, Outcome.SUCCEEDED, "", ""));
    records.add(rec(5_000, 6_500, Outcome.FAILED, "submit-password", "http-502"));
    records.add(rec(6_000, 7_500, Outcome.FAILED, "submit-password", "http-502"));
    records.add(rec(7_000, 8_500, Outcome.FAILED, "submit-password", "no-response"));
    records.add(rec(8_000, 15_000, Outcome.CUT_SHORT, "dashboard", "cut-short"));
    records.add(rec(9_000, 9_400, Outcome.SUCCEEDED, "", ""));
    RunSummary.Meta meta = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 15_000, 900, 0.2, false, 1_000);
    return RunSummary.build(meta, records, SLO, 5_000, 0.1, 1_000, List.of());
  }

  private void telemetry(String... rows) throws IOException {
    Files.writeString(folder.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  private void events(String... rows) throws IOException {
    Files.writeString(folder.resolve("events.csv"), "time,kind,from,to,detail\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  /** One telemetry.csv row {@code second} s into the run. */
  private static String sample(int second, int ready, int desired, double utilization) {
    return (T0 + second * 1_000L) + "," + ready + ",0," + desired + ",0,3,8," + utilization + "," + utilization + ",0,100,0,0,1,10,0,0";
  }

  private void withTelemetry() throws IOException {
    telemetry(sample(0, 2, 2, 0.25), sample(1, 2, 2, 0.5), sample(3, 2, 3, 1.0), sample(8, 3, 3, 0.75), sample(30, 9, 9, 0.1));
    events("2024-09-03T07:00:03Z,scale-out,2,3,queue above target",
        "2024-09-03T07:00:08Z,instance-ready,2,3,instance 3",
        "2024-09-03T07:00:09Z,unhealthy,3,2,instance 1 failed its check",
        "not a time,scale-out,3,4,");
  }

  private Document render(Summary summary) throws IOException {
    return Jsoup.parse(CapacityReport.render(summary, folder));
  }

  private static List<String> attrs(Elements elements, String attribute) {
    return elements.stream().map(e -> e.attr(attribute)).toList();
  }

  @Test
  void verdictIsTheSummarysVerdict() throws IOException {
    Summary s = summary();
    Element verdict = render(s).getElementById("verdict");
    assertNotNull(verdict);
    assertEquals(s.verdict(), verdict.text());
    assertTrue(verdict.text().startsWith("SLO NOT met: 55.56% of 9 logins succeeded"), verdict.text());
    assertTrue(verdict.hasClass("not-met"));
  }

  @Test
  void aMetSloIsMarkedMet() throws IOException {
    RunSummary.Meta meta = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 3_000, 10, 0.01, false, 1_000);
    Summary s = RunSummary.build(meta, List.of(rec(0, 200, Outcome.SUCCEEDED, "", "")), SLO, 5_000, 0.1, 1_000, List.of());
    Element verdict = render(s).getElementById("verdict");
    assertEquals("SLO met: 100.00% of 1 logins succeeded, p95 login 200 ms; uptime 100.0% (0 of 1 windows down).", verdict.text());
    assertTrue(verdict.hasClass("met"));
  }

  @Test
  void throughputChartHasOfferedAchievedAndFailedOverTheTimeline() throws IOException {
    Summary s = summary();
    Document doc = render(s);
    Elements series = doc.select("svg#chart-throughput polyline.series");
    assertEquals(List.of("offered", "achieved", "failed"), attrs(series, "data-series"));
    assertEquals(15, s.timeline().size());
    assertEquals(List.of("15", "15", "15"), attrs(series, "data-points"));
    for (Element line : series) assertEquals(15, line.attr("points").split(" ").length, line.attr("data-series"));
  }

  @Test
  void aReplayOverlaysRecordedOfferedAndAchievedLoginsPerMinute() throws IOException {
    Summary.Replay replay = new Summary.Replay("recordings/peak.log.gz", "ab".repeat(32), "nginx", java.time.Instant.parse("2026-09-08T11:00:00Z"),
        java.time.Instant.parse("2026-09-08T11:03:00Z"), 1.2, 1, 7, 1_000, 250, 2, 1, 0, 250, 300, 300, 290,
        List.of(new Summary.ReplayMinute(0, 50, 60, 60, 60), new Summary.ReplayMinute(1, 100, 120, 120, 115), new Summary.ReplayMinute(2, 100, 120, 120, 115)));
    Document doc = render(summary().withReplay(replay));
    Elements series = doc.select("svg#chart-replay polyline.series");
    assertEquals(List.of("recorded ×1", "offered ×1.20", "achieved"), attrs(series, "data-series"));
    assertEquals(List.of("3", "3", "3"), attrs(series, "data-points"));
    assertEquals(List.of("0", "50", "60", "60", "60"), doc.select("table#replay-table tr").get(1).select("td").eachText());
    assertTrue(doc.getElementById("replay-source").text().startsWith("recordings/peak.log.gz (nginx, sha-256 abababababab…), window "
        + "2026-09-08T11:00:00Z – 2026-09-08T11:03:00Z, ×1.20 at speed 1. Read 1,000 lines: 250 logins matched; skipped 2 unparseable, 1 out of order,"
        + " 0 outside the window. Recorded 250, offered 300, started 300, achieved 290 logins."), doc.getElementById("replay-source").text());
    assertNull(render(summary()).getElementById("replay"), "no replay, no section");
  }

  @Test
  void p95ChartExistsWithOneSeries() throws IOException {
    Elements series = render(summary()).select("svg#chart-p95 polyline.series");
    assertEquals(List.of("p95 login"), attrs(series, "data-series"));
    assertEquals("15", series.get(0).attr("data-points"));
  }

  @Test
  void failureBarsCarryTheCountsByStepAndKind() throws IOException {
    Document doc = render(summary());
    Elements steps = doc.select("svg#chart-failures-step rect.bar");
    // byFailureStep, sorted by name: dashboard 1, submit-password 3
    assertEquals(List.of("1", "3"), attrs(steps, "data-value"));
    assertEquals(List.of("dashboard", "submit-password"), steps.stream().map(b -> b.previousElementSibling().text()).toList());
    Elements kinds = doc.select("svg#chart-failures-kind rect.bar");
    assertEquals(List.of("1", "2", "1"), attrs(kinds, "data-value"));
    assertEquals(List.of("cut-short", "http-502", "no-response"), kinds.stream().map(b -> b.previousElementSibling().text()).toList());
  }

  @Test
  void noFailuresDrawNoBars() throws IOException {
    RunSummary.Meta meta = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 3_000, 10, 0.01, false, 1_000);
    Document doc = render(RunSummary.build(meta, List.of(rec(0, 200, Outcome.SUCCEEDED, "", "")), SLO, 5_000, 0.1, 1_000, List.of()));
    assertTrue(doc.select("svg#chart-failures-step rect.bar").isEmpty());
    assertEquals("none", doc.select("svg#chart-failures-step text.empty").text());
  }

  @Test
  void uptimeStripHasOneCellPerWindowInOrder() throws IOException {
    Summary s = summary();
    assertEquals("+x.", s.uptime().strip());
    Elements cells = render(s).select("svg#uptime-strip rect.window");
    assertEquals(3, cells.size());
    assertEquals(List.of("up", "down", "empty"), cells.stream().map(c -> c.hasClass("up") ? "up" : c.hasClass("down") ? "down"
        : c.hasClass("empty") ? "empty" : "?").toList());
    assertEquals(List.of("window up", "window down", "window empty"), attrs(cells, "class"));
  }

  @Test
  void withTelemetryInstancesAndUtilizationAreCharted() throws IOException {
    withTelemetry();
    Document doc = render(summary());
    assertNull(doc.getElementById("no-telemetry"));
    Elements instances = doc.select("svg#chart-instances polyline.series");
    assertEquals(List.of("ready", "desired", "unhealthy"), attrs(instances, "data-series"));
    assertEquals(List.of("15", "15", "15"), attrs(instances, "data-points"));
    Elements utilization = doc.select("svg#chart-utilization polyline.series");
    assertEquals(2, utilization.size());
    assertTrue(utilization.get(0).attr("data-series").contains("utilization"), utilization.get(0).attr("data-series"));
    assertEquals("offered logins/s", utilization.get(1).attr("data-series"));
    assertEquals(List.of("15", "15"), attrs(utilization, "data-points"));
  }

  @Test
  void scaleOutAndInstanceReadyEventsAreDrawnAsMarkers() throws IOException {
    withTelemetry();
    Document doc = render(summary());
    // second 3 and second 8 of 15 points: x = 60 + 780 * s / 14
    for (String chart : List.of("chart-instances", "chart-utilization", "chart-throughput")) {
      Elements markers = doc.select("svg#" + chart + " line.marker");
      assertEquals(List.of("227.1", "505.7"), attrs(markers, "x1"), chart);
      assertEquals(attrs(markers, "x1"), attrs(markers, "x2"), chart);
    }
    assertTrue(doc.select("svg#chart-p95 line.marker").isEmpty());
  }

  /** @return the y coordinates of a polyline's points */
  private static List<String> ys(Element polyline) {
    return java.util.Arrays.stream(polyline.attr("points").split(" ")).map(p -> p.split(",")[1]).toList();
  }

  @Test
  void telemetryIsPlacedByTheSecondAndFilledForward() throws IOException {
    withTelemetry();
    Document doc = render(summary());
    List<String> ready = ys(doc.selectFirst("svg#chart-instances polyline[data-series=ready]"));
    List<String> desired = ys(doc.selectFirst("svg#chart-instances polyline[data-series=desired]"));
    assertEquals(15, ready.size());
    // ready: 2 from second 0 until the sample at second 8 says 3; desired: 2 until second 3, then 3; the sample at 30 s is past the run
    String two = ready.get(0);
    String three = ready.get(8);
    assertFalse(two.equals(three));
    List<String> expectedReady = new ArrayList<>();
    List<String> expectedDesired = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      expectedReady.add(i < 8 ? two : three);
      expectedDesired.add(i < 3 ? two : three);
    }
    assertEquals(expectedReady, ready);
    assertEquals(expectedDesired, desired);
  }

  @Test
  void withoutTelemetryThereIsANoteAndNoInstanceCharts() throws IOException {
    Document doc = render(summary());
    assertNotNull(doc.getElementById("no-telemetry"));
    assertEquals("No telemetry from the target for this run.", doc.getElementById("no-telemetry").text());
    assertNull(doc.getElementById("chart-instances"));
    assertNull(doc.getElementById("chart-utilization"));
    assertNotNull(doc.getElementById("chart-throughput"));
    assertNotNull(doc.getElementById("chart-p95"));
    assertNotNull(doc.getElementById("uptime-strip"));
  }

  @Test
  void aTelemetryFileWithOnlyItsHeaderIsNoTelemetry() throws IOException {
    Files.writeString(folder.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n");
    Document doc = render(summary());
    assertNotNull(doc.getElementById("no-telemetry"));
    assertNull(doc.getElementById("chart-instances"));
  }

  @Test
  void eventsWithoutTelemetryStillMarkTheThroughputChart() throws IOException {
    events("2024-09-03T07:00:03Z,scale-out,2,3,queue above target");
    Document doc = render(summary());
    assertEquals(List.of("227.1"), attrs(doc.select("svg#chart-throughput line.marker"), "x1"));
    assertNull(doc.getElementById("chart-instances"));
  }

  @Test
  void thePageIsSelfContained() throws IOException {
    withTelemetry();
    Files.createDirectory(folder.resolve("gatling"));
    String html = CapacityReport.render(summary(), folder);
    Document doc = Jsoup.parse(html);
    assertTrue(doc.select("script").isEmpty());
    assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"));
    assertTrue(doc.select("link, img, iframe, object, embed").isEmpty());
    Elements linked = doc.select("[src], [href]");
    assertFalse(linked.isEmpty());
    for (Element e : linked) {
      for (String attribute : List.of("src", "href")) {
        String value = e.attr(attribute).trim().toLowerCase(java.util.Locale.ROOT);
        assertFalse(value.startsWith("http:") || value.startsWith("https:") || value.startsWith("//"), e.outerHtml());
      }
    }
    assertEquals(List.of("gatling/index.html", "logins.csv", "summary.json"), attrs(doc.select("a[href]"), "href"));
  }

  @Test
  void aGatlingLinkAppearsOnlyWhenTheRunFolderHasGatlingsReport() throws IOException {
    assertNull(render(summary()).getElementById("gatling-report"));
    Files.createDirectory(folder.resolve("gatling"));
    Element link = render(summary()).getElementById("gatling-report");
    assertNotNull(link);
    assertEquals("gatling/index.html", link.attr("href"));
    assertEquals("Gatling report", link.text());
  }

  @Test
  void tablesRepeatTheCounts() throws IOException {
    Document doc = render(summary());
    assertEquals("9 5 4 1 400 ms 7000 ms 7000 ms", doc.select("#logins-table tr").get(1).text());
    assertEquals("student-portal 9", doc.select("#journey-table tr").get(1).text());
    assertEquals("student 9", doc.select("#persona-table tr").get(1).text());
  }

  @Test
  void theSimulationNameIsEscaped() throws IOException {
    RunSummary.Meta meta = new RunSummary.Meta("<b>Odd</b> & Co", "http://localhost:8080", T0, T0 + 3_000, 10, 0.01, false, 1_000);
    String html = CapacityReport.render(RunSummary.build(meta, List.of(), SLO, 5_000, 0.1, 1_000, List.of()), folder);
    assertFalse(html.contains("<b>Odd</b>"));
    Document doc = Jsoup.parse(html);
    assertEquals("<b>Odd</b> & Co — capacity report", doc.selectFirst("h1").text());
    assertTrue(doc.select("h1 b").isEmpty());
  }

  /** One row of telemetry.csv as the Prometheus source writes it: only time_ms, ready and desired; {@code null} leaves a cell blank too. */
  private static String promSample(int second, Integer ready, Integer desired) {
    List<String> cells = new ArrayList<>();
    for (String column : TelemetryRecorder.COLUMNS) {
      cells.add(switch (column) {
        case "time_ms" -> String.valueOf(T0 + second * 1_000L);
        case "ready" -> ready == null ? "" : String.valueOf(ready);
        case "desired" -> desired == null ? "" : String.valueOf(desired);
        default -> "";
      });
    }
    return String.join(",", cells);
  }

  @Test
  void prometheusTelemetryWithBlankColumnsChartsOnlyWhatItHas() throws IOException {
    // ready and desired only; ready blank at second 5 (missing, so 2 carries on), desired blank at second 8
    telemetry(promSample(0, 2, 2), promSample(3, 2, 4), promSample(5, null, 4), promSample(8, 4, null), promSample(10, 4, 4));
    Document doc = render(summary());
    assertNull(doc.getElementById("no-telemetry"));
    Elements instances = doc.select("svg#chart-instances polyline.series");
    assertEquals(List.of("ready", "desired"), attrs(instances, "data-series"), "unhealthy is blank in every row: no flat 0 line");
    assertNull(doc.getElementById("chart-utilization"), "no utilization in the telemetry: no utilization chart");
    List<String> ready = ys(instances.get(0));
    List<String> desired = ys(instances.get(1));
    assertEquals(15, ready.size());
    String two = ready.get(0);
    String four = desired.get(3);
    List<String> expectedReady = new ArrayList<>();
    List<String> expectedDesired = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      expectedReady.add(i < 8 ? two : four);
      expectedDesired.add(i < 3 ? two : four);
    }
    assertEquals(expectedReady, ready);
    assertEquals(expectedDesired, desired);
  }

  @Test
  void aTelemetryColumnBlankInEveryRowIsLeftOutAndTheRestStays() throws IOException {
    // the reference columns, but unhealthy and utilization_interval blank throughout
    telemetry((T0) + ",2,0,2,,3,8,0.1,,0,100,0,0,1,10,0,0", (T0 + 4_000) + ",3,0,3,,3,8,0.2,,0,100,0,0,1,10,0,0");
    Document doc = render(summary());
    assertEquals(List.of("ready", "desired"), attrs(doc.select("svg#chart-instances polyline.series"), "data-series"));
    assertNull(doc.getElementById("chart-utilization"));
  }

  @Test
  void telemetryWithoutAnyUsableColumnIsNoTelemetry() throws IOException {
    telemetry(promSample(0, null, null), promSample(1, null, null), "not-a-time,3,0,3,0,3,8,0.1,0.1,0,100,0,0,1,10,0,0");
    Document doc = render(summary());
    assertNotNull(doc.getElementById("no-telemetry"));
    assertNull(doc.getElementById("chart-instances"));
    assertNull(doc.getElementById("chart-utilization"));
  }

  /**
   * One surge of the 15 s run: the step at 3 s (2 → 8 logins/s), the drop at 12 s; scale-out decided 2.5 s after the step,
   * capacity ready after 5 s, the SLO recovered after {@code recovery} s (null: never).
   */
  private static Summary.Surge surge(Double decision, Double capacity, Double recovery, String telemetry) {
    boolean none = telemetry.equals(Summary.Surge.NO_TELEMETRY);
    return new Summary.Surge(Instant.parse("2024-09-03T07:00:03Z"), 3.0, 12.0, 2.0, 8.0, 0, telemetry, decision, capacity, recovery, 3, 1, 5.0,
        none ? null : 2, none ? null : 3, none ? null : 3, none ? null : 4.5, null, none ? null : 1.0, 0);
  }

  private static Summary withSurges(Summary summary, Summary.Surge... surges) {
    return summary.withAutoscaling(List.of(surges));
  }

  private static List<String> bands(Document doc, String attribute) {
    return attrs(doc.select("svg#chart-reaction g.band"), attribute);
  }

  @Test
  void theReactionSectionAppearsOnlyWhenTheSummaryHasSurges() throws IOException {
    withTelemetry();
    Summary s = summary();
    assertNull(s.autoscaling());
    Document plain = render(s);
    assertNull(plain.getElementById("chart-reaction"));
    assertNull(plain.getElementById("reaction-table"));
    assertTrue(plain.select("h2:contains(Autoscaling reaction)").isEmpty());
    Document empty = render(s.withAutoscaling(List.of()));
    assertNull(empty.getElementById("chart-reaction"));
    assertNull(empty.getElementById("reaction-table"));
    Document doc = render(withSurges(summary(), surge(2.5, 5.0, 6.5, "reference")));
    assertEquals("Autoscaling reaction", doc.getElementById("reaction").text());
    assertNotNull(doc.getElementById("chart-reaction"));
    assertNotNull(doc.getElementById("reaction-table"));
    // after the verdict and the throughput chart, before the rest
    List<String> charts = attrs(doc.select("svg.chart"), "id");
    assertEquals(List.of("chart-throughput", "chart-reaction", "chart-p95"), charts.subList(0, 3));
  }

  @Test
  void reactionBandsRunFromTheStepPlusEachReactionTime() throws IOException {
    withTelemetry();
    Document doc = render(withSurges(summary(), surge(2.5, 5.0, 6.5, "reference")));
    assertEquals(List.of("detection", "provisioning", "recovery"), bands(doc, "data-interval"));
    assertEquals(List.of("3", "5.5", "8"), bands(doc, "data-from"));
    assertEquals(List.of("5.5", "8", "9.5"), bands(doc, "data-to"));
    assertEquals(List.of("false", "false", "false"), bands(doc, "data-never"));
    assertEquals(List.of("1", "1", "1"), bands(doc, "data-surge"));
    assertTrue(doc.select("svg#chart-reaction text.never").isEmpty());
    // each band is shaded on all three panels, on the throughput chart's time axis: x = 60 + 780 * s / 14
    Elements detection = doc.select("svg#chart-reaction g.band[data-interval=detection] rect.band-area");
    assertEquals(List.of("1", "2", "3"), attrs(detection, "data-panel"));
    assertEquals(List.of("227.1", "227.1", "227.1"), attrs(detection, "x"));
    assertEquals(List.of("139.3", "139.3", "139.3"), attrs(detection, "width"));
    for (Element area : detection) {
      assertEquals("#f1c40f", area.attr("fill"));
      assertEquals("0.25", area.attr("fill-opacity"));
    }
    // the legend names the three intervals
    assertEquals(List.of("detection", "provisioning", "recovery"), attrs(doc.select("svg#chart-reaction g.band-key"), "data-interval"));
  }

  @Test
  void surgeAndDropAreMarkedAcrossThePanels() throws IOException {
    withTelemetry();
    Document doc = render(withSurges(summary(), surge(2.5, 5.0, 6.5, "reference")));
    Element surge = doc.selectFirst("svg#chart-reaction g.mark.surge");
    Element drop = doc.selectFirst("svg#chart-reaction g.mark.drop");
    assertEquals("3", surge.attr("data-at"));
    assertEquals("surge", surge.text());
    assertEquals("227.1", surge.selectFirst("line").attr("x1"));
    assertEquals("12", drop.attr("data-at"));
    assertEquals("drop", drop.text());
    assertEquals("728.6", drop.selectFirst("line").attr("x1"));
    assertEquals(List.of("offered", "achieved", "ready", "desired", "p95 login"), attrs(doc.select("svg#chart-reaction polyline.series"), "data-series"));
    assertEquals(List.of("1", "2", "3"), attrs(doc.select("svg#chart-reaction g.panel"), "data-panel"));
  }

  @Test
  void aRecoveryThatNeverCameIsHatchedToTheDropAndSaysNever() throws IOException {
    withTelemetry();
    Document doc = render(withSurges(summary(), surge(2.5, 5.0, null, "reference")));
    assertEquals(List.of("detection", "provisioning", "recovery"), bands(doc, "data-interval"));
    assertEquals(List.of("3", "5.5", "8"), bands(doc, "data-from"));
    assertEquals(List.of("5.5", "8", "12"), bands(doc, "data-to"));
    assertEquals(List.of("false", "false", "true"), bands(doc, "data-never"));
    Element recovery = doc.selectFirst("svg#chart-reaction g.band[data-interval=recovery]");
    assertTrue(recovery.hasClass("never"));
    assertEquals("SLO never recovered", recovery.selectFirst("text.never").text());
    assertEquals(3, recovery.select("rect.band-area").size(), "one hatched area per panel");
    for (Element area : recovery.select("rect.band-area")) assertEquals("url(#chart-reaction-hatch-recovery)", area.attr("fill"));
    assertNotNull(doc.getElementById("chart-reaction-hatch-recovery"));
    assertNotNull(doc.selectFirst("svg#chart-reaction g.band-key[data-interval=never]"));
    assertEquals("never", doc.select("#reaction-table tr").get(1).select("td").get(4).text());
  }

  @Test
  void noScaleOutDecisionIsANeverDetectionBandAndRecoveryFromTheStep() throws IOException {
    withTelemetry();
    Document doc = render(withSurges(summary(), surge(null, null, 7.0, "reference")));
    assertEquals(List.of("detection", "recovery"), bands(doc, "data-interval"));
    assertEquals(List.of("3", "3"), bands(doc, "data-from"));
    assertEquals(List.of("12", "10"), bands(doc, "data-to"));
    assertEquals(List.of("true", "false"), bands(doc, "data-never"));
    assertEquals("never decided to scale out", doc.selectFirst("svg#chart-reaction g.band[data-interval=detection] text.never").text());
  }

  @Test
  void aRecoveryBeforeTheCapacityWasReadyStartsAtTheDecision() throws IOException {
    withTelemetry();
    Document doc = render(withSurges(summary(), surge(1.0, 6.0, 4.0, "reference")));
    assertEquals(List.of("3", "4", "4"), bands(doc, "data-from"));
    assertEquals(List.of("4", "9", "7"), bands(doc, "data-to"));
  }

  @Test
  void theReactionTableHasOneRowPerSurge() throws IOException {
    withTelemetry();
    Summary.Surge second = Summaries.with(surge(null, null, null, "reference"), a -> {
      a.stepAt = Instant.parse("2024-09-03T07:00:09.500Z");
      a.stepOffsetSeconds = 9.5;
      a.dropOffsetSeconds = 13.0;
      a.rampSeconds = 2;
      a.overProvisionedInstanceSeconds = 12.25;
      a.backToBaselineSeconds = 0.5;
      a.scaleInSeconds = null;
    });
    Document doc = render(withSurges(summary(), surge(2.5, 5.0, 6.5, "reference"), second));
    Elements rows = doc.select("#reaction-table tr");
    assertEquals(3, rows.size());
    assertEquals(List.of("surge at", "baseline → surge", "scale-out decision", "capacity ready", "SLO recovered", "failed logins", "down windows",
        "instances before → peak ready", "over-provisioned instance-seconds", "back to baseline", "scale-in decision", "telemetry"),
        rows.get(0).select("th").eachText());
    assertEquals(List.of("3 s", "2 → 8 logins/s", "2.5 s", "5 s", "6.5 s", "3", "1 (5 s windows)", "2 → 3", "4.5", "never", "1 s", "reference"),
        rows.get(1).select("td").eachText());
    assertEquals(List.of("9.5 s", "2 → 8 logins/s (ramp 2 s)", "never", "never", "never", "3", "1 (5 s windows)", "2 → 3", "12.3", "0.5 s",
        "never", "reference"), rows.get(2).select("td").eachText());
    assertEquals("2024-09-03T07:00:03Z", rows.get(1).selectFirst("td").attr("title"));
    // the second surge's bands: no decision, so detection and recovery never, to its own drop; marks numbered
    assertEquals(List.of("1", "1", "1", "2", "2"), bands(doc, "data-surge"));
    assertEquals(List.of("3", "5.5", "8", "9.5", "9.5"), bands(doc, "data-from"));
    assertEquals(List.of("5.5", "8", "9.5", "13", "13"), bands(doc, "data-to"));
    assertEquals(List.of("surge 1", "drop 1", "surge 2", "drop 2"), doc.select("svg#chart-reaction g.mark").eachText());
  }

  @Test
  void withoutTelemetryTheTargetsReactionIsUnknownNotNever() throws IOException {
    Document doc = render(withSurges(summary(), surge(null, null, null, "none")));
    assertEquals(List.of("3 s", "2 → 8 logins/s", "n/a (no telemetry)", "n/a (no telemetry)", "never", "3", "1 (5 s windows)",
        "n/a (no telemetry)", "n/a (no telemetry)", "n/a (no telemetry)", "n/a (no telemetry)", "none"),
        doc.select("#reaction-table tr").get(1).select("td").eachText());
    // only the recovery, which the ledger tells, is drawn: from the step, never, to the drop
    assertEquals(List.of("recovery"), bands(doc, "data-interval"));
    assertEquals(List.of("3"), bands(doc, "data-from"));
    assertEquals(List.of("12"), bands(doc, "data-to"));
    assertEquals("no telemetry from the target", doc.selectFirst("svg#chart-reaction g.panel[data-panel=2] text.empty").text());
    assertEquals(List.of("offered", "achieved", "p95 login"), attrs(doc.select("svg#chart-reaction polyline.series"), "data-series"));
  }

  @Test
  void theReactionTextIsEscaped() throws IOException {
    String html = CapacityReport.render(withSurges(summary(), surge(2.5, 5.0, 6.5, "<b>odd</b>")), folder);
    assertFalse(html.contains("<b>"));
    Document doc = Jsoup.parse(html);
    assertEquals("<b>odd</b>", doc.select("#reaction-table tr").get(1).select("td").last().text());
    assertEquals("2024-09-03T07:00:03Z", doc.select("#reaction-table tr").get(1).selectFirst("td").attr("title"));
  }

  /** A search over the 15 s run: 4 logins/s met, 8 broke the SLO by its success ratio, 6 could not be judged. */
  private static Summary withSearch(Summary summary) {
    List<Summary.Step> steps = List.of(
        new Summary.Step(1, "coarse", 4, "judged", "", 0, 5, 1, 5, 4, 4, 1.0, 300, 300, 300, 300, 300, true, "", 0, 0.1, "none-saturated", Map.of()),
        new Summary.Step(2, "coarse", 8, "judged", "", 5, 10, 6, 10, 8, 2.5, 0.3125, 1500, 7000, 7000, 1500, 7000, false, "success", 0, 0.1,
            "saturated", new java.util.LinkedHashMap<>(Map.of("http-502 at \"submit-password\"", 2L))),
        new Summary.Step(3, "refine", 6, "invalid", "the target's telemetry failed", 10, 15, 11, 15, 0, 0, 0, 0, 0, 0, 0, 0, false, "no-logins", 0,
            0.95, "no-telemetry", Map.of()));
    return summary.withSearch(steps, new Summary.BreakingPoint(true, 4.0, 8.0, 8.0, 4.0, null, "worker slots (utilization up to 100%, 3 requests shed)",
        "refined to within the precision", 0));
  }

  @Test
  void aSearchsBreakingPointAndStepsAreTabled() throws IOException {
    Document doc = render(withSearch(summary()));
    assertEquals("Highest rate that met the SLO: 4 logins/s; first failing rate: 8 logins/s; knee: 8 logins/s; precision: 4 logins/s. "
        + "Likely bottleneck: worker slots (utilization up to 100%, 3 requests shed).", doc.getElementById("breaking-point").text());
    Elements rows = doc.select("#steps-table tr");
    assertEquals(4, rows.size());
    assertEquals("1 coarse 4 4 4 100% 300 ms 300 → 300 ms met judged", rows.get(1).text());
    assertEquals("2 coarse 8 8 2.50 31.25% 7000 ms 1500 → 7000 ms broken (success) judged 2 http-502 at \"submit-password\"", rows.get(2).text());
    assertEquals("3 refine 6 0 0 0% 0 ms 0 → 0 ms — invalid: the target's telemetry failed", rows.get(3).text());
    assertEquals(List.of("step-judged", "step-judged", "step-invalid"), rows.subList(1, 4).stream().map(Element::className).toList());
  }

  @Test
  void aSearchsBreakingPointIsALineOnTheThroughputChartAndItsStepsAreMarked() throws IOException {
    Document doc = render(withSearch(summary()));
    assertEquals(List.of("offered", "achieved", "failed", "breaking point 4/s"), attrs(doc.select("svg#chart-throughput polyline.series"), "data-series"));
    // the steps start at 0, 5 and 10 s of 15 points: x = 60 + 780 * s / 14
    assertEquals(List.of("60.0", "338.6", "617.1"), attrs(doc.select("svg#chart-throughput line.marker"), "x1"));
  }

  @Test
  void aSteadyRunHasNoBreakingPointSection() throws IOException {
    Document doc = render(summary());
    assertNull(doc.getElementById("breaking-point"));
    assertNull(doc.getElementById("steps-table"));
  }

  @Test
  void writePutsTheReportIntoTheRunFolder() throws IOException {
    Summary s = summary();
    Path file = CapacityReport.write(s, folder);
    assertEquals(folder.resolve("capacity-report.html"), file);
    assertEquals(CapacityReport.render(s, folder), Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void theHeaderSaysWhereTelemetryCameFromAndHowManyReadingsFailed() {
    assertEquals("<br><span id=\"telemetry-status\" class=\"warn\">Telemetry: prometheus (prometheus http://127.0.0.1:9090), 21 readings,"
            + " 29 failed (last: Prometheus at http://127.0.0.1:9090 did not answer &lt;refused&gt;)</span>",
        CapacityReport.telemetryLine(new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 21, 29,
            "Prometheus at http://127.0.0.1:9090 did not answer <refused>")));
    assertEquals("<br><span id=\"telemetry-status\">Telemetry: reference (http://127.0.0.1:8080/admin/capacity), 248 readings, none failed</span>",
        CapacityReport.telemetryLine(new Summary.Telemetry("reference", "http://127.0.0.1:8080/admin/capacity", 248, 0, null)));
    assertEquals("<br>Telemetry: none (client side only)", CapacityReport.telemetryLine(Summary.Telemetry.NONE));
    assertEquals("", CapacityReport.telemetryLine(null), "a summary from before telemetry was recorded");
  }

  @Test
  void theHeaderOfARunWithTelemetryShowsItsSource() throws IOException {
    Document doc = render(summary().withTelemetry(new Summary.Telemetry("reference", "http://127.0.0.1:8080/admin/capacity", 248, 0, null)));
    assertEquals("Telemetry: reference (http://127.0.0.1:8080/admin/capacity), 248 readings, none failed", doc.getElementById("telemetry-status").text());
  }
}
