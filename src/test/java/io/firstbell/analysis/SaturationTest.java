package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.telemetry.TelemetryFiles;
import io.firstbell.telemetry.TelemetryRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaturationTest {

  @TempDir Path dir;

  /** The failing step of a search: 10 s to 20 s of the run. */
  private static final List<long[]> FAILING = List.of(new long[] {10_000, 20_000});

  private List<TelemetryFiles.Reading> telemetry(String... rows) throws Exception {
    return TelemetryFiles.readings(Files.writeString(dir.resolve("telemetry.csv"), TelemetryRecorder.HEADER + "\n" + String.join("\n", rows) + "\n"));
  }

  @Test
  void slotsAtFullUtilizationSheddingDuringTheWindowAreNamed() throws Exception {
    var readings = telemetry(
        "5000,2,0,2,0,8,8,1.0,1.0,0,100,0,0,0,16,0,0",      // before the window: not counted
        "11000,2,0,2,0,8,8,0.97,0.9,4,300,10,0,1,16,0,0",
        "19000,2,0,2,0,8,8,1.0,1.0,9,700,55,0,1,16,0,0");

    Saturation s = Saturation.during(readings, FAILING);

    assertEquals(Saturation.Evidence.SATURATED, s.evidence());
    assertEquals("worker slots (utilization up to 100%, 45 requests shed)", s.describe());
  }

  @Test
  void theDatastoreCeilingAndInstancesOutOfRotationAreNamedToo() throws Exception {
    var readings = telemetry("11000,2,0,2,1,3,8,0.4,0.4,0,300,0,0,16,16,10,0", "19000,2,0,2,1,4,8,0.5,0.5,0,700,0,0,16,16,40,3");

    assertEquals("datastore read-concurrency ceiling (30 reads waited, 3 failed); health checks took up to 1 instance(s) out of rotation",
        Saturation.during(readings, FAILING).describe());
  }

  @Test
  void prometheusTelemetryWithInstancesOnlyIsNoEvidenceRatherThanACrash() throws Exception {
    var readings = telemetry("11000,2,,2,,,,,,,,,,,,,", "19000,2,,4,,,,,,,,,,,,,");

    Saturation s = Saturation.during(readings, FAILING);

    assertEquals(Saturation.Evidence.INSTANCES_ONLY, s.evidence());
    assertEquals("unknown (the telemetry reports instances only: no slots, health or datastore)", s.describe());
  }

  @Test
  void aStackThatDidNotSaturateSaysSo() throws Exception {
    var readings = telemetry("11000,2,0,2,0,3,8,0.4,0.4,0,300,0,0,1,16,0,0", "19000,2,0,2,0,4,8,0.5,0.5,0,700,0,0,1,16,0,0");

    Saturation s = Saturation.during(readings, FAILING);

    assertEquals(Saturation.Evidence.NONE_SATURATED, s.evidence());
    assertEquals("unknown (the target's telemetry shows no saturation)", s.describe());
  }

  @Test
  void withoutTelemetryTheBottleneckIsUnknown() {
    Saturation s = Saturation.during(List.of(), FAILING);

    assertEquals(Saturation.Evidence.NO_TELEMETRY, s.evidence());
    assertEquals("unknown (no telemetry from the target)", s.describe());
  }

  @Test
  void aWindowWithFewerThanTwoReadingsTellsNothingRatherThanNoSaturation() throws Exception {
    var readings = telemetry("5000,2,0,2,0,3,8,0.4,0.4,0,300,0,0,1,16,0,0", "15000,2,0,2,0,8,8,1.0,1.0,9,700,0,0,1,16,0,0");

    Saturation s = Saturation.during(readings, FAILING);

    assertEquals(Saturation.Evidence.SATURATED, s.evidence(), "one full reading at 100% is evidence enough");
    assertEquals(Saturation.Evidence.NO_TELEMETRY, Saturation.during(telemetry("5000,2,0,2,0,3,8,0.4,0.4,0,300,0,0,1,16,0,0",
        "15000,2,0,2,0,3,8,0.4,0.4,0,300,0,0,1,16,0,0"), FAILING).evidence(), "one calm reading is not proof of calm");
  }
}
