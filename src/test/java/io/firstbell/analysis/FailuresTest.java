package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

  private static LoginRecord login(Outcome outcome, String step, String kind) {
    return new LoginRecord(0, 0, 1, "student-portal", "student", "password", "d", outcome, step, kind, 2, false, 0);
  }

  @Test
  void failedLoginsAreCountedByStepAndKindMostFrequentFirstAndCutShortOnesAreNot() {
    List<LoginRecord> records = List.of(
        login(Outcome.FAILED, "Submit credentials", "http-401"),
        login(Outcome.FAILED, "Open sample app tile", "http-502"),
        login(Outcome.SUCCEEDED, "", ""),
        login(Outcome.FAILED, "Open sample app tile", "http-502"),
        login(Outcome.CUT_SHORT, "Open sample app tile", "cut-off"),
        login(Outcome.FAILED, "Open sample app tile", "http-503"));

    assertEquals(List.of(new Failures.Count("Open sample app tile", "http-502", 2), new Failures.Count("Submit credentials", "http-401", 1),
        new Failures.Count("Open sample app tile", "http-503", 1)), Failures.byStepAndKind(records));
  }
}
