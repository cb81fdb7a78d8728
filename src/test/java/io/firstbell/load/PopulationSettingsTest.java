package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.load.PopulationSettings.ThinkTime;
import io.firstbell.load.PopulationSettings.ThinkTime.Distribution;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who logs in and how: shares, teacher method weights and think time. */
class PopulationSettingsTest {

  private static PopulationSettings population(String overrides) {
    return PopulationSettings.from(FirstBellConfig.withOverrides("firstbell.population { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> population(overrides)).getMessage();
  }

  private static ThinkTime think(Distribution d, long meanMs, long maxMs) {
    return new ThinkTime(d, Duration.ofMillis(meanMs), Duration.ofMillis(maxMs));
  }

  @Test
  void defaultsAreNinetyPercentStudentsTeachersSixThreeOneAndExponentialThinkTime() {
    PopulationSettings p = PopulationSettings.from(FirstBellConfig.withOverrides(""));
    assertEquals(new PopulationSettings(0.9, 6, 3, 1, 0.03, new ThinkTime(Distribution.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(10))), p);
  }

  @Test
  void overridesAreRead() {
    PopulationSettings p = population("student-share = 0.5, teacher-methods { portal = 0, app-initiated = 2.5, app-initiated-warm = 0 },"
        + " mistype-share = 0, think-time { distribution = uniform, mean = 250ms, max = 0s }");
    assertEquals(new PopulationSettings(0.5, 0, 2.5, 0, 0, new ThinkTime(Distribution.UNIFORM, Duration.ofMillis(250), Duration.ZERO)), p);
  }

  @Test
  void noThinkTimeIsZeroWhateverTheMeanAndDraw() {
    ThinkTime t = think(Distribution.NONE, 1000, 10_000);
    assertEquals(0, t.drawMillis(0.0));
    assertEquals(0, t.drawMillis(0.99));
  }

  @Test
  void constantThinkTimeIsTheMean() {
    ThinkTime t = think(Distribution.CONSTANT, 1000, 10_000);
    assertEquals(1000, t.drawMillis(0.0));
    assertEquals(1000, t.drawMillis(0.7));
  }

  @Test
  void uniformThinkTimeSpansZeroToTwiceTheMean() {
    ThinkTime t = think(Distribution.UNIFORM, 1000, 10_000);
    assertEquals(0, t.drawMillis(0.0));
    assertEquals(500, t.drawMillis(0.25));
    assertEquals(1000, t.drawMillis(0.5));
    assertEquals(1500, t.drawMillis(0.75));
  }

  @Test
  void exponentialThinkTimeIsTheInverseOfItsDistributionFunction() {
    ThinkTime t = think(Distribution.EXPONENTIAL, 1000, 10_000);
    assertEquals(0, t.drawMillis(0.0));
    assertEquals(1000, t.drawMillis(1 - Math.exp(-1))); // the mean at u = 1 - 1/e
    assertEquals(693, t.drawMillis(0.5)); // the median: mean x ln 2
    assertEquals(2000, t.drawMillis(1 - Math.exp(-2)));
  }

  @Test
  void thinkTimeIsCappedAtItsMax() {
    assertEquals(10_000, think(Distribution.EXPONENTIAL, 1000, 10_000).drawMillis(0.99999)); // uncapped: 11 513 ms
    assertEquals(9210, think(Distribution.EXPONENTIAL, 1000, 10_000).drawMillis(0.9999)); // under the cap
    assertEquals(2000, think(Distribution.CONSTANT, 5000, 2000).drawMillis(0.5));
    assertEquals(1200, think(Distribution.UNIFORM, 1000, 1200).drawMillis(0.75));
    assertEquals(0, think(Distribution.EXPONENTIAL, 1000, 0).drawMillis(0.5));
  }

  @Test
  void teacherWeightsAllZeroAreRefused() {
    assertEquals("firstbell.population.teacher-methods weights are all 0; give at least one a positive weight",
        failure("teacher-methods { portal = 0, app-initiated = 0, app-initiated-warm = 0 }"));
  }

  @Test
  void negativeTeacherWeightIsRefusedNamingTheKey() {
    assertEquals("firstbell.population.teacher-methods.app-initiated is -1.0 but must not be negative", failure("teacher-methods.app-initiated = -1"));
    assertEquals("firstbell.population.teacher-methods.portal is -0.5 but must not be negative", failure("teacher-methods.portal = -0.5"));
  }

  @Test
  void sharesAboveOneAreRefused() {
    assertEquals("firstbell.population.student-share is 1.5 but must be between 0 and 1", failure("student-share = 1.5"));
    assertEquals("firstbell.population.mistype-share is 2.0 but must be between 0 and 1", failure("mistype-share = 2"));
  }

  @Test
  void unknownDistributionIsRefusedListingTheChoices() {
    assertEquals("firstbell.population.think-time.distribution is 'gaussian' but must be one of: none, constant, uniform, exponential",
        failure("think-time.distribution = gaussian"));
  }

  @Test
  void negativeThinkTimeIsRefused() {
    assertEquals("firstbell.population.think-time.mean is PT-1S but must not be negative", failure("think-time.mean = -1s"));
  }

  @Test
  void describeSpellsOutTheDefaults() {
    assertEquals("90% students (badge users by badge, the rest through the portal), teachers portal 6 : app-initiated 3 :"
            + " app-initiated with a portal session 1, 3.0% mistype once, exponential think time, mean 1000 ms, max 10000 ms",
        PopulationSettings.from(FirstBellConfig.withOverrides("")).describe());
  }

  @Test
  void describeKeepsFractionalWeightsAndSaysWhenThereIsNoThinkTime() {
    assertEquals("75% students (badge users by badge, the rest through the portal), teachers portal 2.5 : app-initiated 0 :"
            + " app-initiated with a portal session 1, 0.5% mistype once, no think time",
        population("student-share = 0.75, teacher-methods.portal = 2.5, teacher-methods.app-initiated = 0, mistype-share = 0.005,"
            + " think-time.distribution = none").describe());
  }
}
