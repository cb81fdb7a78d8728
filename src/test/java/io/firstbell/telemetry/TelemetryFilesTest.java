package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryFilesTest {

  @TempDir Path folder;

  @Test
  void instancesAreTheReadingsWithBothReadyAndDesired() throws Exception {
    Files.writeString(folder.resolve("telemetry.csv"), "time_ms,ready,pending,desired\n1000,2,,2\n2000,,,4\nnot-a-time,2,,2\n3000,2,0,4\n\n4000,4,,4\n");

    assertEquals(List.of(new TelemetryFiles.Instances(1000, 2, 2), new TelemetryFiles.Instances(3000, 2, 4), new TelemetryFiles.Instances(4000, 4, 4)),
        TelemetryFiles.instances(folder));
  }

  @Test
  void eventsAreReadBackAsRecordedAndForeignLinesAreSkipped() throws Exception {
    Files.writeString(folder.resolve("events.csv"), TelemetryRecorder.EVENTS_HEADER + "\n"
        + "1970-01-01T00:00:06Z,scale-out,2,4,utilization 99% above target 60%; 3 evaluations\n"
        + "yesterday,scale-out,2,4,x\n"
        + "1970-01-01T00:00:21.500Z,instance-ready,3,4,i-4 is ready\n");

    assertEquals(List.of(new TargetEvent(6_000, "scale-out", 2, 4, "utilization 99% above target 60%; 3 evaluations"),
        new TargetEvent(21_500, "instance-ready", 3, 4, "i-4 is ready")), TelemetryFiles.events(folder));
  }

  @Test
  void aRunWithoutTelemetryHasNoReadingsAndNoEvents() throws Exception {
    assertEquals(List.of(), TelemetryFiles.instances(folder));
    assertEquals(List.of(), TelemetryFiles.events(folder));
  }
}
