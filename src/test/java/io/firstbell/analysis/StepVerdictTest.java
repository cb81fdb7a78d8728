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

    assertEquals(new StepVerdict(2.0, 2.0, 20, 20, 1.0, 190, 280, 290, 130, 260, 0, true, ""), v);
  }

  @Test
  void aLoginStillRunningCountsAsFailedWithItsAgeAsItsTime() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 9; i++) records.add(login(10_000 + 1_000 * i, 200, true));
    List<LoginLedger.Open> open = List.of(new LoginLedger.Open(1, 19_000, 19_000, "student-portal", "student", "password", "d", LoginRecord.LOAD));

    StepVerdict v = StepVerdict.of(records, open, 10_000, 20_000, 21_500, SLO);

    // 9 of 10 succeeded (0.9, the objective exactly); the open one has run 2.5 s, so p95 (nearest rank: the 10th) breaks 1 s
    assertEquals(new StepVerdict(1.0, 0.9, 10, 9, 0.9, 200, 2_500, 2_500, 200, 200, 0, false, "p95"), v);
  }

  @Test
  void aStepWithoutLoginsIsNotMet() {
    assertEquals(new StepVerdict(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, "no-logins"), StepVerdict.of(List.of(), List.of(), 0, 10_000, 10_000, SLO));
  }

  @Test
  void loginTimesRisingThroughAStepBreakItAsAGrowingBacklogThoughTheSloStillHolds() {
    List<LoginRecord> records = new ArrayList<>();
    // 10 logins/s for 9 s; each login waits 60 ms longer than the one 100 ms before it would if the queue grows 0.6 s per second
    for (int i = 0; i < 90; i++) records.add(login(10_000 + 100 * i, 250 + 60L * i / 10, true));

    StepVerdict v = StepVerdict.of(records, List.of(), 10_000, 19_000, 25_000, SLO, new StepVerdict.Backlog(150, 0.5));

    // first third (10.0-13.0 s): 250..424 ms, median 334; last third (16.0-19.0 s): 610..784 ms, median 694: a rise of 360 ms
    assertEquals(334, v.firstThirdMedianMs());
    assertEquals(694, v.lastThirdMedianMs());
    assertEquals("backlog", v.brokenBy());
    assertEquals(false, v.met());
    assertEquals(true, v.p95Ms() <= SLO.p95Login().toMillis(), "the SLO alone would have passed it: p95 " + v.p95Ms());
  }

  @Test
  void steadyLoginTimesWithNoiseAreNoBacklog() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 90; i++) records.add(login(10_000 + 100 * i, 250 + (i % 7) * 20, true)); // 250..370 ms, no trend

    StepVerdict v = StepVerdict.of(records, List.of(), 10_000, 19_000, 25_000, SLO, new StepVerdict.Backlog(150, 0.5));

    assertEquals(true, v.met(), v.toString());
    assertEquals("", v.brokenBy());
  }

  @Test
  void warmUpLoginsAreNeverJudged() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(new LoginRecord(10_000 + 1_000 * i, 10_000 + 1_000 * i, 20_000 + 1_000 * i, "student-portal", "student", "password", "d",
          LoginRecord.Outcome.FAILED, "Submit credentials", "http-503", 2, false, 0, LoginRecord.WARM_UP));
    }

    assertEquals(0, StepVerdict.of(records, List.of(), 10_000, 20_000, 30_000, SLO).attempted());
  }

  @Test
  void atAPastMomentALoginThatEndedLaterCountsAsStillRunningThenSoTheWholeLedgerGivesTheLiveVerdict() {
    List<LoginRecord> ledger = new ArrayList<>();
    for (int i = 0; i < 9; i++) ledger.add(login(10_000 + 1_000 * i, 200, true));
    ledger.add(login(19_000, 4_000, true));  // ended at 23 000: at 21 500 it was 2 500 ms old, past the 1 s objective
    ledger.add(login(19_500, 100, true));    // ended at 19 600, before the judgement
    List<LoginLedger.Open> live = List.of(new LoginLedger.Open(1, 19_000, 19_000, "student-portal", "student", "password", "d", LoginRecord.LOAD));

    StepVerdict fromLedger = StepVerdict.at(ledger, List.of(), 10_000, 20_000, 21_500, SLO, StepVerdict.Backlog.OFF);
    StepVerdict fromSnapshot = StepVerdict.at(ledger.stream().filter(r -> r.endMs() <= 21_500).toList(), live, 10_000, 20_000, 21_500, SLO,
        StepVerdict.Backlog.OFF);

    assertEquals(fromSnapshot, fromLedger);
    assertEquals(11, fromLedger.attempted());
    assertEquals(10, fromLedger.succeeded(), "the login still running at 21 500 had already broken the objective");
    assertEquals(2_500, fromLedger.p99Ms());
  }

  @Test
  void atAPastMomentALoginNotYetStartedIsNotCounted() {
    List<LoginRecord> ledger = List.of(login(10_000, 200, true),
        new LoginRecord(19_000, 22_000, 22_100, "student-portal", "student", "password", "d", LoginRecord.Outcome.SUCCEEDED, "", "", 3, false, 0));

    StepVerdict v = StepVerdict.at(ledger, List.of(), 10_000, 20_000, 21_500, SLO, StepVerdict.Backlog.OFF);

    assertEquals(1, v.attempted());
  }
}
