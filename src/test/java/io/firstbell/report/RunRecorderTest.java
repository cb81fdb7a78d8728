package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {

  @TempDir Path results;

  @Test
  void aSimulationWhoseOwnAnalysisFailsStillLeavesItsSummaryAndReport() throws Exception {
    var config = FirstBellConfig.withOverrides("firstbell.results.directory = \"" + results.toString().replace("\\", "/") + "\"");
    RunRecorder recorder = new RunRecorder(config, "SomeSimulation", "reference", () -> 0);
    recorder.start();

    recorder.finish(SloSettings.from(config), summary -> {
      throw new IllegalStateException("no such column");
    });

    JsonNode summary = RunSummary.read(recorder.folder().resolve("summary.json"));
    assertTrue(summary.path("verdict").asText().startsWith("The simulation's own analysis failed (java.lang.IllegalStateException: no such column). "),
        summary.path("verdict").asText());
    assertEquals(0, summary.path("logins").path("attempted").asLong());
    assertTrue(Files.isRegularFile(recorder.folder().resolve("capacity-report.html")));
  }

  @Test
  void aBadUptimeWindowStopsTheRunWhenItIsSetUpNotAfterItsLoad() {
    var config = FirstBellConfig.withOverrides("firstbell.results.directory = \"" + results.toString().replace("\\", "/") + "\"\nfirstbell.uptime.window = 0s");

    var e = org.junit.jupiter.api.Assertions.assertThrows(io.firstbell.config.SettingsException.class,
        () -> new RunRecorder(config, "SomeSimulation", "reference", () -> 0));
    assertEquals("firstbell.uptime.window is PT0S but must be a positive duration such as 10s", e.getMessage());
  }
}
