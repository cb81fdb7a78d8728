package io.firstbell.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A recording turned into arrivals: ×1 exact, a multiplier within one login of every window, speed a compressed clock, who from the recording. */
class ReplayPlanTest {

  private static final Recording.Stats STATS = new Recording.Stats(0, 0, 0, 0, 0, 0);

  private static Recording recording(double[] counts, Map<String, double[]> keyed) {
    return new Recording("test", "digest", Instant.EPOCH, counts, keyed, STATS);
  }

  /** a morning's shape: rising logins per second over ten minutes, with bursts */
  private static double[] morning() {
    double[] counts = new double[600];
    for (int s = 0; s < counts.length; s++) counts[s] = (s / 60) + (s % 17 == 0 ? 5 : 0);
    return counts;
  }

  @Test
  void atOneTimesAndSpeedOneEachSecondOffersWhatItRecorded() {
    double[] counts = morning();
    ReplayPlan plan = ReplayPlan.of(recording(counts, Map.of()), 1.0, 1.0, 7);
    assertArrayEquals(java.util.Arrays.stream(counts).mapToLong(c -> (long) c).toArray(), plan.offeredPerSecond());
    assertEquals(plan.offeredTotal(), plan.load().logins());
  }

  @Test
  void aMultiplierOffersItsShareOfEveryMinuteToWithinOneLogin() {
    double[] counts = morning();
    for (long seed : new long[] {1, 2, 3}) {
      ReplayPlan plan = ReplayPlan.of(recording(counts, Map.of()), 1.2, 1.0, seed);
      double[] recorded = plan.recordedPerMinute();
      long[] offered = plan.offeredPerMinute();
      for (int m = 0; m < offered.length; m++) {
        assertTrue(Math.abs(offered[m] - 1.2 * recorded[m]) <= 1, "minute " + m + ": " + offered[m] + " vs 1.2 × " + recorded[m]);
      }
      assertEquals(Math.round(1.2 * java.util.Arrays.stream(counts).sum()), plan.offeredTotal(), 1);
    }
  }

  @Test
  void theSeedDecidesWhereTheAddedFractionsFallAndNothingElse() {
    double[] ones = new double[10];
    java.util.Arrays.fill(ones, 1);
    long[] a = ReplayPlan.of(recording(ones, Map.of()), 1.5, 1.0, 1).offeredPerSecond();
    long[] b = ReplayPlan.of(recording(ones, Map.of()), 1.5, 1.0, 2).offeredPerSecond();
    assertEquals(15, LongStream.of(a).sum(), 1);
    assertEquals(15, LongStream.of(b).sum(), 1);
    assertArrayEquals(a, ReplayPlan.of(recording(ones, Map.of()), 1.5, 1.0, 1).offeredPerSecond(), "the same seed, the same plan");
    for (long n : a) assertTrue(n == 1 || n == 2, "every second offers 1 or 2: " + java.util.Arrays.toString(a));
  }

  @Test
  void speedCompressesTheClockAndKeepsTheLogins() {
    double[] counts = morning();
    ReplayPlan plan = ReplayPlan.of(recording(counts, Map.of()), 1.0, 2.0, 1);
    assertEquals(300, plan.offeredPerSecond().length);
    assertEquals((long) java.util.Arrays.stream(counts).sum(), plan.offeredTotal());
    assertEquals(counts[0] + counts[1], plan.offeredPerSecond()[0]);
    assertEquals(5, plan.offeredPerMinute().length);
    assertEquals(0 * 60 + 1 * 60 + 8 * 5, plan.offeredPerMinute()[0], "a run minute replays two recorded minutes");
  }

  @Test
  void eachLoginsScheduledStartIsItsSecondEvenlySpread() {
    ReplayPlan plan = ReplayPlan.of(recording(new double[] {2, 0, 4}, Map.of()), 1.0, 1.0, 1);
    assertEquals(List.of(0L, 500L, 2000L, 2250L, 2500L, 2750L), LongStream.range(0, 6).map(k -> plan.load().scheduledOffsetMillis(k)).boxed().toList());
  }

  @Test
  void whoLogsInIsSharedFromTheRecordingByLargestRemainder() {
    Map<String, double[]> keyed = new HashMap<>();
    keyed.put(Recording.key("student", "oak"), new double[] {3, 1});
    keyed.put(Recording.key("teacher", "oak"), new double[] {1, 0});
    ReplayPlan once = ReplayPlan.of(recording(new double[] {5, 1}, keyed), 1.0, 1.0, 1);
    Map<String, Long> first = LongStream.range(0, 5).mapToObj(once::who).collect(java.util.stream.Collectors.groupingBy(w -> w, java.util.stream.Collectors.counting()));
    assertEquals(Map.of("student|oak", 3L, "teacher|oak", 1L, ReplayPlan.UNNAMED, 1L), first, "×1: exactly as recorded");
    assertEquals("student|oak", once.who(5));
    ReplayPlan twice = ReplayPlan.of(recording(new double[] {5, 1}, keyed), 2.0, 1.0, 1);
    Map<String, Long> doubled = LongStream.range(0, 10).mapToObj(twice::who).collect(java.util.stream.Collectors.groupingBy(w -> w, java.util.stream.Collectors.counting()));
    assertEquals(Map.of("student|oak", 6L, "teacher|oak", 2L, ReplayPlan.UNNAMED, 2L), doubled);
  }
}
