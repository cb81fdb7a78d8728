package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The service level objective: share of logins that succeed and the p95 login time. */
class SloSettingsTest {

  private static SloSettings slo(String overrides) {
    return SloSettings.from(FirstBellConfig.withOverrides("firstbell.slo { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> slo(overrides)).getMessage();
  }

  @Test
  void defaultsAreNinetyNinePercentSuccessAndTwoSecondP95() {
    assertEquals(new SloSettings(0.99, Duration.ofSeconds(2)), SloSettings.from(FirstBellConfig.withOverrides("")));
  }

  @Test
  void overridesAreRead() {
    assertEquals(new SloSettings(0.95, Duration.ofMillis(750)), slo("success-ratio = 0.95, p95-login = 750ms"));
  }

  @Test
  void describeStatesBothObjectives() {
    assertEquals("success >= 99.0% and p95 login <= 2000 ms", SloSettings.from(FirstBellConfig.withOverrides("")).describe());
    assertEquals("success >= 99.5% and p95 login <= 750 ms", slo("success-ratio = 0.995, p95-login = 750ms").describe());
  }

  @Test
  void successRatioAboveOneIsRefused() {
    assertEquals("firstbell.slo.success-ratio is 1.5 but must be between 0 and 1", failure("success-ratio = 1.5"));
  }

  @Test
  void zeroP95IsRefused() {
    assertEquals("firstbell.slo.p95-login is PT0S but must be a positive duration such as 10s", failure("p95-login = 0ms"));
  }
}
