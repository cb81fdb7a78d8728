package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BreakingPointSearchTest {

  private static BreakingPointSearch.Settings settings(double max, double precision, int failures) {
    return new BreakingPointSearch.Settings(10, 10, Duration.ofSeconds(20), Duration.ofSeconds(3), max, precision, failures,
        Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  /** Runs the search against a target that holds exactly up to {@code capacity}, returning the rates tried. */
  private static List<Double> run(BreakingPointSearch search, double capacity) {
    List<Double> rates = new ArrayList<>();
    long now = 0;
    while (!search.finished()) {
      rates.add(search.rate());
      now += 25_000;
      search.endStep(search.rate() <= capacity, now);
    }
    return rates;
  }

  @Test
  void coarseStepsThenBisectionFindTheBreakingPointWithinThePrecision() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1), 0);

    assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 50.0, 45.0, 42.5, 41.3), run(search, 40));
    assertEquals(40.0, search.lastPass());
    assertEquals(41.3, search.firstFail());
    assertEquals("refined to within the precision", search.outcome());
    assertEquals(List.of("coarse", "coarse", "coarse", "coarse", "coarse", "refine", "refine", "refine"),
        search.steps().stream().map(BreakingPointSearch.Step::phase).toList());
  }

  @Test
  void aTargetThatHoldsEveryRateEndsAtTheMaximum() {
    BreakingPointSearch search = new BreakingPointSearch(settings(35, 2, 1), 0);

    assertEquals(List.of(10.0, 20.0, 30.0, 35.0), run(search, 1000));
    assertTrue(Double.isNaN(search.firstFail()));
    assertEquals("no breaking point up to the maximum of 35 logins/s", search.outcome());
  }

  @Test
  void aTargetBrokenAtTheFirstRateIsSearchedBelowIt() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1), 0);

    assertEquals(List.of(10.0, 5.0, 2.5, 3.8), run(search, 3));
    assertEquals(2.5, search.lastPass());
    assertEquals(3.8, search.firstFail());
  }

  @Test
  void twoConsecutiveFailuresAreNeededBeforeRefiningWhenConfigured() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 2), 0);

    // 30 breaks, 40 breaks too: then bisect between 20 (passed) and 30 (the first failing)
    assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 25.0, 22.5, 21.3), run(search, 21));
  }

  @Test
  void arrivalsAreThinnedToTheStepRateWithTheirScheduledStarts() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1), 1_000);
    List<Long> scheduled = new ArrayList<>();
    // arrivals every 25 ms (40/s) during the first second of a 10/s step
    for (long t = 1_000; t < 2_000; t += 25) {
      long s = search.admit(t);
      if (s >= 0) scheduled.add(s);
    }
    assertEquals(List.of(1_000L, 1_100L, 1_200L, 1_300L, 1_400L, 1_500L, 1_600L, 1_700L, 1_800L, 1_900L), scheduled);
  }

  @Test
  void noLoginStartsDuringTheCooldownAfterAFailingStep() {
    BreakingPointSearch search = new BreakingPointSearch(settings(120, 2, 1), 0);
    search.endStep(false, 20_000);
    assertEquals(-1, search.admit(24_999));
    assertEquals(25_000, search.admit(25_000));
    assertFalse(search.stepDue(44_999));
    assertTrue(search.stepDue(45_000));
  }

  @Test
  void settingsAreValidatedWithTheKeyAndTheFix() {
    Executable tooLow = () -> BreakingPointSearch.Settings.from(FirstBellConfig.withOverrides("firstbell.breaking-point { start = 50, max = 40 }"));
    assertEquals("firstbell.breaking-point.max is 40.0 but must be at least firstbell.breaking-point.start (50.0)",
        org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, tooLow).getMessage());
    Executable settle = () -> BreakingPointSearch.Settings.from(FirstBellConfig.withOverrides("firstbell.breaking-point { step = 5s, settle = 5s }"));
    assertEquals("firstbell.breaking-point.settle is PT5S but must be shorter than firstbell.breaking-point.step (PT5S)",
        org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, settle).getMessage());
  }
}
