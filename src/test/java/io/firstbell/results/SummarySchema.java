package io.firstbell.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The shipped JSON Schema of {@code summary.json} ({@code firstbell-summary.schema.json}), for tests to check summaries against. */
public final class SummarySchema {

  private static final Schema SCHEMA = load();

  private SummarySchema() {}

  private static Schema load() {
    try (InputStream in = SummarySchema.class.getResourceAsStream("/firstbell-summary.schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return what in {@code summary} breaks the schema, one line each; empty when it is valid */
  public static List<String> errors(JsonNode summary) {
    return SCHEMA.validate(summary).stream().map(Object::toString).toList();
  }

  /** @return what in {@code summary}, as it is written, breaks the schema */
  public static List<String> errors(Summary summary) {
    return errors(RunFiles.JSON.valueToTree(summary));
  }

  /** Fails unless the summary file matches the schema. */
  public static void assertValid(Path summaryFile) {
    try {
      assertEquals(List.of(), errors(RunFiles.JSON.readTree(summaryFile.toFile())), summaryFile + " breaks firstbell-summary.schema.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
