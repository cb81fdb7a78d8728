package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.Saturation.Evidence;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.load.BreakingPointSearch.Measurement;
import io.firstbell.load.BreakingPointSearch.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BreakingPointSearchTest {

  private static final Measurement PASS = new Measurement(true, "", Evidence.NONE_SATURATED);
  private static final Measurement SATURATED_FAIL = new Measurement(false, "", Evidence.SATURATED);
  private static final Measurement UNSATURATED_FAIL = new Measurement(false, "", Evidence.NONE_SATURATED);
  private static final Measurement UNEXPLAINED_FAIL = new Measurement(false, "", Evidence.NO_TELEMETRY);
  private static final Measurement INVALID = new Measurement(true, "the generator started logins late by p99 1500 ms", Evidence.NONE_SATURATED);

  private static BreakingPointSearch.Settings settings(double max, double precision, int failures, int reruns, Duration maxDuration, WarmUp warmUp) {
    return new BreakingPointSearch.Settings(10, 10, Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(3), max, precision, failures,
        reruns, Duration.ofSeconds(10), maxDuration, warmUp);
  }

  private static BreakingPointSearch search(double max, double precision, int failures, int reruns) {
    return new BreakingPointSearch(settings(max, precision, failures, reruns, Duration.ofMinutes(10), WarmUp.OFF), 0);
  }

  /** A target whose steps saturate and fail above {@code capacity}, and pass up to it. */
  private static DoubleFunction<Measurement> capacity(double capacity) {
    return rate -> rate <= capacity ? PASS : SATURATED_FAIL;
  }

  /** Measurements played in order, then the target of {@code after}. */
  private static DoubleFunction<Measurement> script(DoubleFunction<Measurement> after, Measurement... first) {
    Deque<Measurement> queue = new ArrayDeque<>(List.of(first));
    return rate -> queue.isEmpty() ? after.apply(rate) : queue.poll();
  }

  /** Runs the search step by step (each step 25 s, its logins drained at once), returning the rates run. */
  private static List<Double> run(BreakingPointSearch search, DoubleFunction<Measurement> target) {
    List<Double> rates = new ArrayList<>();
    long now = 0;
    while (!search.finished()) {
      rates.add(search.rate());
      now += 25_000;
      search.endStep(target.apply(search.rate()), now);
      search.resume(now, false);
      if (rates.size() > 100) throw new AssertionError("the search does not end: " + rates);
    }
    return rates;
  }

  private static List<String> statuses(BreakingPointSearch search) {
    return search.steps().stream().map(s -> s.status().wireName()).toList();
  }

  @Test
  void coarseStepsThenBisectionFindTheBreakingPointWithinThePrecision() {
    BreakingPointSearch search = search(120, 2, 1, 4);

    assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 50.0, 45.0, 42.5, 41.3), run(search, capacity(40)));
    assertEquals(new BreakingPointSearch.Answer(true, 40.0, 41.3, "refined to within the precision", 0), search.answer());
    assertEquals(List.of("coarse", "coarse", "coarse", "coarse", "coarse", "refine", "refine", "refine"),
        search.steps().stream().map(BreakingPointSearch.Step::phase).toList());
    assertEquals(List.of("judged", "judged", "judged", "judged", "judged", "judged", "judged", "judged"), statuses(search));
  }

  @Test
  void aTargetThatHoldsEveryRateEndsAtTheMaximum() {
    BreakingPointSearch search = search(35, 2, 1, 4);

    assertEquals(List.of(10.0, 20.0, 30.0, 35.0), run(search, capacity(1000)));
    assertTrue(search.answer().found());
    assertTrue(Double.isNaN(search.firstFail()));
    assertEquals("no breaking point up to the maximum of 35 logins/s", search.outcome());
  }

  @Test
  void aTargetSaturatedAtTheFirstRateIsSearchedBelowIt() {
    BreakingPointSearch search = search(120, 2, 1, 4);

    assertEquals(List.of(10.0, 5.0, 2.5, 3.8), run(search, capacity(3)));
    assertEquals(new BreakingPointSearch.Answer(true, 2.5, 3.8, "refined to within the precision", 0), search.answer());
  }

  @Test
  void twoConsecutiveFailuresAreNeededBeforeRefiningWhenConfigured() {
    BreakingPointSearch search = search(120, 2, 2, 4);

    // 30 breaks, 40 breaks too: then bisect between 20 (passed) and 30 (the first failing)
    assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 25.0, 22.5, 21.3), run(search, capacity(21)));
  }

  @Test
  void aColdFirstStepThatFailsWithoutSaturationIsRunAgainAndDoesNotDecideTheAnswer() {
    BreakingPointSearch search = search(120, 2, 1, 4);

    // the cold start: 10/s failed on a cold JVM with no saturation anywhere; the re-run passes, and the search goes on up
    assertEquals(List.of(10.0, 10.0, 20.0, 30.0, 40.0, 50.0, 45.0, 42.5, 41.3), run(search, script(capacity(40), UNSATURATED_FAIL)));
    assertEquals(List.of("re-run", "judged", "judged", "judged", "judged", "judged", "judged", "judged", "judged"), statuses(search));
    assertEquals("failed although the target's telemetry shows no saturation", search.steps().get(0).reason());
    assertEquals("confirmed", search.steps().get(1).reason());
    assertEquals(new BreakingPointSearch.Answer(true, 40.0, 41.3, "refined to within the precision", 1), search.answer());
  }

  @Test
  void aStepTheGeneratorSpoiledIsInvalidAndRunsAgain() {
    BreakingPointSearch search = search(120, 2, 1, 4);

    assertEquals(List.of(10.0, 20.0, 20.0, 30.0, 40.0, 50.0, 45.0, 42.5, 41.3), run(search, script(capacity(40), PASS, INVALID)));
    assertEquals("invalid", statuses(search).get(1));
    assertNull(search.steps().get(1).passed(), "an invalid step has no verdict");
    assertEquals("the generator started logins late by p99 1500 ms", search.steps().get(1).reason());
    assertEquals(40.0, search.answer().sustainablePerSec());
    assertEquals(1, search.answer().reruns());
  }

  @Test
  void whenEveryReRunIsSpentOnInvalidStepsThereIsNoAnswer() {
    BreakingPointSearch search = search(120, 2, 1, 2);

    assertEquals(List.of(10.0, 10.0, 10.0), run(search, rate -> INVALID));
    assertEquals(List.of("invalid", "invalid", "invalid"), statuses(search));
    BreakingPointSearch.Answer answer = search.answer();
    assertFalse(answer.found());
    assertTrue(answer.outcome().startsWith("no trustworthy answer: the load generator itself fell behind"), answer.outcome());
    assertTrue(answer.outcome().contains("the 2 re-runs allowed (firstbell.breaking-point.max-reruns) are spent"), answer.outcome());
  }

  @Test
  void aPassAboveAFailingRateIsConfirmedAndAConfirmedPassOverrulesTheFailure() {
    BreakingPointSearch search = search(120, 2, 2, 4);

    // 20 fails (saturated, counted: 1 of 2 consecutive failures); 30 passes above it: re-run, passes again, and 20's failure no longer counts
    assertEquals(List.of(10.0, 20.0, 30.0, 30.0, 40.0, 50.0, 60.0, 45.0, 42.5, 41.3),
        run(search, script(capacity(40), PASS, SATURATED_FAIL, PASS, PASS)));
    assertEquals("passed at or above 20 logins/s, which failed", search.steps().get(2).reason());
    assertEquals(List.of("judged", "judged", "re-run", "judged"), statuses(search).subList(0, 4));
    assertEquals(40.0, search.answer().sustainablePerSec());
  }

  @Test
  void aFailureThatConfirmsAContradictingPassCountsAndTheSearchRefinesBelowIt() {
    BreakingPointSearch search = search(120, 2, 2, 4);

    // 30 fails once (saturated), 40 passes above it: re-run, and this time 40 fails: counted, two failures in a row, refine 20..30
    assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 40.0, 25.0, 22.5, 21.3),
        run(search, script(capacity(21), PASS, PASS, SATURATED_FAIL, PASS, SATURATED_FAIL)));
    assertEquals(List.of("judged", "judged", "judged", "re-run", "judged", "judged", "judged", "judged"), statuses(search));
  }

  @Test
  void aTargetFailingWithoutSaturationAtTheLowestRateGivesNoAnswer() {
    BreakingPointSearch search = search(120, 2, 1, 4);

    assertEquals(List.of(10.0, 10.0), run(search, rate -> UNSATURATED_FAIL));
    BreakingPointSearch.Answer answer = search.answer();
    assertFalse(answer.found());
    assertTrue(answer.outcome().contains("the target failed at 10 logins/s, the lowest rate tried, and its telemetry shows no saturation"), answer.outcome());
  }

  @Test
  void withoutTelemetryTheFirstFailureIsConfirmedAndLaterOnesCount() {
    BreakingPointSearch search = search(120, 2, 1, 4);
    DoubleFunction<Measurement> blind = rate -> rate <= 24 ? PASS : UNEXPLAINED_FAIL;

    assertEquals(List.of(10.0, 20.0, 30.0, 30.0, 25.0, 22.5, 23.8), run(search, blind));
    assertEquals(List.of("judged", "judged", "re-run", "judged", "judged", "judged", "judged"), statuses(search));
    assertEquals(new BreakingPointSearch.Answer(true, 23.8, 25.0, "refined to within the precision", 1), search.answer());
  }

  @Test
  void theReRunsAreBoundedAndAVerdictCountsOnceTheyAreSpent() {
    BreakingPointSearch search = search(120, 2, 1, 0);

    assertEquals(List.of(10.0, 5.0, 2.5, 1.3), run(search, rate -> UNEXPLAINED_FAIL));
    assertTrue(search.steps().get(0).reason().startsWith("counted: the re-runs are spent"), search.steps().get(0).reason());
    assertFalse(search.answer().found());
    assertTrue(search.outcome().startsWith("no breaking point: the SLO broke at every rate tried, down to 1.3 logins/s"), search.outcome());
  }

  @Test
  void reachingTheMaximumDurationGivesNoAnswerWithTheBracketSoFar() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1, 4, Duration.ofSeconds(110), WarmUp.OFF), 0);

    assertEquals(List.of(10.0, 20.0, 30.0, 40.0), run(search, capacity(35)));
    assertFalse(search.answer().found());
    assertEquals("no trustworthy answer: the search reached its maximum duration (firstbell.breaking-point.max-duration = 110 s) before it was refined, "
        + "between 30 and 40 logins/s", search.outcome());
  }

  @Test
  void theWarmUpAdmitsLoginsAtItsRateMarkedAsWarmUpThenTheFirstStepBegins() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1, 4, Duration.ofMinutes(5), new WarmUp(Duration.ofSeconds(2), 4)), 1_000);
    List<BreakingPointSearch.Admission> admitted = new ArrayList<>();
    for (long t = 1_000; t < 3_400; t += 25) { // arrivals at 40/s
      BreakingPointSearch.Admission a = search.admit(t);
      if (a != null) admitted.add(a);
    }
    // 4/s for 2 s (8 logins, warm-up), then the first step at 10/s from 3.0 s: 3.0, 3.1, 3.2, 3.3
    assertEquals(List.of(1_000L, 1_250L, 1_500L, 1_750L, 2_000L, 2_250L, 2_500L, 2_750L, 3_000L, 3_100L, 3_200L, 3_300L),
        admitted.stream().map(BreakingPointSearch.Admission::scheduledMs).toList());
    assertEquals(8, admitted.stream().filter(BreakingPointSearch.Admission::warmUp).count());
    assertFalse(search.stepDue(22_999));
    assertTrue(search.stepDue(23_000));
    assertEquals(3_000 + 3_000, search.judgedWindow()[0], "the step is judged after its transition");
    assertEquals(3_000 + 20_000 - 3_000, search.judgedWindow()[1], "and until its settle time");
  }

  @Test
  void theWarmUpIsNeverHarderThanTheFirstStep() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1, 4, Duration.ofMinutes(5), new WarmUp(Duration.ofSeconds(1), 50)), 0);
    long warm = 0;
    for (long t = 0; t < 1_000; t += 5) {
      BreakingPointSearch.Admission a = search.admit(t);
      if (a != null && a.warmUp()) warm++;
    }
    assertEquals(10, warm, "the warm-up runs at the first step's 10/s, not at 50/s");
  }

  @Test
  void noLoginStartsUntilTheLastStepHasDrainedAndThenTheNextStepStartsAtOnce() {
    BreakingPointSearch search = search(120, 2, 1, 4);
    search.endStep(SATURATED_FAIL, 20_000);
    assertTrue(search.draining());
    assertNull(search.admit(21_000));
    assertFalse(search.stepDue(60_000), "a draining search has no step to judge");
    assertFalse(search.drainTimedOut(29_999));
    search.resume(21_300, false);
    assertEquals(21_300, search.admit(21_300).scheduledMs());
    assertEquals(Long.MIN_VALUE, search.cutOffMs(), "logins that drained in time are not cut off");
    assertTrue(search.stepDue(41_300));
  }

  @Test
  void loginsStillRunningAfterTheDrainTimeoutAreCutOff() {
    BreakingPointSearch search = search(120, 2, 1, 4);
    search.endStep(SATURATED_FAIL, 20_000);
    assertTrue(search.drainTimedOut(30_000));
    search.resume(30_000, true);
    assertEquals(20_000, search.cutOffMs(), "logins scheduled before the failed step ended send nothing more");
  }

  @Test
  void arrivalsAreThinnedToTheStepRateWithTheirScheduledStarts() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1, 4, Duration.ofMinutes(5), WarmUp.OFF), 1_000);
    List<Long> scheduled = new ArrayList<>();
    for (long t = 1_000; t < 2_000; t += 25) { // arrivals every 25 ms (40/s) during the first second of a 10/s step
      BreakingPointSearch.Admission a = search.admit(t);
      if (a != null) scheduled.add(a.scheduledMs());
    }
    assertEquals(List.of(1_000L, 1_100L, 1_200L, 1_300L, 1_400L, 1_500L, 1_600L, 1_700L, 1_800L, 1_900L), scheduled);
  }

  @Test
  void settingsAreValidatedWithTheKeyAndTheFix() {
    Executable tooLow = () -> BreakingPointSearch.Settings.from(FirstBellConfig.withOverrides("firstbell.breaking-point { start = 50, max = 40 }"));
    assertEquals("firstbell.breaking-point.max is 40.0 but must be at least firstbell.breaking-point.start (50.0)",
        assertThrows(SettingsException.class, tooLow).getMessage());
    Executable nothingJudged = () -> BreakingPointSearch.Settings.from(
        FirstBellConfig.withOverrides("firstbell.breaking-point { step = 6s, transition = 3s, settle = 3s }"));
    assertEquals("firstbell.breaking-point.settle (PT3S) plus firstbell.breaking-point.transition (PT3S) must leave at least 1 s of "
        + "firstbell.breaking-point.step (PT6S) to judge; lengthen the step or shorten them", assertThrows(SettingsException.class, nothingJudged).getMessage());
  }

  @Test
  void aReRunThatWouldPassTheMaximumDurationEndsTheSearchWithoutAnAnswer() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1, 4, Duration.ofSeconds(60), WarmUp.OFF), 0);

    assertEquals(List.of(10.0, 20.0), run(search, script(capacity(40), PASS, UNSATURATED_FAIL)));
    assertFalse(search.answer().found());
    assertTrue(search.outcome().contains("while it re-ran a step it could not trust"), search.outcome());
  }
}
