package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepVerdictTest {

  private static final SloSettings SLO = new SloSettings(0.9, Duration.ofMillis(1_000));

  private static LoginRecord login(long scheduled, long ms, boolean ok) {
    return new LoginRecord(scheduled, scheduled, scheduled + ms, "student-portal", "student", "password", "d",
        ok ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, ok ? "" : "Submit credentials", ok ? "" : "http-503", 3, false, 0);
  }

  @Test
  void aStepIsJudgedOnTheLoginsScheduledInItsWindowOnly() {
    List<LoginRecord> records = new ArrayList<>();
    records.add(login(9_999, 5_000, false));               // before the window
    for (int i = 0; i < 20; i++) records.add(login(10_000 + 500 * i, 100 + 10 * i, true));
    records.add(login(20_000, 5_000, false));              // the window's end is exclusive

    StepVerdict v = StepVerdict.of(records, List.of(), 10_000, 20_000, 30_000, SLO);

    assertEquals(new StepVerdict(2.0, 2.0, 20, 20, 1.0, 190, 280, 290, true), v);
  }

  @Test
  void aLoginStillRunningCountsAsFailedWithItsAgeAsItsTime() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 9; i++) records.add(login(10_000 + 1_000 * i, 200, true));
    List<LoginLedger.Open> open = List.of(new LoginLedger.Open(1, 19_000, 19_000, "student-portal", "student", "password", "d"));

    StepVerdict v = StepVerdict.of(records, open, 10_000, 20_000, 21_500, SLO);

    // 9 of 10 succeeded (0.9, the objective exactly); the open one has run 2.5 s, so p95 (nearest rank: the 10th) breaks 1 s
    assertEquals(new StepVerdict(1.0, 0.9, 10, 9, 0.9, 200, 2_500, 2_500, false), v);
  }

  @Test
  void aStepWithoutLoginsIsNotMet() {
    assertEquals(new StepVerdict(0, 0, 0, 0, 0, 0, 0, 0, false), StepVerdict.of(List.of(), List.of(), 0, 10_000, 10_000, SLO));
  }
}
