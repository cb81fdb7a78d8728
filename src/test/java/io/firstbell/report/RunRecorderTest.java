package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.results.RunFiles;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {

  @TempDir Path results;

  private com.typesafe.config.Config config() {
    return FirstBellConfig.withOverrides("firstbell.results.directory = \"" + results.toString().replace("\\", "/") + "\"");
  }

  @Test
  void aSimulationWhoseOwnRecordFailsStillLeavesItsSummaryAndReport() throws Exception {
    var config = config();
    RunRecorder recorder = new RunRecorder(config, "SomeSimulation", "reference", () -> 0);
    recorder.start();

    Summary returned = recorder.finish(SloSettings.from(config), false, run -> {
      throw new IllegalStateException("no such column");
    });

    Summary summary = Summary.read(recorder.folder().resolve("summary.json"));
    assertEquals(returned, summary);
    assertTrue(summary.verdict().startsWith("The simulation's own analysis failed (java.lang.IllegalStateException: no such column). "),
        summary.verdict());
    assertFalse(summary.passed(), "a run whose own results are missing does not pass");
    assertEquals(0, summary.logins().attempted());
    assertTrue(Files.isRegularFile(recorder.folder().resolve("capacity-report.html")));
    RunRecord run = RunFiles.readRun(recorder.folder());
    assertEquals("SomeSimulation", run.simulation());
    assertNull(run.search());
  }

  @Test
  void aSimulationWhoseOwnAnalysisFailsStillLeavesItsSummaryAndReport() throws Exception {
    var config = config();
    RunRecorder recorder = new RunRecorder(config, "BreakingPointSimulation", "reference", () -> 0);
    recorder.start();

    // a step without a phase: the search's analysis cannot read it
    Summary summary = recorder.finish(SloSettings.from(config), false, run -> run.withSearch(new RunRecord.Search(40, 500, 0.5, null,
        List.of(new RunRecord.SearchStep(1, null, 10, run.startedAtMs(), run.startedAtMs() + 1, run.startedAtMs(), run.startedAtMs() + 1, true,
            "judged", "", 0, "no-telemetry")), true, true, 10.0, null, "no breaking point", 0)));

    assertTrue(summary.verdict().startsWith("The simulation's own analysis failed (java.lang.NullPointerException"), summary.verdict());
    assertFalse(summary.passed());
    assertNull(summary.steps());
    assertEquals(summary, Summary.read(recorder.folder().resolve("summary.json")));
    assertTrue(Files.isRegularFile(recorder.folder().resolve("capacity-report.html")));
  }

  @Test
  void theSummaryARunWritesIsTheOneRegenerateRebuildsFromItsFolder() throws Exception {
    var config = config();
    RunRecorder recorder = new RunRecorder(config, "SmokeSimulation", "reference", () -> 0);
    recorder.start();
    long now = System.currentTimeMillis();
    long ok = recorder.ledger().begin(now, "student-portal", "student", "password", "district-01");
    recorder.ledger().end(ok, true, "", "", 4, false);
    long failed = recorder.ledger().begin(now, "teacher-portal", "teacher", "badge", "district-02");
    recorder.ledger().end(failed, false, "Submit credentials", "http-503", 2, false);

    Summary written = recorder.finish(SloSettings.from(config), false, run -> run);

    assertEquals(2, written.logins().attempted());
    assertEquals(Summary.Telemetry.NONE, written.telemetry());
    assertTrue(Files.isRegularFile(recorder.folder().resolve(RunFiles.RUN)));
    ReportMain.regenerate(recorder.folder(), config);
    assertEquals(written, Summary.read(recorder.folder().resolve("summary.json")));
  }

  @Test
  void aBadUptimeWindowStopsTheRunWhenItIsSetUpNotAfterItsLoad() {
    var config = FirstBellConfig.withOverrides("firstbell.results.directory = \"" + results.toString().replace("\\", "/") + "\"\nfirstbell.uptime.window = 0s");

    var e = assertThrows(SettingsException.class, () -> new RunRecorder(config, "SomeSimulation", "reference", () -> 0));
    assertEquals("firstbell.uptime.window is PT0S but must be a positive duration such as 10s", e.getMessage());
  }
}
