package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.analysis.Timeline.Point;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chart series: offered by scheduled start, succeeded and failed by end, p95 by scheduled start; outsiders clamped. */
class TimelineTest {

  private static final long T0 = 1_725_346_800_000L; // 2024-09-03T07:00:00Z

  private static LoginRecord login(long scheduledAt, long startAt, long endAt, Outcome outcome, long thinkMs) {
    boolean ok = outcome == Outcome.SUCCEEDED;
    return new LoginRecord(T0 + scheduledAt, T0 + startAt, T0 + endAt, "student-portal", "student", "password", "district-01", outcome,
        ok ? "" : "dashboard", ok ? "" : outcome == Outcome.CUT_SHORT ? "cut-short" : "http-503", 5, false, thinkMs);
  }

  private static LoginRecord login(long scheduledAt, long endAt, Outcome outcome) {
    return login(scheduledAt, scheduledAt, endAt, outcome, 0);
  }

  @Test
  void offeredGoesByScheduledStartAndOutcomesByEnd() {
    List<Point> points = Timeline.of(List.of(
        login(500, 1_500, Outcome.SUCCEEDED),
        login(1_200, 2_700, Outcome.FAILED),
        // started late: still offered when it was scheduled
        login(300, 1_900, 2_100, Outcome.SUCCEEDED, 0)), T0, T0 + 3_000, 1_000);
    assertEquals(List.of(
        new Point(0, 2, 0, 0, 1_800),
        new Point(1_000, 1, 1, 0, 1_500),
        new Point(2_000, 0, 1, 1, 0)), points);
  }

  @Test
  void cutShortLoginsCountAsFailedWhenTheyEnd() {
    List<Point> points = Timeline.of(List.of(login(100, 1_999, Outcome.CUT_SHORT)), T0, T0 + 2_000, 1_000);
    assertEquals(List.of(new Point(0, 1, 0, 0, 1_899), new Point(1_000, 0, 0, 1, 0)), points);
  }

  @Test
  void p95IsPerBucketOfScheduledStartByNearestRank() {
    List<LoginRecord> records = new ArrayList<>();
    // second 0: login times 100, 200, ... 2000 (rank ceil(0.95 * 20) = 19: 1900); second 1: 50 and 70
    for (int i = 1; i <= 20; i++) records.add(login(i * 10, i * 10 + i * 100L, Outcome.SUCCEEDED));
    records.add(login(1_000, 1_050, Outcome.SUCCEEDED));
    records.add(login(1_100, 1_170, Outcome.FAILED));
    List<Point> points = Timeline.of(records, T0, T0 + 3_000, 1_000);
    assertEquals(1_900, points.get(0).p95Ms());
    assertEquals(70, points.get(1).p95Ms());
    assertEquals(0, points.get(2).p95Ms());
    assertEquals(List.of(20L, 2L, 0L), points.stream().map(Point::offered).toList());
  }

  @Test
  void p95ExcludesThinkTime() {
    List<Point> points = Timeline.of(List.of(login(0, 0, 5_000, Outcome.SUCCEEDED, 4_200)), T0, T0 + 1_000, 1_000);
    assertEquals(List.of(new Point(0, 1, 1, 0, 800)), points);
  }

  @Test
  void recordsBeforeTheRunAreClampedIntoTheFirstBucket() {
    List<Point> points = Timeline.of(List.of(
        login(-5_000, -4_000, Outcome.SUCCEEDED),
        login(-1_500, -500, Outcome.FAILED)), T0, T0 + 2_000, 1_000);
    assertEquals(List.of(new Point(0, 2, 1, 1, 1_000), new Point(1_000, 0, 0, 0, 0)), points);
  }

  @Test
  void recordsAfterTheRunAreClampedIntoTheLastBucket() {
    List<Point> points = Timeline.of(List.of(
        login(1_500, 9_000, Outcome.FAILED),
        login(10_000, 12_000, Outcome.SUCCEEDED)), T0, T0 + 2_000, 1_000);
    assertEquals(List.of(new Point(0, 0, 0, 0, 0), new Point(1_000, 2, 1, 1, 7_500)), points);
  }

  @Test
  void oneBucketPerBucketLengthRoundedUp() {
    assertEquals(List.of(0L, 1_000L, 2_000L), Timeline.of(List.of(), T0, T0 + 2_500, 1_000).stream().map(Point::offsetMs).toList());
    assertEquals(List.of(0L, 1_000L), Timeline.of(List.of(), T0, T0 + 2_000, 1_000).stream().map(Point::offsetMs).toList());
    assertEquals(List.of(0L, 5_000L), Timeline.of(List.of(), T0, T0 + 6_000, 5_000).stream().map(Point::offsetMs).toList());
  }

  @Test
  void anEmptyRunStillHasOneBucket() {
    assertEquals(List.of(new Point(0, 0, 0, 0, 0)), Timeline.of(List.of(), T0, T0, 1_000));
    assertEquals(List.of(new Point(0, 1, 1, 0, 200)), Timeline.of(List.of(login(0, 200, Outcome.SUCCEEDED)), T0, T0, 1_000));
  }
}
