package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksTest {

  private static LoginRecord login(long scheduled, long ms, boolean ok) {
    return new LoginRecord(scheduled, scheduled, scheduled + ms, "student-portal", "student", "password", "d",
        ok ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, ok ? "" : "Open district login page", ok ? "" : "http-503", 1, false, 0);
  }

  @Test
  void eachStepCountsTheLoginsScheduledInItAndTheirP95() {
    List<LoginRecord> ledger = new ArrayList<>();
    for (int i = 0; i < 10; i++) ledger.add(login(1_000 + 100 * i, 100 + i, true));                 // step 1: 10 of 10
    for (int i = 0; i < 20; i++) ledger.add(login(2_000 + 50 * i, 200 + 10 * i, i % 4 != 0));      // step 2: 15 of 20

    List<Benchmarks.Step> steps = Benchmarks.steps(ledger, 1_000, 1_000, List.of(10.0, 20.0));

    assertEquals(List.of(new Benchmarks.Step(10, 10, 1.0, 109), new Benchmarks.Step(20, 15, 0.75, 380)), steps);
  }

  @Test
  void theSurgeCountsItsRejectedLoginsAndHowFastTheyWereAnswered() {
    List<LoginRecord> ledger = List.of(login(0, 500, true), login(100, 20, false), login(200, 40, false), login(5_000, 10, false));

    Benchmarks.Surge surge = Benchmarks.surge(ledger, 0, 1_000);

    assertEquals(3, surge.logins());
    assertEquals(1, surge.succeeded());
    assertArrayEquals(new long[] {20, 40}, surge.rejectedMs());
    assertEquals(40, surge.rejectedPercentile(99));
  }

  @Test
  void theRecoveryIsCountedFromTheEndOfTheSurgeAndIgnoresTheSurgeItself() {
    List<LoginRecord> ledger = new ArrayList<>();
    for (int i = 0; i < 10; i++) ledger.add(login(9_000 + 50 * i, 10, false));  // the surge: all failed, before the window
    ledger.add(login(10_100, 10, false));                                       // second 0: down
    ledger.add(login(11_100, 10, true));                                        // second 1: up
    ledger.add(login(12_100, 10, false));                                       // second 2: down again
    ledger.add(login(13_100, 10, true));                                        // second 3: up, and from here on
    ledger.add(login(15_100, 10, true));                                        // second 5 (second 4 empty)
    ledger.add(login(20_000, 10, false));                                       // after the window: not counted

    Benchmarks.Recovery r = Benchmarks.recovery(ledger, 10_000, 6);

    assertEquals(6, r.strip().length());
    assertEquals(3, r.recoveredAfterSeconds());
  }
}
