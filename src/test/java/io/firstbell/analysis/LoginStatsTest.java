package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counts, nearest-rank percentiles of login time (think time excluded), start lag and the SLO verdict. */
class LoginStatsTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z
  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));

  private static LoginRecord succeeded(long loginMs) {
    return new LoginRecord(T0, T0, T0 + loginMs, "student-portal", "student", "password", "district-01", Outcome.SUCCEEDED, "", "", 4, false, 0);
  }

  private static LoginRecord failed(long loginMs) {
    return new LoginRecord(T0, T0, T0 + loginMs, "student-portal", "student", "password", "district-01", Outcome.FAILED, "submit-password",
        "http-502", 3, false, 0);
  }

  /** Login times 1..n ms, in a shuffled order. */
  private static List<LoginRecord> oneTo(int n) {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 1; i <= n; i++) records.add(succeeded(i));
    Collections.shuffle(records, new Random(7));
    return records;
  }

  @Test
  void countsByPersonaJourneyFailureStepAndKind() {
    List<LoginRecord> records = List.of(
        new LoginRecord(T0, T0, T0 + 400, "student-portal", "student", "password", "d1", Outcome.SUCCEEDED, "", "", 4, false, 0),
        new LoginRecord(T0, T0, T0 + 500, "student-badge", "student", "badge", "d1", Outcome.FAILED, "badge-login", "http-401", 2, false, 0),
        new LoginRecord(T0, T0, T0 + 600, "teacher-portal", "teacher", "password", "d2", Outcome.FAILED, "submit-password", "http-502", 3, true, 0),
        new LoginRecord(T0, T0, T0 + 700, "student-portal", "student", "password", "d2", Outcome.FAILED, "submit-password", "no-response", 3, false, 0),
        new LoginRecord(T0, T0, T0 + 800, "student-portal", "student", "app-initiated", "d3", Outcome.CUT_SHORT, "dashboard", "cut-short", 5, false, 0),
        new LoginRecord(T0, T0, T0 + 900, "teacher-portal", "teacher", "password", "d3", Outcome.SUCCEEDED, "", "", 6, false, 0));
    LoginStats s = LoginStats.of(records);
    assertEquals(6, s.attempted());
    assertEquals(2, s.succeeded());
    assertEquals(4, s.failed());
    assertEquals(1, s.cutShort());
    assertEquals(Map.of("student", 4L, "teacher", 2L), s.byPersona());
    assertEquals(Map.of("student-portal", 3L, "student-badge", 1L, "teacher-portal", 2L), s.byJourney());
    assertEquals(Map.of("badge-login", 1L, "submit-password", 2L, "dashboard", 1L), s.byFailureStep());
    assertEquals(Map.of("http-401", 1L, "http-502", 1L, "no-response", 1L, "cut-short", 1L), s.byFailureKind());
  }

  @Test
  void countMapsAreSortedByName() {
    LoginStats s = LoginStats.of(List.of(
        new LoginRecord(T0, T0, T0 + 1, "z-journey", "teacher", "m", "d", Outcome.FAILED, "tokens", "http-500", 1, false, 0),
        new LoginRecord(T0, T0, T0 + 1, "a-journey", "student", "m", "d", Outcome.FAILED, "consent", "check", 1, false, 0)));
    assertEquals(List.of("student", "teacher"), List.copyOf(s.byPersona().keySet()));
    assertEquals(List.of("a-journey", "z-journey"), List.copyOf(s.byJourney().keySet()));
    assertEquals(List.of("consent", "tokens"), List.copyOf(s.byFailureStep().keySet()));
    assertEquals(List.of("check", "http-500"), List.copyOf(s.byFailureKind().keySet()));
  }

  @Test
  void successesAddNoFailureStepOrKind() {
    LoginStats s = LoginStats.of(List.of(succeeded(100), succeeded(200)));
    assertEquals(Map.of(), s.byFailureStep());
    assertEquals(Map.of(), s.byFailureKind());
    assertEquals(0, s.failed());
    assertEquals(0, s.cutShort());
  }

  @Test
  void aFailureWithoutStepOrKindCountsAsNone() {
    LoginStats s = LoginStats.of(List.of(
        new LoginRecord(T0, T0, T0 + 1, "j", "student", "m", "d", Outcome.FAILED, "", "", 0, false, 0)));
    assertEquals(Map.of("(none)", 1L), s.byFailureStep());
    assertEquals(Map.of("(none)", 1L), s.byFailureKind());
  }

  @Test
  void cutShortCountsAsCutShortAndAsFailed() {
    LoginStats s = LoginStats.of(List.of(succeeded(100),
        new LoginRecord(T0, T0, T0 + 9_000, "student-portal", "student", "password", "d", Outcome.CUT_SHORT, "dashboard", "cut-short", 5, false, 0)));
    assertEquals(2, s.attempted());
    assertEquals(1, s.succeeded());
    assertEquals(1, s.failed());
    assertEquals(1, s.cutShort());
    assertEquals(0.5, s.successRatio());
  }

  @Test
  void percentilesOfOneToHundredAreByNearestRank() {
    LoginStats s = LoginStats.of(oneTo(100));
    assertEquals(50, s.p50Ms());
    assertEquals(95, s.p95Ms());
    assertEquals(99, s.p99Ms());
  }

  @Test
  void percentilesRoundTheRankUp() {
    // 1..10: p50 rank 5, p95 rank ceil(9.5) = 10, p99 rank ceil(9.9) = 10
    LoginStats ten = LoginStats.of(oneTo(10));
    assertEquals(5, ten.p50Ms());
    assertEquals(10, ten.p95Ms());
    assertEquals(10, ten.p99Ms());
    // 1..1000: ranks 500, 950, 990
    LoginStats thousand = LoginStats.of(oneTo(1000));
    assertEquals(500, thousand.p50Ms());
    assertEquals(950, thousand.p95Ms());
    assertEquals(990, thousand.p99Ms());
    // 1..21: ranks ceil(10.5) = 11, ceil(19.95) = 20, ceil(20.79) = 21
    LoginStats odd = LoginStats.of(oneTo(21));
    assertEquals(11, odd.p50Ms());
    assertEquals(20, odd.p95Ms());
    assertEquals(21, odd.p99Ms());
    // 1..13: p95 rank ceil(12.35) = 13, not the rounded 12
    LoginStats thirteen = LoginStats.of(oneTo(13));
    assertEquals(7, thirteen.p50Ms());
    assertEquals(13, thirteen.p95Ms());
    assertEquals(13, thirteen.p99Ms());
  }

  @Test
  void aSingleLoginIsEveryPercentile() {
    LoginStats s = LoginStats.of(List.of(succeeded(1_234)));
    assertEquals(1_234, s.p50Ms());
    assertEquals(1_234, s.p95Ms());
    assertEquals(1_234, s.p99Ms());
  }

  @Test
  void failedLoginsCountInTheLoginTimes() {
    LoginStats s = LoginStats.of(List.of(succeeded(100), failed(5_000)));
    assertEquals(100, s.p50Ms());
    assertEquals(5_000, s.p95Ms());
  }

  @Test
  void loginTimeCountsFromTheScheduledStartAndExcludesThinkTime() {
    // scheduled at T0, started 300 ms late, ended 4 s later with 2.5 s of think time: 1.5 s of login
    LoginRecord r = new LoginRecord(T0, T0 + 300, T0 + 4_000, "student-portal", "student", "password", "d", Outcome.SUCCEEDED, "", "", 6, false,
        2_500);
    LoginStats s = LoginStats.of(List.of(r));
    assertEquals(1_500, s.p50Ms());
    assertEquals(1_500, s.p95Ms());
    assertEquals(1_500, s.p99Ms());
  }

  @Test
  void startLagIsMaxAndNearestRankP99() {
    List<LoginRecord> records = new ArrayList<>();
    for (int lag = 1; lag <= 100; lag++) {
      records.add(new LoginRecord(T0 + lag * 10L, T0 + lag * 10L + lag, T0 + 5_000, "j", "p", "m", "d", Outcome.SUCCEEDED, "", "", 1, false, 0));
    }
    Collections.shuffle(records, new Random(3));
    LoginStats s = LoginStats.of(records);
    assertEquals(100, s.maxStartLagMs());
    assertEquals(99, s.p99StartLagMs());
  }

  @Test
  void oneLateStartOfHundredIsTheMaxButNotTheP99() {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 99; i++) records.add(succeeded(100));
    records.add(new LoginRecord(T0, T0 + 7_000, T0 + 7_100, "j", "p", "m", "d", Outcome.SUCCEEDED, "", "", 1, false, 0));
    LoginStats s = LoginStats.of(records);
    assertEquals(7_000, s.maxStartLagMs());
    assertEquals(0, s.p99StartLagMs());
  }

  @Test
  void nothingAttemptedIsAllZeroWithSuccessRatioOne() {
    LoginStats s = LoginStats.of(List.of());
    assertEquals(new LoginStats(0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, 0), s);
    assertEquals(1.0, s.successRatio());
  }

  @Test
  void nothingAttemptedNeverMeetsTheSlo() {
    assertFalse(LoginStats.of(List.of()).meets(SLO));
  }

  @Test
  void successRatioIsSucceededOverAttempted() {
    assertEquals(0.75, LoginStats.of(List.of(succeeded(1), succeeded(1), succeeded(1), failed(1))).successRatio());
  }

  /** 100 logins, {@code failures} of them failed, with the 95th-ranked login time {@code p95}. */
  private static LoginStats hundred(int failures, long p95) {
    List<LoginRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long ms = i < 94 ? 1_000 : i == 94 ? p95 : 9_000;
      records.add(i < failures ? failed(ms) : succeeded(ms));
    }
    return LoginStats.of(records);
  }

  @Test
  void successExactlyAtTheObjectiveWithP95ExactlyAtTheObjectiveMeetsTheSlo() {
    LoginStats s = hundred(1, 2_000);
    assertEquals(0.99, s.successRatio());
    assertEquals(2_000, s.p95Ms());
    assertTrue(s.meets(SLO));
  }

  @Test
  void successJustBelowTheObjectiveMissesTheSlo() {
    LoginStats s = hundred(2, 2_000);
    assertEquals(0.98, s.successRatio());
    assertFalse(s.meets(SLO));
  }

  @Test
  void p95OneMillisecondAboveTheObjectiveMissesTheSlo() {
    LoginStats s = hundred(1, 2_001);
    assertEquals(2_001, s.p95Ms());
    assertFalse(s.meets(SLO));
  }

  @Test
  void theSloIsJudgedOnTheConfiguredObjectives() {
    LoginStats s = hundred(2, 2_001);
    assertTrue(s.meets(new SloSettings(0.98, Duration.ofMillis(2_001))));
    assertFalse(s.meets(new SloSettings(0.98, Duration.ofMillis(2_000))));
    assertFalse(s.meets(new SloSettings(0.981, Duration.ofMillis(2_001))));
  }
}
