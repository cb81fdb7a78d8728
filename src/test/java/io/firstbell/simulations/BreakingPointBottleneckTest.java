package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.load.BreakingPointSearch.Step;
import io.firstbell.telemetry.TelemetryRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakingPointBottleneckTest {

  @TempDir Path dir;

  private static final List<Step> STEPS = List.of(new Step(1, 30, 0, 10_000, true, "coarse"), new Step(2, 50, 10_000, 20_000, false, "coarse"));

  private Path telemetry(String... rows) throws Exception {
    return Files.writeString(dir.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n" + String.join("\n", rows) + "\n");
  }

  @Test
  void slotsAtFullUtilizationSheddingDuringTheFailingStepAreNamed() throws Exception {
    Path file = telemetry(
        "5000,2,0,2,0,8,8,1.0,1.0,0,100,0,0,0,16,0,0",      // passing step: not counted
        "11000,2,0,2,0,8,8,0.97,0.9,4,300,10,0,1,16,0,0",
        "19000,2,0,2,0,8,8,1.0,1.0,9,700,55,0,1,16,0,0");

    assertEquals("worker slots (utilization up to 100%, 45 requests shed)", BreakingPointSimulation.bottleneck(file, STEPS));
  }

  @Test
  void prometheusTelemetryWithInstancesOnlyIsNoEvidenceRatherThanACrash() throws Exception {
    Path file = telemetry("11000,2,,2,,,,,,,,,,,,,", "19000,2,,4,,,,,,,,,,,,,");

    assertEquals("unknown (the telemetry reports instances only: no slots, health or datastore)", BreakingPointSimulation.bottleneck(file, STEPS));
  }

  @Test
  void aStackThatDidNotSaturateSaysSo() throws Exception {
    Path file = telemetry("11000,2,0,2,0,3,8,0.4,0.4,0,300,0,0,1,16,0,0", "19000,2,0,2,0,4,8,0.5,0.5,0,700,0,0,1,16,0,0");

    assertEquals("unknown (the target's telemetry shows no saturation)", BreakingPointSimulation.bottleneck(file, STEPS));
  }

  @Test
  void withoutTelemetryTheBottleneckIsUnknown() {
    assertEquals("unknown (no telemetry from the target)", BreakingPointSimulation.bottleneck(dir.resolve("telemetry.csv"), STEPS));
  }
}
