package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafetyTest {

  private static final Safety DEFAULTS = Safety.from(FirstBellConfig.withOverrides(""));

  @Test
  void theDefaultCeilingsAreTheDocumentedOnes() {
    assertEquals(new Safety(200, Duration.ofHours(2), 1_500_000), DEFAULTS);
  }

  @Test
  void aPlanWithinTheCeilingsPasses() {
    DEFAULTS.check("The load", 120, Duration.ofMinutes(5), 36_000);
  }

  @Test
  void aPlanAboveARateADurationOrACountIsRefusedWithItsNumbersAndTheKey() {
    assertEquals("The breaking-point search would offer 500 logins/s at its peak, above firstbell.safety.max-rate (200): shorten or lower the "
        + "load, or raise firstbell.safety.max-rate if the target can take it; no load was sent",
        assertThrows(SettingsException.class, () -> DEFAULTS.check("The breaking-point search", 500, Duration.ofMinutes(5), 1_000)).getMessage());
    assertEquals("The load would run 10800 s, longer than firstbell.safety.max-duration (7200 s): shorten or lower the load, or raise "
        + "firstbell.safety.max-duration if the target can take it; no load was sent",
        assertThrows(SettingsException.class, () -> DEFAULTS.check("The load", 100, Duration.ofHours(3), 1_000)).getMessage());
    assertEquals("The load would start 1,620,000 logins, more than firstbell.safety.max-logins (1,500,000): shorten or lower the load, or raise "
        + "firstbell.safety.max-logins if the target can take it; no load was sent",
        assertThrows(SettingsException.class, () -> DEFAULTS.check("The load", 150, Duration.ofHours(2).plusMinutes(0), 1_620_000)).getMessage());
  }
}
