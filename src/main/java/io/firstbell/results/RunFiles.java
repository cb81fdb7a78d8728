package io.firstbell.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.firstbell.ledger.FailureSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON files of a run folder, written and read with one Jackson mapper: {@code summary.json} ({@link Summary}),
 * {@code run.json} ({@link RunRecord}) and {@code failure-samples.json}. Instants are ISO-8601 strings.
 */
public final class RunFiles {

  /** The run's summary. */
  public static final String SUMMARY = "summary.json";
  /** What the run knew about itself beyond its ledger and telemetry. */
  public static final String RUN = "run.json";
  /** The failed responses sampled during the run. */
  public static final String FAILURE_SAMPLES = "failure-samples.json";

  /** The one mapper for FirstBell's JSON: indented, instants as ISO-8601, unknown fields of older files ignored. */
  public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private RunFiles() {}

  /** Writes {@code value} as JSON to {@code file}, with a final newline. */
  public static void write(Object value, Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(value) + "\n");
  }

  /**
   * @return the summary in {@code file}
   * @throws IllegalArgumentException when the file is missing or is no FirstBell summary of a readable schema
   */
  public static Summary readSummary(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " does not exist; give a summary.json or a run folder such as results/latest");
    }
    Summary s;
    try {
      s = JSON.readValue(file.toFile(), Summary.class);
    } catch (JsonProcessingException e) { // not JSON, or not a summary's
      throw new IllegalArgumentException(file + " is not a FirstBell summary (schema " + Summary.SCHEMA + "): " + e.getOriginalMessage(), e);
    }
    if (s == null || s.schema() == null || !Summary.READABLE.contains(s.schema())) {
      throw new IllegalArgumentException(file + " is not a FirstBell summary (schema " + Summary.SCHEMA + ")");
    }
    return s;
  }

  /** @return the run record of {@code folder}, or null for a folder written before run records existed */
  public static RunRecord readRun(Path folder) throws IOException {
    Path file = folder.resolve(RUN);
    return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), RunRecord.class) : null;
  }

  /** @return the failed responses sampled in the run of {@code folder}; none when it kept none */
  public static List<FailureSamples.Sample> readFailureSamples(Path folder) throws IOException {
    Path file = folder.resolve(FAILURE_SAMPLES);
    return Files.isRegularFile(file) ? List.of(JSON.readValue(file.toFile(), FailureSamples.Sample[].class)) : List.of();
  }
}
