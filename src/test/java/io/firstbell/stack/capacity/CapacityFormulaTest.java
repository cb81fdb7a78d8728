package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.config.FirstBellConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapacityFormulaTest {

  private static CapacitySettings settings(String overrides) {
    return CapacitySettings.from(FirstBellConfig.withOverrides(overrides));
  }

  @Test
  void theDefaultStackTakesFortyStudentPortalLoginsASecondOnItsTwoInstances() {
    CapacityFormula.Capacity c = CapacityFormula.studentPortalLogins(settings(""), 2);

    assertEquals(Duration.ofMillis(200), c.slotTimePerLogin());
    assertEquals(40.0, c.perSec(), 1e-9);
    assertEquals("slots", c.bottleneck());
  }

  @Test
  void aStudentsMixWithBadgeLoginsIsModelledOnTheMeanSlotTimeOfItsJourneys() {
    // portal 200 ms, badge 20 + 40 + 50 + 30 + 30 + 20 = 190 ms; a quarter by badge: 197.5 ms, 8 slots / 0.1975 s
    assertEquals(40.506, CapacityFormula.studentLogins(settings(""), 2, 0.25).perSec(), 0.001);
    // a slower dashboard slows both journeys: portal 306 ms, badge 296 ms; a quarter by badge: 303.5 ms
    assertEquals(26.359, CapacityFormula.studentLogins(settings("firstbell.stack.capacity.service-times.portal.dashboard = 156ms"), 2, 0.25).perSec(), 0.001);
    // a slower password form slows only the portal journey: 306 ms against 190 ms (mean 277 ms), so the mix runs well above the portal's 26.1
    assertEquals(26.144, CapacityFormula.studentPortalLogins(settings("firstbell.stack.capacity.service-times.portal.login = 156ms"), 2).perSec(), 0.001);
    assertEquals(28.881, CapacityFormula.studentLogins(settings("firstbell.stack.capacity.service-times.portal.login = 156ms"), 2, 0.25).perSec(), 0.001);
  }
}
