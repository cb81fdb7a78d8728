package io.firstbell.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
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
 * {@code telemetry.csv}, the instance counts in them, and the events of {@code events.csv}. Both files are CSV written and
 * read by Jackson: a value holding a comma, a double quote or a line break (an event's detail) is quoted and reads back exactly.
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

  private static final CsvMapper CSV = new CsvMapper()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING); // quote only the values that need it

  private TelemetryFiles() {}

  /**
   * @return the rows of a CSV with a header (telemetry.csv, events.csv), as column name → value, blank lines skipped; a row
   *     shorter than the header lacks the columns it does not reach; empty when the file is missing
   * @throws IOException naming the file and the line when it is not CSV (a quote that is never closed)
   */
  public static List<Map<String, String>> rows(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) return rows;
    long line = 0;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<List<String>> lines = CSV.readerFor(List.class).with(CsvSchema.emptySchema()).readValues(in)) {
      List<String> header = null;
      while (lines.hasNextValue()) {
        line = lines.getCurrentLocation().getLineNr();
        List<String> f = lines.nextValue();
        if (header == null) {
          header = f;
          continue;
        }
        if (f.size() == 1 && f.get(0).isBlank()) continue;
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size() && i < f.size(); i++) row.put(header.get(i), f.get(i));
        rows.add(row);
      }
    } catch (JsonProcessingException e) {
      throw new IOException(file + (line > 0 ? ", line " + line + "," : "") + " is not valid CSV: " + e.getOriginalMessage(), e);
    }
    return rows;
  }

  /** @return a writer of CSV rows (lists of values) to {@code file}, replacing it, its {@code header} already written; flushed on demand */
  static SequenceWriter writer(Path file, List<String> header) throws IOException {
    SequenceWriter out = CSV.writer(CsvSchema.emptySchema()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
        .writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    out.write(header);
    return out;
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
