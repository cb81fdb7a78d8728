package io.firstbell.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link TelemetryRecorder} wrote in a run folder, for the analysis and the report: the rows of
 * {@code telemetry.csv}, the instance counts in them, and the events of {@code events.csv}.
 */
public final class TelemetryFiles {

  /** One reading of ready and desired instances (epoch ms). */
  public record Instances(long atMs, int ready, int desired) {}

  private TelemetryFiles() {}

  /** @return the rows of a CSV with a header (telemetry.csv, events.csv), as column name → value; empty when the file is missing */
  public static List<Map<String, String>> rows(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) return rows;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return rows;
    String[] header = lines.get(0).split(",");
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length && i < f.length; i++) row.put(header[i], f[i]);
      rows.add(row);
    }
    return rows;
  }

  /** @return the readings of {@code folder/telemetry.csv} that have both ready and desired instances (a source may leave them empty) */
  public static List<Instances> instances(Path folder) throws IOException {
    List<Instances> readings = new ArrayList<>();
    for (Map<String, String> row : rows(folder.resolve("telemetry.csv"))) {
      try {
        readings.add(new Instances(Long.parseLong(row.get("time_ms").trim()), Integer.parseInt(row.get("ready").trim()),
            Integer.parseInt(row.get("desired").trim())));
      } catch (RuntimeException notAReading) {
        // a blank cell or a line that is not ours
      }
    }
    return readings;
  }

  /** @return the events of {@code folder/events.csv}, in file order; lines that do not parse are skipped */
  public static List<TargetEvent> events(Path folder) throws IOException {
    List<TargetEvent> events = new ArrayList<>();
    for (Map<String, String> row : rows(folder.resolve("events.csv"))) {
      try {
        events.add(new TargetEvent(Instant.parse(row.get("time")).toEpochMilli(), row.get("kind"), Integer.parseInt(row.get("from")),
            Integer.parseInt(row.get("to")), row.getOrDefault("detail", "")));
      } catch (RuntimeException notAnEvent) {
        // a line that is not ours
      }
    }
    return events;
  }
}
