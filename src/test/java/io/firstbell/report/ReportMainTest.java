package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** regenerate: rebuilds summary.json and capacity-report.html of a run folder from logins.csv, keeping the run's metadata. */
class ReportMainTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final Config DEFAULTS = FirstBellConfig.withOverrides("");
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  @TempDir
  Path folder;

  private static LoginRecord rec(long scheduledAt, long startAt, long endAt, String persona, Outcome outcome, String failedStep, String failureKind) {
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, persona + "-portal", persona, "password", "district-01", outcome,
        failedStep, failureKind, 4, false, 0);
  }

  /** Ten logins over two minutes: the second minute has 2 of 5 failed. */
  private static final List<LoginRecord> LEDGER = List.of(
      rec(1_000, 1_000, 1_400, "student", Outcome.SUCCEEDED, "", ""),
      rec(10_000, 10_100, 10_500, "teacher", Outcome.SUCCEEDED, "", ""),
      rec(20_000, 20_000, 20_600, "student", Outcome.SUCCEEDED, "", ""),
      rec(30_000, 30_000, 30_300, "student", Outcome.SUCCEEDED, "", ""),
      rec(40_000, 40_000, 40_700, "student", Outcome.SUCCEEDED, "", ""),
      rec(61_000, 61_000, 64_000, "student", Outcome.FAILED, "submit-password", "http-502"),
      rec(70_000, 70_000, 70_500, "teacher", Outcome.SUCCEEDED, "", ""),
      rec(80_000, 80_000, 80_400, "student", Outcome.SUCCEEDED, "", ""),
      rec(90_000, 90_300, 120_000, "student", Outcome.CUT_SHORT, "dashboard", "cut-short"),
      rec(100_000, 100_000, 100_200, "student", Outcome.SUCCEEDED, "", ""));

  private static final RunSummary.Meta META = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000,
      300, 0.25, false, 1_000);

  private void ledger(List<LoginRecord> records) throws IOException {
    LedgerCsv.write(folder.resolve("logins.csv"), records);
  }

  private void oldSummary(ObjectNode summary) throws IOException {
    RunSummary.write(summary, folder.resolve("summary.json"));
  }

  private static String json(JsonNode node) throws IOException {
    return RunSummary.JSON.writeValueAsString(node);
  }

  @Test
  void regenerateRebuildsTheSummaryFromTheLedgerKeepingTheRunsMetadata() throws IOException {
    // the old summary was written before the last logins reached the ledger
    oldSummary(RunSummary.build(META, LEDGER.subList(0, 3), SLO, 60_000, 0.1, 1_000));
    ledger(LEDGER);
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    assertEquals(folder.resolve("capacity-report.html"), report);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertEquals("StudentLoginSimulation", summary.path("simulation").asText());
    assertEquals("https://sso.example.test", summary.path("target").asText());
    assertEquals("2024-09-03T07:00:00Z", summary.path("startedAt").asText());
    assertEquals("2024-09-03T07:02:00Z", summary.path("endedAt").asText());
    assertEquals(10, summary.path("logins").path("attempted").asLong());
    assertEquals(8, summary.path("logins").path("succeeded").asLong());
    assertEquals(1, summary.path("logins").path("cutShort").asLong());
    assertEquals("+x", summary.path("uptime").path("strip").asText());
    assertEquals(60.0, summary.path("uptime").path("windowSeconds").asDouble());
    assertEquals(120, summary.path("timeline").size());
    assertEquals(100.0, summary.path("generator").path("cpuMillisPerLogin").asDouble());
  }

  @Test
  void theRebuiltSummaryIsWhatTheRunWouldHaveWrittenWithTheDefaults() throws IOException {
    oldSummary(RunSummary.build(META, LEDGER.subList(0, 3), SLO, 60_000, 0.1, 1_000));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    // cpu per login (300 ms / 3 logins) is kept; over 10 logins that is 1000 ms
    RunSummary.Meta meta = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000, 1_000, 0.25, false, 1_000);
    assertEquals(json(RunSummary.build(meta, LEDGER, SLO, 60_000, 0.1, 1_000)), json(RunSummary.read(folder.resolve("summary.json"))));
  }

  @Test
  void theRebuiltReportShowsTheRebuiltSummary() throws IOException {
    oldSummary(RunSummary.build(META, LEDGER.subList(0, 3), SLO, 60_000, 0.1, 1_000));
    ledger(LEDGER);
    Files.writeString(folder.resolve("capacity-report.html"), "stale\n");
    Path report = ReportMain.regenerate(folder, DEFAULTS);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    Document doc = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    assertEquals(summary.path("verdict").asText(), doc.getElementById("verdict").text());
    assertEquals("SLO NOT met: 80.00% of 10 logins succeeded (objective 99.0%), p95 login 30000 ms (objective 2000 ms); "
        + "uptime 50.0% (1 of 2 windows down).", summary.path("verdict").asText());
    assertEquals(2, doc.select("svg#uptime-strip rect.window").size());
    assertEquals(List.of("120", "120", "120"), doc.select("svg#chart-throughput polyline.series").eachAttr("data-points"));
  }

  @Test
  void theConfiguredSloAndUptimeWindowAreUsed() throws IOException {
    oldSummary(RunSummary.build(META, LEDGER, SLO, 60_000, 0.1, 1_000));
    ledger(LEDGER);
    ReportMain.regenerate(folder, FirstBellConfig.withOverrides(
        "firstbell.slo { success-ratio = 0.8, p95-login = 30s }\nfirstbell.uptime { window = 30s, down-threshold = 0.5 }"));
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertTrue(summary.path("slo").path("met").asBoolean());
    assertEquals(0.8, summary.path("slo").path("successRatio").asDouble());
    assertEquals(30_000, summary.path("slo").path("p95LoginMs").asLong());
    assertEquals(30.0, summary.path("uptime").path("windowSeconds").asDouble());
    assertEquals(0.5, summary.path("uptime").path("downThreshold").asDouble());
    // [0, 30 s) 3 ok, [30, 60) 2 ok, [60, 90) 1 of 3 failed, [90, 120) 1 of 2 failed: neither above half
    assertEquals("++++", summary.path("uptime").path("strip").asText());
  }

  @Test
  void sectionsAddedAfterTheRunAreKept() throws IOException {
    ObjectNode old = RunSummary.build(META, LEDGER, SLO, 60_000, 0.1, 1_000);
    old.putArray("steps").addObject().put("rate", 40).put("met", true);
    old.putObject("breakingPoint").put("loginsPerSecond", 72);
    old.putObject("telemetry").put("source", "prometheus").put("readings", 21).put("failedReadings", 29);
    String runsOwn = old.path("verdict").asText();
    old.put("headline", "Breaking point: 72 logins/s.");
    RunSummary.composeVerdict(old);
    oldSummary(old);
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertEquals("[{\"rate\":40,\"met\":true}]", summary.get("steps").toString());
    assertEquals("{\"loginsPerSecond\":72}", summary.get("breakingPoint").toString());
    assertEquals("{\"source\":\"prometheus\",\"readings\":21,\"failedReadings\":29}", summary.get("telemetry").toString());
    assertTrue(summary.get("autoscaling").isNull());
    assertEquals("Breaking point: 72 logins/s. " + runsOwn, summary.path("verdict").asText());
  }

  @Test
  void theSimulationsHeadlineLeadsTheVerdictOnce() {
    ObjectNode summary = RunSummary.build(META, LEDGER, SLO, 60_000, 0.1, 1_000);
    String runsOwn = summary.path("verdict").asText();
    RunSummary.composeVerdict(summary);
    assertEquals(runsOwn, summary.path("verdict").asText(), "no headline, nothing in front");

    summary.put("headline", "Autoscaling: scale-out decided 6.9 s after the surge.");
    RunSummary.composeVerdict(summary);

    assertEquals("Autoscaling: scale-out decided 6.9 s after the surge. " + runsOwn, summary.path("verdict").asText());
  }

  @Test
  void withoutASummaryTheFolderNamesTheRunAndTheLedgerBoundsIt() throws IOException {
    Path run = Files.createDirectory(folder.resolve("smokesimulation-20240903-070000"));
    LedgerCsv.write(run.resolve("logins.csv"), LEDGER);
    Files.writeString(run.resolve("logins.csv"), "\n", StandardOpenOption.APPEND); // a trailing blank line is no login
    ReportMain.regenerate(run, DEFAULTS);
    JsonNode summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals("smokesimulation-20240903-070000", summary.path("simulation").asText());
    assertEquals("unknown", summary.path("target").asText());
    assertEquals("2024-09-03T07:00:01Z", summary.path("startedAt").asText()); // the first scheduled start
    assertEquals("2024-09-03T07:02:00Z", summary.path("endedAt").asText()); // the last end
    assertEquals(10, summary.path("logins").path("attempted").asLong());
    assertEquals(0.0, summary.path("generator").path("cpuMillisPerLogin").asDouble());
    assertFalse(summary.path("generator").path("saturated").asBoolean());
    assertTrue(Files.isRegularFile(run.resolve("capacity-report.html")));
  }

  @Test
  void anEmptyLedgerGivesANoLoginsSummary() throws IOException {
    ledger(List.of());
    ReportMain.regenerate(folder, DEFAULTS);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertEquals("No logins were attempted.", summary.path("verdict").asText());
    assertEquals(0, summary.path("logins").path("attempted").asLong());
  }

  @Test
  void aFolderWithoutLoginsCsvIsRefused() throws IOException {
    Path empty = Files.createDirectory(folder.resolve("not-a-run"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportMain.regenerate(empty, DEFAULTS));
    assertEquals(empty + " holds no logins.csv; give the folder of a FirstBell run, such as results/latest", e.getMessage());
    assertFalse(Files.exists(empty.resolve("summary.json")));
    assertFalse(Files.exists(empty.resolve("capacity-report.html")));
  }

  @Test
  void aLoginsCsvThatIsAFolderIsRefused() throws IOException {
    Files.createDirectory(folder.resolve("logins.csv"));
    assertEquals(folder + " holds no logins.csv; give the folder of a FirstBell run, such as results/latest",
        assertThrows(IllegalArgumentException.class, () -> ReportMain.regenerate(folder, DEFAULTS)).getMessage());
  }

  @Test
  void aHighCpuShareOfALongRunStillMeansASaturatedGenerator() throws IOException {
    // 2 minutes at 95% of the cores: RunRecorder judged the generator saturated, and so does regenerate
    RunSummary.Meta busy = new RunSummary.Meta("StudentLoginSimulation", "https://sso.example.test", T0, T0 + 120_000, 300, 0.95, true, 1_000);
    oldSummary(RunSummary.build(busy, LEDGER, SLO, 60_000, 0.1, 1_000));
    ledger(LEDGER);
    ReportMain.regenerate(folder, DEFAULTS);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertTrue(summary.path("generator").path("saturated").asBoolean());
    assertTrue(summary.path("verdict").asText().endsWith("; the load generator itself was saturated, so these numbers do not describe the target."));
  }

  @Test
  void regeneratingAShortRunKeepsItsGeneratorVerdict() throws IOException {
    // a 5 s run at 95% of the cores: RunRecorder does not judge the CPU of runs under 10 s (JVM warm-up)
    RunSummary.Meta shortRun = new RunSummary.Meta("SmokeSimulation", "http://localhost:8080", T0, T0 + 5_000, 40, 0.95, false, 1_000);
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) records.add(rec(i * 1_000L, i * 1_000L, i * 1_000L + 300, "student", Outcome.SUCCEEDED, "", ""));
    ObjectNode old = RunSummary.build(shortRun, records, SLO, 60_000, 0.1, 1_000);
    assertFalse(old.path("generator").path("saturated").asBoolean());
    oldSummary(old);
    ledger(records);
    ReportMain.regenerate(folder, DEFAULTS);
    JsonNode summary = RunSummary.read(folder.resolve("summary.json"));
    assertFalse(summary.path("generator").path("saturated").asBoolean());
    assertEquals(old.path("verdict").asText(), summary.path("verdict").asText());
  }
}
