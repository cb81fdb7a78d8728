package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  void quotedValuesWithCommasQuotesAndLineBreaksReadExactly() throws Exception {
    Files.writeString(folder.resolve("events.csv"), TelemetryRecorder.EVENTS_HEADER + "\r\n"
        + "1970-01-01T00:00:06Z,scale-out,2,4,\"utilization 99%, above \"\"target\"\"\r\n60%\"\r\n"
        + "1970-01-01T00:00:07Z,\"scale,in\",4,2,plain\r\n");

    assertEquals(List.of(new TargetEvent(6_000, "scale-out", 2, 4, "utilization 99%, above \"target\"\r\n60%"),
        new TargetEvent(7_000, "scale,in", 4, 2, "plain")), TelemetryFiles.events(folder));
  }

  @Test
  void readingsKeepTheirNumbersAndSkipBlankOrUnreadableCells() throws Exception {
    Path file = Files.writeString(folder.resolve("telemetry.csv"), "time_ms,ready,queue,served\n1000,2,\"1,5\",\n2000,3\n");

    assertEquals(List.of(new TelemetryFiles.Reading(1000, Map.of("ready", 2.0)), new TelemetryFiles.Reading(2000, Map.of("ready", 3.0))),
        TelemetryFiles.readings(file));
  }

  @Test
  void aQuoteThatIsNeverClosedFailsNamingTheFileAndTheLineItsRowStartsOn() throws Exception {
    Path file = Files.writeString(folder.resolve("events.csv"), TelemetryRecorder.EVENTS_HEADER + "\n"
        + "1970-01-01T00:00:06Z,scale-out,2,4,ok\n"
        + "1970-01-01T00:00:07Z,scale-out,2,4,\"never closed\nmore\n");

    IOException e = assertThrows(IOException.class, () -> TelemetryFiles.events(folder));
    assertEquals(file + ", line 3, is not valid CSV: Missing closing quote for value", e.getMessage());
  }

  @Test
  void aRunWithoutTelemetryHasNoReadingsAndNoEvents() throws Exception {
    assertEquals(List.of(), TelemetryFiles.instances(folder));
    assertEquals(List.of(), TelemetryFiles.events(folder));
  }
}
