package io.firstbell.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON files of a run folder: what is written reads back equal, and what is not a summary is refused by name. */
class RunFilesTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z

  @TempDir Path folder;

  private static LoginRecord login(long scheduledAt, long ms, String phase, String failedStep, String failureKind) {
    boolean ok = failedStep.isEmpty();
    return new LoginRecord(T0 + scheduledAt, T0 + scheduledAt + 3, T0 + scheduledAt + ms, ok ? "student-portal" : "teacher-portal",
        ok ? "student" : "teacher", "password", "district-01", ok ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, failedStep,
        failureKind, 4, false, 0, phase);
  }

  /** A summary with every section: a preflight, a warm-up, failures with samples, a search, a surge and telemetry. */
  private static Summary everything() {
    List<LoginRecord> records = new ArrayList<>();
    records.add(login(100, 700, LoginRecord.PREFLIGHT, "", ""));
    for (int i = 0; i < 10; i++) records.add(login(1_000 + 200L * i, 300, LoginRecord.WARM_UP, "", ""));
    for (int i = 0; i < 40; i++) {
      // most frequent first: http-503 at "Submit credentials" (3), then check at "Open dashboard" (2), then no-response (1)
      String step = i == 5 || i == 9 || i == 13 ? "Submit credentials" : i == 7 || i == 11 ? "Open dashboard" : i == 3 ? "Authorize" : "";
      String kind = step.equals("Submit credentials") ? "http-503" : step.equals("Open dashboard") ? "check" : step.isEmpty() ? "" : "no-response";
      records.add(login(3_000 + 125L * i, 180 + i, LoginRecord.LOAD, step, kind));
    }
    List<FailureSamples.Sample> samples = List.of(new FailureSamples.Sample("load", "teacher-portal", "Submit credentials", "http-503", 503,
        "https://sso.example.test/login?password=****", "Service unavailable\n<queue full>"));
    Summary base = RunSummary.build(new RunSummary.Meta("BreakingPointSimulation", "https://sso.example.test", T0, T0 + 9_500, 812.5, 0.123456,
        false, 1_000), records, new SloSettings(0.99, Duration.ofSeconds(2)), 5_000, 0.1, 1_000, samples);
    Map<String, Long> stepFailures = new LinkedHashMap<>();
    stepFailures.put("http-503 at \"Submit credentials\"", 3L);
    stepFailures.put("check at \"Open dashboard\"", 2L);
    List<Summary.Step> steps = List.of(
        new Summary.Step(1, "coarse", 8, "judged", "", 3, 6.5, 3.5, 6.5, 8, 7.67, 0.875, 190, 210, 219, 185, 200, true, "", 3, 0.12,
            "none-saturated", Map.of()),
        new Summary.Step(2, "coarse", 16, "re-run", "the generator was saturated", 6.5, 9.5, 7, 9.5, 16, 12.5, 0.7, 200, 219, 219, 195, 215, false,
            "success", 40, 0.93, "saturated", stepFailures));
    Summary.BreakingPoint bp = new Summary.BreakingPoint(true, 8.0, 16.0, null, 8.0, 10.0, "worker slots (utilization up to 100%, 3 requests shed)",
        "refined to within the precision", 1);
    Summary.Surge surge = new Summary.Surge(Instant.parse("2024-09-03T07:00:04.250Z"), 4.3, 8.0, 2, 8, 1, "reference", 1.5, null, 3.0, 4, 1, 5,
        2, 3, null, null, 0.5, null, 1);
    return base.withSearch(steps, bp).withAutoscaling(List.of(surge))
        .withTelemetry(new Summary.Telemetry("reference", "http://127.0.0.1:8080/admin/capacity", 9, 1, null))
        .judged("Breaking point: 8 logins/s sustained.", Summary.JudgedBy.SEARCH, true).withVerdict("Breaking point: 8 logins/s sustained. Over it.");
  }

  @Test
  void aSummaryWrittenAndReadBackIsEqual() throws IOException {
    Summary s = everything();
    Path file = folder.resolve(RunFiles.SUMMARY);

    s.write(file);
    Summary back = Summary.read(file);

    assertEquals(s, back);
    assertEquals(Instant.parse("2024-09-03T07:00:04.250Z"), back.autoscaling().get(0).stepAt());
    assertNull(back.autoscaling().get(0).capacityReadySeconds(), "a reaction that never happened stays null");
    assertNull(back.telemetry().lastFailure());
    assertEquals(Summary.JudgedBy.SEARCH, back.judgedBy());
    assertTrue(back.preflight().passed());
    assertNull(back.preflight().journeys().get(0).sample());
    assertEquals(new Summary.WarmUp(10, 0, 1.0, 3.0), back.warmUp());
  }

  @Test
  void mapsReadBackInTheOrderTheyWereWritten() throws IOException {
    Summary s = everything();
    Path file = folder.resolve(RunFiles.SUMMARY);

    s.write(file);
    Summary back = Summary.read(file);

    assertEquals(List.of("http-503 at \"Submit credentials\"", "check at \"Open dashboard\""), List.copyOf(back.steps().get(1).failures().keySet()));
    assertEquals(List.of("Authorize", "Open dashboard", "Submit credentials"), List.copyOf(back.logins().byFailureStep().keySet()));
    assertEquals(List.of("Submit credentials", "Open dashboard", "Authorize"), back.failures().stream().map(Summary.Failure::step).toList());
    assertEquals(List.of(new Summary.Sample("teacher-portal", 503, "https://sso.example.test/login?password=****", "Service unavailable\n<queue full>")),
        back.failures().get(0).samples());
  }

  @Test
  void theTextIsIndentedWithIsoInstantsExplicitNullsAndAFinalNewline() throws IOException {
    Path file = folder.resolve(RunFiles.SUMMARY);

    everything().write(file);
    String text = Files.readString(file);

    assertTrue(text.startsWith("{\n  \"schema\" : \"firstbell.summary/5\",\n  \"simulation\" : \"BreakingPointSimulation\","), text);
    assertTrue(text.endsWith("}\n"), text);
    assertTrue(text.contains("\"startedAt\" : \"2024-09-03T07:00:00Z\""), text);
    assertTrue(text.contains("\"stepAt\" : \"2024-09-03T07:00:04.250Z\""), text);
    assertTrue(text.contains("\"capacityReadySeconds\" : null"), text);
    assertTrue(text.contains("\"kneePerSec\" : null"), text);
    assertTrue(text.contains("\"judgedBy\" : \"search\""), text);
  }

  @Test
  void aSummaryWithoutTheSectionsOfASearchOrSurgeReadsThemBackAsNull() throws IOException {
    Summary steady = RunSummary.build(new RunSummary.Meta("SmokeSimulation", "reference", T0, T0 + 3_000, 10, 0.01, false, 1_000),
        List.of(login(0, 200, LoginRecord.LOAD, "", "")), new SloSettings(0.99, Duration.ofSeconds(2)), 5_000, 0.1, 1_000, List.of());
    Path file = folder.resolve(RunFiles.SUMMARY);

    steady.write(file);
    Summary back = Summary.read(file);

    assertEquals(steady, back);
    assertNull(back.steps());
    assertNull(back.breakingPoint());
    assertNull(back.autoscaling());
    assertNull(back.warmUp());
    assertNull(back.preflight());
    assertEquals(List.of(), back.failures());
  }

  @Test
  void aRunRecordRoundTrips() throws IOException {
    RunRecord.Search search = new RunRecord.Search(40, 500, 0.5, null, List.of(
        new RunRecord.SearchStep(1, "coarse", 8, T0, T0 + 30_000, T0 + 5_000, T0 + 30_000, true, "judged", "", 0.12, "none-saturated"),
        new RunRecord.SearchStep(2, "coarse", 16, T0 + 30_000, T0 + 60_000, T0 + 35_000, T0 + 60_000, null, "invalid",
            "the target's telemetry failed", 0.2, "no-telemetry")), false, false, null, null, "the run ended before the search did", 0);
    RunRecord.Surge surge = new RunRecord.Surge(T0 + 10_000, T0 + 40_000, 2, 8.5, 5, 5_000, 3, "prometheus");
    RunRecord run = new RunRecord(RunRecord.SCHEMA, "AutoscalingSimulation", "https://sso.example.test", T0, T0 + 60_000, 1_234.5, 0.25, true,
        new Summary.Telemetry("prometheus", "prometheus http://127.0.0.1:9090", 58, 2, "Prometheus at http://127.0.0.1:9090 did not answer"),
        search, surge, null, null, false, new RunRecord.Replay("recordings/peak.log.gz", "ab".repeat(32), "nginx",
            java.time.Instant.parse("2026-09-08T11:00:00Z"), java.time.Instant.parse("2026-09-08T13:30:00Z"), 1.2, 1, 7, 1_000, 120, 2, 1, 3,
            T0 + 5_000, List.of(60.0, 40.5), List.of(72L, 49L)), new RunRecord.Shard(1, 3, "run-7", "cd".repeat(32), "injector-b", -120));

    RunFiles.write(run, folder.resolve(RunFiles.RUN));
    RunRecord back = RunFiles.readRun(folder);

    assertEquals(run, back);
    assertNull(back.search().steps().get(1).passed(), "a step the search did not count has no verdict");
    assertNull(back.search().sustainablePerSec());
    assertTrue(Files.readString(folder.resolve(RunFiles.RUN)).contains("\"schema\" : \"firstbell.run/1\""));
  }

  @Test
  void aRunRecordOfOneInjectorHasNoShardAndOneWrittenBeforeShardsReadsAsSuch() throws IOException {
    RunRecord run = new RunRecord(RunRecord.SCHEMA, "StudentLoginSimulation", "reference", T0, T0 + 1_000, 50, 0.1, true, Summary.Telemetry.NONE);
    RunFiles.write(run, folder.resolve(RunFiles.RUN));
    assertTrue(Files.readString(folder.resolve(RunFiles.RUN)).contains("\"shard\" : null"));

    Files.writeString(folder.resolve(RunFiles.RUN), Files.readString(folder.resolve(RunFiles.RUN)).replace(",\n  \"shard\" : null", ""));
    RunRecord back = RunFiles.readRun(folder);

    assertEquals(run, back);
    assertNull(back.shard());
    RunRecord.Shard shard = new RunRecord.Shard(0, 2, "run-7", "ab", "injector-a", 0);
    assertEquals(shard, run.withShard(shard).shard());
  }

  @Test
  void aFolderWithoutARunRecordHasNone() throws IOException {
    assertNull(RunFiles.readRun(folder));
  }

  @Test
  void failureSamplesRoundTripAndAFolderWithoutThemHasNone() throws IOException {
    assertEquals(List.of(), RunFiles.readFailureSamples(folder));
    List<FailureSamples.Sample> samples = List.of(
        new FailureSamples.Sample("preflight", "student-portal", "Submit credentials", "http-503", 503, "https://sso.example.test/in", "Busy, \"retry\""),
        new FailureSamples.Sample("load", "teacher-portal", "Open dashboard", "no-response", 0, "", ""));

    RunFiles.write(samples, folder.resolve(RunFiles.FAILURE_SAMPLES));

    assertEquals(samples, RunFiles.readFailureSamples(folder));
  }

  private IllegalArgumentException refused(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text);
    return assertThrows(IllegalArgumentException.class, () -> Summary.read(file));
  }

  @Test
  void readingAFileThatIsNotASummaryFailsNamingTheFile() throws IOException {
    Path ledger = folder.resolve("logins.csv");
    String notJson = refused("logins.csv", LoginRecord.CSV_HEADER + "\n").getMessage();
    assertTrue(notJson.startsWith(ledger + " is not a FirstBell summary (schema firstbell.summary/5): "), notJson);

    assertEquals(folder.resolve("other.json") + " is not a FirstBell summary (schema firstbell.summary/5)",
        refused("other.json", "{\"name\" : \"something else\"}\n").getMessage());
    assertEquals(folder.resolve("run.json") + " is not a FirstBell summary (schema firstbell.summary/5)",
        refused("run.json", "{\"schema\" : \"firstbell.run/1\"}\n").getMessage());
    assertEquals(folder.resolve("future.json") + " is not a FirstBell summary (schema firstbell.summary/5)",
        refused("future.json", "{\"schema\" : \"firstbell.summary/6\"}\n").getMessage());

    String empty = refused("empty.json", "").getMessage();
    assertTrue(empty.startsWith(folder.resolve("empty.json") + " is not a FirstBell summary"), empty);
    String array = refused("array.json", "[1, 2]").getMessage();
    assertTrue(array.startsWith(folder.resolve("array.json") + " is not a FirstBell summary"), array);
    String mistyped = refused("mistyped.json", "{\"schema\" : \"firstbell.summary/2\", \"logins\" : \"many\"}").getMessage();
    assertTrue(mistyped.startsWith(folder.resolve("mistyped.json") + " is not a FirstBell summary"), mistyped);
  }

  @Test
  void aMissingSummaryIsRefusedWithWhatToGiveInstead() {
    Path missing = folder.resolve("summary.json");
    assertEquals(missing + " does not exist; give a summary.json or a run folder such as results/latest",
        assertThrows(IllegalArgumentException.class, () -> Summary.read(missing)).getMessage());
  }

  @Test
  void aSchema4SummaryStillReadsWithoutShards() throws IOException {
    Path file = folder.resolve(RunFiles.SUMMARY);
    everything().write(file);
    Files.writeString(file, Files.readString(file).replace("firstbell.summary/5", "firstbell.summary/4").replace(",\n  \"shards\" : null", ""));

    Summary s = Summary.read(file);

    assertEquals("firstbell.summary/4", s.schema());
    assertNull(s.shards());
    assertEquals(everything().logins(), s.logins());
  }

  @Test
  void aSchema1SummaryStillReadsWithoutWhatSchema2Added() throws IOException {
    Path file = folder.resolve(RunFiles.SUMMARY);
    Files.writeString(file, """
        {
          "schema" : "firstbell.summary/1",
          "simulation" : "BreakingPointSimulation",
          "target" : "reference",
          "startedAt" : "2024-09-03T07:00:00Z",
          "endedAt" : "2024-09-03T07:02:00Z",
          "latency" : { "p50Ms" : 180, "p95Ms" : 300, "p99Ms" : 450 },
          "uptime" : { "uptimePercent" : 99.5, "strip" : "++x+" },
          "logins" : { "attempted" : 200, "succeeded" : 199, "successRatio" : 0.995 },
          "steps" : [ { "number" : 1, "phase" : "coarse", "ratePerSec" : 40.0, "sloMet" : true } ],
          "breakingPoint" : { "maxSustainablePerSec" : 72.0, "firstFailingPerSec" : 80.0 },
          "headline" : "Breaking point: 72 logins/s.",
          "verdict" : "Breaking point: 72 logins/s.",
          "loginsPerSecond" : 72
        }
        """);

    Summary s = Summary.read(file);

    assertEquals("firstbell.summary/1", s.schema());
    assertEquals(Instant.parse("2024-09-03T07:02:00Z"), s.endedAt());
    assertEquals(300, s.latency().p95Ms());
    assertEquals(99.5, s.uptime().uptimePercent());
    assertEquals(0.995, s.logins().successRatio());
    assertEquals(72.0, s.maxSustainablePerSec());
    assertFalse(s.breakingPoint().found(), "schema /1 did not say");
    assertNull(s.steps().get(0).status());
    assertNull(s.judgedBy());
    assertNull(s.warmUp());
    assertNull(s.failures());
    assertNull(s.wholeRun());
  }
}
