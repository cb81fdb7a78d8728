package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.load.LoadPlan.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrival plan: how many logins each segment starts and when the k-th login of a run was meant to start. */
class LoadPlanTest {

  private static Segment seg(double rate, Duration duration) {
    return new Segment(rate, duration);
  }

  @Test
  void segmentLoginsAreRateTimesDurationRoundedToTheNearestWholeLogin() {
    assertEquals(100, seg(10, Duration.ofSeconds(10)).logins());
    assertEquals(15, seg(10, Duration.ofMillis(1500)).logins());
    assertEquals(5, seg(1.5, Duration.ofSeconds(3)).logins()); // 4.5 rounds half up
    assertEquals(3, seg(2.5, Duration.ofSeconds(1)).logins()); // 2.5 rounds half up
    assertEquals(2, seg(2.4, Duration.ofSeconds(1)).logins());
    assertEquals(0, seg(0.4, Duration.ofSeconds(1)).logins());
    assertEquals(0, seg(0, Duration.ofSeconds(30)).logins());
    assertEquals(1, seg(1000, Duration.ofNanos(1_000_000)).logins()); // sub-second durations count by their nanoseconds
  }

  @Test
  void planLoginsAndDurationAreTheSumsOfItsSegments() {
    LoadPlan plan = new LoadPlan(List.of(seg(2, Duration.ofSeconds(3)), seg(4, Duration.ofSeconds(2)), seg(2.5, Duration.ofMillis(1500))));
    assertEquals(6 + 8 + 4, plan.logins()); // 3.75 rounds to 4
    assertEquals(Duration.ofMillis(6500), plan.duration());
  }

  @Test
  void emptyPlanHasNoLoginsNoDurationAndNoPeak() {
    LoadPlan plan = new LoadPlan(List.of());
    assertEquals(0, plan.logins());
    assertEquals(Duration.ZERO, plan.duration());
    assertEquals(0.0, plan.peakRate());
    assertEquals(0, plan.scheduledOffsetMillis(0));
  }

  @Test
  void planKeepsItsOwnCopyOfTheSegments() {
    List<Segment> segments = new ArrayList<>(List.of(seg(1, Duration.ofSeconds(1))));
    LoadPlan plan = new LoadPlan(segments);
    segments.add(seg(5, Duration.ofSeconds(1)));
    assertEquals(List.of(seg(1, Duration.ofSeconds(1))), plan.segments());
    assertThrows(UnsupportedOperationException.class, () -> plan.segments().add(seg(2, Duration.ofSeconds(1))));
  }

  @Test
  void singleSegmentSchedulesTheKthLoginAtKOverTheRate() {
    LoadPlan plan = new LoadPlan(List.of(seg(10, Duration.ofSeconds(10))));
    assertEquals(0, plan.scheduledOffsetMillis(0));
    assertEquals(100, plan.scheduledOffsetMillis(1));
    assertEquals(4200, plan.scheduledOffsetMillis(42));
    assertEquals(9900, plan.scheduledOffsetMillis(99)); // the last of its 100 logins
  }

  @Test
  void nonIntegerIntervalsAreRoundedToTheNearestMillisecond() {
    LoadPlan plan = new LoadPlan(List.of(seg(3, Duration.ofSeconds(1))));
    assertEquals(333, plan.scheduledOffsetMillis(1));
    assertEquals(667, plan.scheduledOffsetMillis(2));
  }

  @Test
  void loginsOfALaterSegmentCountFromThatSegmentsStart() {
    // 2/s for 3 s: logins 0..5 at 0, 500, ..., 2500 ms; then 4/s for 2 s: logins 6..13 at 3000, 3250, ..., 4750 ms
    LoadPlan plan = new LoadPlan(List.of(seg(2, Duration.ofSeconds(3)), seg(4, Duration.ofSeconds(2))));
    assertEquals(14, plan.logins());
    assertEquals(2000, plan.scheduledOffsetMillis(4));
    assertEquals(2500, plan.scheduledOffsetMillis(5));
    assertEquals(3000, plan.scheduledOffsetMillis(6));
    assertEquals(3250, plan.scheduledOffsetMillis(7));
    assertEquals(4750, plan.scheduledOffsetMillis(13));
  }

  @Test
  void segmentsThatStartNoLoginsOnlyShiftLaterLogins() {
    LoadPlan plan = new LoadPlan(List.of(seg(1, Duration.ofSeconds(2)), seg(0, Duration.ofSeconds(5)), seg(0.2, Duration.ofSeconds(1)),
        seg(2, Duration.ofSeconds(1))));
    assertEquals(0, plan.scheduledOffsetMillis(0));
    assertEquals(1000, plan.scheduledOffsetMillis(1));
    assertEquals(8000, plan.scheduledOffsetMillis(2)); // after 2 s + 5 s idle + 1 s of a segment too slow for one login
    assertEquals(8500, plan.scheduledOffsetMillis(3));
  }

  @Test
  void loginsPastTheEndOfThePlanAreScheduledAtItsEnd() {
    LoadPlan plan = new LoadPlan(List.of(seg(2, Duration.ofSeconds(3)), seg(4, Duration.ofSeconds(2))));
    assertEquals(5000, plan.scheduledOffsetMillis(14));
    assertEquals(5000, plan.scheduledOffsetMillis(1_000));
    assertEquals(1500, new LoadPlan(List.of(seg(10, Duration.ofMillis(1500)))).scheduledOffsetMillis(15));
  }

  @Test
  void rampThenHoldPlaysTheRampAsOneSecondStepsAtTheirMidpointRates() {
    LoadPlan plan = LoadPlan.rampThenHold(10, Duration.ofSeconds(5), Duration.ofSeconds(60));
    assertEquals(List.of(seg(1, Duration.ofSeconds(1)), seg(3, Duration.ofSeconds(1)), seg(5, Duration.ofSeconds(1)),
        seg(7, Duration.ofSeconds(1)), seg(9, Duration.ofSeconds(1)), seg(10, Duration.ofSeconds(60))), plan.segments());
    assertEquals(1 + 3 + 5 + 7 + 9 + 600, plan.logins());
    assertEquals(Duration.ofSeconds(65), plan.duration());
    assertEquals(10.0, plan.peakRate());
  }

  @Test
  void rampThenHoldSchedulesTheHoldAfterTheRamp() {
    LoadPlan plan = LoadPlan.rampThenHold(10, Duration.ofSeconds(5), Duration.ofSeconds(60));
    assertEquals(0, plan.scheduledOffsetMillis(0)); // the only login of the first step
    assertEquals(1000, plan.scheduledOffsetMillis(1));
    assertEquals(1333, plan.scheduledOffsetMillis(2));
    assertEquals(1667, plan.scheduledOffsetMillis(3));
    assertEquals(2000, plan.scheduledOffsetMillis(4));
    assertEquals(5000, plan.scheduledOffsetMillis(25)); // first login of the hold
    assertEquals(5100, plan.scheduledOffsetMillis(26));
    assertEquals(64_900, plan.scheduledOffsetMillis(624)); // last login of the hold
    assertEquals(65_000, plan.scheduledOffsetMillis(625));
  }

  @Test
  void rampThenHoldWithoutRampIsTheHoldAlone() {
    LoadPlan plan = LoadPlan.rampThenHold(4, Duration.ZERO, Duration.ofSeconds(30));
    assertEquals(List.of(seg(4, Duration.ofSeconds(30))), plan.segments());
    assertEquals(120, plan.logins());
  }

  @Test
  void peakRateIsTheHighestSegmentRateWhereverItIs() {
    LoadPlan plan = new LoadPlan(List.of(seg(3, Duration.ofSeconds(1)), seg(12.5, Duration.ofSeconds(1)), seg(7, Duration.ofSeconds(10))));
    assertEquals(12.5, plan.peakRate());
  }

  @Test
  void aPauseWithoutLoginsShiftsTheNextSegmentsSchedule() {
    LoadPlan plan = new LoadPlan(List.of(new Segment(10, Duration.ofSeconds(2)), new Segment(0, Duration.ofSeconds(3)),
        new Segment(5, Duration.ofSeconds(2))));

    assertEquals(0, plan.scheduledOffsetMillis(0));
    assertEquals(1_900, plan.scheduledOffsetMillis(19));
    assertEquals(5_000, plan.scheduledOffsetMillis(20));
    assertEquals(6_800, plan.scheduledOffsetMillis(29));
    assertEquals(7_000, plan.scheduledOffsetMillis(30), "beyond the plan: its end");
    assertEquals(7_000, plan.scheduledOffsetMillis(1_000));
  }

  @Test
  void aWarmUpComesFirstAtItsRateCappedAndItsLoginsAreMarked() {
    LoadPlan load = new LoadPlan(List.of(seg(20, Duration.ofSeconds(30)), seg(60, Duration.ofSeconds(10))));
    LoadPlan plan = load.withWarmUp(new WarmUp(Duration.ofSeconds(15), 10), 20);

    assertEquals(150, plan.warmUpLogins());
    assertEquals(15_000, plan.warmUpMillis());
    assertEquals(10.0, plan.warmUpRate());
    assertEquals(150 + 600 + 600, plan.logins());
    assertEquals(60.0, plan.peakRate(), "the warm-up is not the plan's peak");
    assertTrue(plan.warmsUp(149));
    assertFalse(plan.warmsUp(150));
    assertEquals(15_000, plan.scheduledOffsetMillis(150), "the judged load starts after the warm-up");
    assertEquals(3.0, load.withWarmUp(new WarmUp(Duration.ofSeconds(15), 10), 3).warmUpRate(), "never above the cap (a baseline of 3/s)");
    assertEquals(0, load.withWarmUp(WarmUp.OFF, 20).warmUpLogins(), "0s switches it off");
    assertEquals(plan, plan.withWarmUp(new WarmUp(Duration.ofSeconds(15), 10), 20), "a plan warms up once");
  }

  @Test
  void theTimetableShowsTheWarmUpARampAsOneLineAndEachRateWithItsLogins() {
    LoadPlan plan = LoadPlan.rampThenHold(10, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60))
        .withWarmUp(new WarmUp(java.time.Duration.ofSeconds(15), 10), 5);

    assertEquals(java.util.List.of(
        "     0–15 s  5 logins/s  75 logins  (warm-up, not judged)",
        "    15–25 s  0.5 → 9.5 logins/s  55 logins",
        "    25–85 s  10 logins/s  600 logins"), plan.timetable());
  }
}
