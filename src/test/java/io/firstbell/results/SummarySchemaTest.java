package io.firstbell.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.SloSettings;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.RunSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummarySchemaTest {

  private static final long T0 = 1_780_000_000_000L;
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  private static Summary summary() {
    List<LoginRecord> ledger = List.of(
        new LoginRecord(T0, T0 + 5, T0 + 300, "student-portal", "student", "password", "d1", LoginRecord.Outcome.SUCCEEDED, "", "", 3, false, 0),
        new LoginRecord(T0 + 500, T0 + 505, T0 + 900, "student-portal", "student", "password", "d1", LoginRecord.Outcome.FAILED, "Submit credentials",
            "http-503", 2, false, 0));
    return RunSummary.build(new RunSummary.Meta("StudentLoginSimulation", "reference (embedded stack)", T0, T0 + 2_000, 12, 0.1, false, 1_000),
        ledger, SLO, 1_000, 0.1, 1_000, List.of()).withTelemetry(Summary.Telemetry.NONE);
  }

  @Test
  void aSummaryAsRunSummaryWritesItMatchesTheShippedSchema() {
    assertEquals(List.of(), SummarySchema.errors(summary()));
  }

  @Test
  void aSearchAndASurgeMatchTheSchemaToo() {
    Summary s = summary().withSearch(List.of(new Summary.Step(1, "coarse", 10, "re-run", "", 0, 15, 3, 12, 10, 9.9, 1, 100, 200, 300, 110, 120,
            true, "", 4, 0.2, "none-saturated", java.util.Map.of("http-503 at \"Submit credentials\"", 1L))),
        new Summary.BreakingPoint(true, 10.0, 12.0, null, 2.0, 10.4, "none", "refined to within the precision", 0))
        .withAutoscaling(List.of(new Summary.Surge(java.time.Instant.ofEpochMilli(T0), 1, 2, 10, 30, 0, "none", null, null, 4.5, 3, 1, 5, null, null,
            null, null, null, null, 0)));
    assertEquals(List.of(), SummarySchema.errors(s));
  }

  @Test
  void aSummaryMissingAFieldOrWithAWrongTypeBreaksTheSchema() {
    ObjectNode missing = RunFiles.JSON.valueToTree(summary());
    missing.remove("uptime");
    ObjectNode wrongType = RunFiles.JSON.valueToTree(summary());
    ((ObjectNode) wrongType.get("logins")).put("attempted", "two");
    ObjectNode unknownJudge = RunFiles.JSON.valueToTree(summary());
    unknownJudge.put("judgedBy", "luck");

    assertFalse(SummarySchema.errors(missing).isEmpty());
    assertTrue(SummarySchema.errors(wrongType).stream().anyMatch(e -> e.contains("attempted")), SummarySchema.errors(wrongType).toString());
    assertFalse(SummarySchema.errors(unknownJudge).isEmpty());
  }
}
