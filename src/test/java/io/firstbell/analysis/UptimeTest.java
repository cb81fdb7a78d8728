package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.analysis.Uptime.State;
import io.firstbell.analysis.Uptime.Window;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Uptime by windows of attempt start: up, down (failed share strictly above the threshold) or empty. */
class UptimeTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final long S5 = 5_000;
  private static final long S60 = 60_000;

  /** A login scheduled {@code at} ms after T0, started then, ending {@code endAt} ms after T0. */
  private static LoginRecord login(long at, long endAt, boolean ok) {
    return new LoginRecord(T0 + at, T0 + at, T0 + endAt, "student-portal", "student", "password", "district-01",
        ok ? Outcome.SUCCEEDED : Outcome.FAILED, ok ? "" : "submit-password", ok ? "" : "http-502", 4, false, 0);
  }

  private static LoginRecord login(long at, boolean ok) {
    return login(at, at + 300, ok);
  }

  /** {@code failed} failed and {@code attempted - failed} succeeded logins, all in the first second. */
  private static List<LoginRecord> window(int attempted, int failed) {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < attempted; i++) records.add(login(i, i >= attempted - failed ? false : true));
    return records;
  }

  @Test
  void oneFailedOfTenIsExactlyTheThresholdAndUp() {
    Uptime.Report r = Uptime.compute(window(10, 1), T0, T0 + S5, S5, 0.1);
    assertEquals(List.of(new Window(T0, 10, 1, State.UP)), r.windows());
    assertEquals("+", r.strip());
    assertEquals(100.0, r.uptimePercent());
  }

  @Test
  void twoFailedOfTenIsDown() {
    Uptime.Report r = Uptime.compute(window(10, 2), T0, T0 + S5, S5, 0.1);
    assertEquals(List.of(new Window(T0, 10, 2, State.DOWN)), r.windows());
    assertEquals(0.0, r.uptimePercent());
  }

  @Test
  void elevenFailedOfHundredIsJustAboveTheThresholdAndDown() {
    assertEquals(new Window(T0, 100, 11, State.DOWN), Uptime.compute(window(100, 11), T0, T0 + S5, S5, 0.1).windows().get(0));
    assertEquals(new Window(T0, 100, 10, State.UP), Uptime.compute(window(100, 10), T0, T0 + S5, S5, 0.1).windows().get(0));
  }

  @Test
  void aFailedShareExactlyAtAnyThresholdIsUp() {
    assertEquals(State.UP, Uptime.compute(window(100, 29), T0, T0 + S5, S5, 0.29).windows().get(0).state());
    assertEquals(State.UP, Uptime.compute(window(100, 57), T0, T0 + S5, S5, 0.57).windows().get(0).state());
  }

  @Test
  void emptyWindowsAreEmptyAndCountForNeitherUpNorDown() {
    List<LoginRecord> records = List.of(login(1_000, true), login(11_000, false));
    Uptime.Report r = Uptime.compute(records, T0, T0 + 15_000, S5, 0.1);
    assertEquals(List.of(new Window(T0, 1, 0, State.UP), new Window(T0 + 5_000, 0, 0, State.EMPTY), new Window(T0 + 10_000, 1, 1, State.DOWN)),
        r.windows());
    assertEquals(1, r.up());
    assertEquals(1, r.down());
    assertEquals(1, r.empty());
    assertEquals(50.0, r.uptimePercent());
    assertEquals("+.x", r.strip());
  }

  @Test
  void windowsGoByScheduledStartNotActualStartOrEnd() {
    // scheduled in the first window, started late in the second, ended in the third
    LoginRecord late = new LoginRecord(T0 + 4_000, T0 + 6_000, T0 + 11_000, "student-portal", "student", "password", "district-01",
        Outcome.FAILED, "dashboard", "http-503", 5, false, 0);
    Uptime.Report r = Uptime.compute(List.of(late), T0, T0 + 15_000, S5, 0.1);
    assertEquals(List.of(new Window(T0, 1, 1, State.DOWN), new Window(T0 + 5_000, 0, 0, State.EMPTY), new Window(T0 + 10_000, 0, 0, State.EMPTY)),
        r.windows());
  }

  @Test
  void aLoginEndingInTheNextWindowCountsForItsStartWindowOnly() {
    Uptime.Report r = Uptime.compute(List.of(login(4_900, 7_000, false), login(5_100, true)), T0, T0 + 10_000, S5, 0.1);
    assertEquals(List.of(new Window(T0, 1, 1, State.DOWN), new Window(T0 + 5_000, 1, 0, State.UP)), r.windows());
    assertEquals("x+", r.strip());
  }

  /** 25 s: two up, one down, an empty, one up in 5 s windows; one window with 1 of 5 failed in 60 s. */
  private static final List<LoginRecord> LEDGER = List.of(
      login(1_000, true), login(4_999, true),
      login(6_000, true),
      login(12_000, false),
      login(21_000, true));

  @Test
  void fiveSecondWindowsOfALedger() {
    Uptime.Report r = Uptime.compute(LEDGER, T0, T0 + 25_000, S5, 0.1);
    assertEquals(List.of(
        new Window(T0, 2, 0, State.UP),
        new Window(T0 + 5_000, 1, 0, State.UP),
        new Window(T0 + 10_000, 1, 1, State.DOWN),
        new Window(T0 + 15_000, 0, 0, State.EMPTY),
        new Window(T0 + 20_000, 1, 0, State.UP)), r.windows());
    assertEquals("++x.+", r.strip());
    assertEquals(3, r.up());
    assertEquals(1, r.down());
    assertEquals(1, r.empty());
    assertEquals(75.0, r.uptimePercent());
    assertEquals(new Window(T0 + 10_000, 1, 1, State.DOWN), r.worst());
    assertEquals(S5, r.windowMs());
    assertEquals(0.1, r.downThreshold());
  }

  @Test
  void sixtySecondWindowsOfTheSameLedger() {
    Uptime.Report r = Uptime.compute(LEDGER, T0, T0 + 25_000, S60, 0.1);
    assertEquals(List.of(new Window(T0, 5, 1, State.DOWN)), r.windows());
    assertEquals("x", r.strip());
    assertEquals(0.0, r.uptimePercent());
    assertEquals(new Window(T0, 5, 1, State.DOWN), r.worst());
  }

  @Test
  void theRunEndClosesTheLastWindowJustBeforeIt() {
    assertEquals(2, Uptime.compute(List.of(), T0, T0 + 10_000, S5, 0.1).windows().size());
    assertEquals(3, Uptime.compute(List.of(), T0, T0 + 10_001, S5, 0.1).windows().size());
    assertEquals(1, Uptime.compute(List.of(), T0, T0, S5, 0.1).windows().size());
  }

  @Test
  void aLoginScheduledAtOrAfterTheRunEndCountsInTheLastWindow() {
    Uptime.Report r = Uptime.compute(List.of(login(10_000, false), login(30_000, true)), T0, T0 + 10_000, S5, 0.1);
    assertEquals(List.of(new Window(T0, 0, 0, State.EMPTY), new Window(T0 + 5_000, 2, 1, State.DOWN)), r.windows());
  }

  @Test
  void theWorstWindowHasTheHighestFailedShareNotTheMostFailures() {
    List<LoginRecord> records = new ArrayList<>();
    // window 1: 3 of 10 failed (30%); window 2: 2 of 4 failed (50%); window 3: 1 of 5 failed (20%)
    for (int i = 0; i < 10; i++) records.add(login(i * 100, i >= 7 ? false : true));
    for (int i = 0; i < 4; i++) records.add(login(5_000 + i * 100, i >= 2 ? false : true));
    for (int i = 0; i < 5; i++) records.add(login(10_000 + i * 100, i >= 4 ? false : true));
    Uptime.Report r = Uptime.compute(records, T0, T0 + 15_000, S5, 0.1);
    assertEquals(new Window(T0 + 5_000, 4, 2, State.DOWN), r.worst());
    assertEquals(0.5, r.worst().failedShare());
    assertEquals("xxx", r.strip());
  }

  @Test
  void ofWindowsWithTheSameFailedShareTheFirstIsTheWorst() {
    Uptime.Report r = Uptime.compute(List.of(login(0, false), login(5_000, false)), T0, T0 + 10_000, S5, 0.1);
    assertEquals(new Window(T0, 1, 1, State.DOWN), r.worst());
  }

  @Test
  void aRunOfOnlySuccessesHasAnUpWindowWithNoFailuresAsWorst() {
    Uptime.Report r = Uptime.compute(List.of(login(6_000, true)), T0, T0 + 10_000, S5, 0.1);
    assertEquals(new Window(T0 + 5_000, 1, 0, State.UP), r.worst());
    assertEquals(0.0, r.worst().failedShare());
  }

  @Test
  void noAttemptsAtAllIsAHundredPercentWithNoWorstWindow() {
    Uptime.Report r = Uptime.compute(List.of(), T0, T0 + 15_000, S5, 0.1);
    assertEquals("...", r.strip());
    assertEquals(0, r.up());
    assertEquals(0, r.down());
    assertEquals(3, r.empty());
    assertEquals(100.0, r.uptimePercent());
    assertNull(r.worst());
  }

  @Test
  void anEmptyWindowIsNeverUpEvenWithAZeroThreshold() {
    Uptime.Report r = Uptime.compute(List.of(login(0, true)), T0, T0 + 10_000, S5, 0.0);
    assertEquals("+.", r.strip());
    assertEquals(State.EMPTY, r.windows().get(1).state());
    assertEquals(0.0, r.windows().get(1).failedShare());
  }

  @Test
  void aLoginScheduledBeforeTheRunStartMovesTheFirstWindowEarlier() {
    // the grid now starts 2 s before the run: [-2 s, 3 s), [3 s, 8 s), [8 s, 13 s)
    Uptime.Report r = Uptime.compute(List.of(login(-2_000, false), login(2_000, true), login(4_000, true)), T0, T0 + 10_000, S5, 0.1);
    assertEquals(List.of(
        new Window(T0 - 2_000, 2, 1, State.DOWN),
        new Window(T0 + 3_000, 1, 0, State.UP),
        new Window(T0 + 8_000, 0, 0, State.EMPTY)), r.windows());
    assertEquals("x+.", r.strip());
  }

  @Test
  void aNonPositiveWindowIsRefused() {
    assertEquals("The uptime window must be positive, not 0 ms",
        assertThrows(IllegalArgumentException.class, () -> Uptime.compute(List.of(), T0, T0 + 1_000, 0, 0.1)).getMessage());
    assertEquals("The uptime window must be positive, not -5000 ms",
        assertThrows(IllegalArgumentException.class, () -> Uptime.compute(List.of(), T0, T0 + 1_000, -5_000, 0.1)).getMessage());
  }

  @Test
  void stripIsPlusForUpXForDownDotForEmpty() {
    Uptime.Report r = new Uptime.Report(S5, 0.1, List.of(
        new Window(T0, 1, 0, State.UP), new Window(T0 + 5_000, 1, 1, State.DOWN), new Window(T0 + 10_000, 0, 0, State.EMPTY),
        new Window(T0 + 15_000, 0, 0, State.EMPTY), new Window(T0 + 20_000, 3, 0, State.UP)), 2, 1, 2, 66.7, null);
    assertEquals("+x..+", r.strip());
    assertEquals("", new Uptime.Report(S5, 0.1, List.of(), 0, 0, 0, 100, null).strip());
  }

  @Test
  void failedShareIsFailedOverAttemptedAndZeroWhenEmpty() {
    assertEquals(0.25, new Window(T0, 4, 1, State.DOWN).failedShare());
    assertEquals(0.0, new Window(T0, 0, 0, State.EMPTY).failedShare());
  }

  @Test
  void theReportsWindowsCannotBeChanged() {
    Uptime.Report r = Uptime.compute(List.of(login(0, true)), T0, T0 + 5_000, S5, 0.1);
    assertThrows(UnsupportedOperationException.class, () -> r.windows().clear());
  }
}
