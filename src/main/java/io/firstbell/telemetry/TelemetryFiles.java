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

  /**
   * One row of {@code telemetry.csv} (epoch ms), with the columns its source filled: a blank cell (a source that
   * does not know the column, e.g. Prometheus for slots) is absent, not zero.
   */
  public record Reading(long atMs, Map<String, Double> values) {

    /** @return the column's value, or NaN when this reading does not have it */
    public double value(String column) {
      Double v = values.get(column);
      return v == null ? Double.NaN : v;
    }
  }

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

  /** @return the rows of a {@code telemetry.csv} with a readable time, their filled cells as numbers; empty when the file is missing */
  public static List<Reading> readings(Path telemetryCsv) throws IOException {
    List<Reading> readings = new ArrayList<>();
    for (Map<String, String> row : rows(telemetryCsv)) {
      long at;
      try {
        at = Long.parseLong(row.getOrDefault("time_ms", "").trim());
      } catch (NumberFormatException notOurs) {
        continue;
      }
      Map<String, Double> values = new HashMap<>();
      for (Map.Entry<String, String> cell : row.entrySet()) {
        if (cell.getKey().equals("time_ms") || cell.getValue().isBlank()) continue;
        try {
          double v = Double.parseDouble(cell.getValue().trim());
          if (Double.isFinite(v)) values.put(cell.getKey(), v);
        } catch (NumberFormatException unreadable) {
          // an unreadable cell is a missing value
        }
      }
      readings.add(new Reading(at, values));
    }
    return readings;
  }

  /** @return the readings of {@code folder/telemetry.csv} that have both ready and desired instances (a source may leave them empty) */
  public static List<Instances> instances(Path folder) throws IOException {
    List<Instances> instances = new ArrayList<>();
    for (Reading r : readings(folder.resolve("telemetry.csv"))) {
      if (r.values().containsKey("ready") && r.values().containsKey("desired")) {
        instances.add(new Instances(r.atMs(), (int) Math.round(r.value("ready")), (int) Math.round(r.value("desired"))));
      }
    }
    return instances;
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
