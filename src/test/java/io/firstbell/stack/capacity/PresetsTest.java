package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code firstbell.stack.preset}: named capacity settings laid between the overrides and reference.conf. */
class PresetsTest {

  private static final String PRESET = "firstbell.stack.preset";
  private static final String CEILING = "firstbell.stack.capacity.datastore.max-concurrent-reads";

  @AfterEach
  void clearProperties() {
    System.clearProperty(PRESET);
    System.clearProperty(CEILING);
    com.typesafe.config.ConfigFactory.invalidateCaches();
  }

  private static CapacitySettings preset(String name) {
    return CapacitySettings.from(FirstBellConfig.withOverrides(PRESET + " = " + name));
  }

  private static CapacitySettings.AutoscalerSettings autoscaler(boolean enabled, long intervalSeconds, double target,
      int breaches, long provisioningSeconds) {
    return new CapacitySettings.AutoscalerSettings(enabled, 2, 4, Duration.ofSeconds(intervalSeconds), target, breaches,
        Duration.ofSeconds(provisioningSeconds), 0.3, Duration.ofSeconds(60));
  }

  /** Everything a preset may change besides the autoscaler, in one comparable list. */
  private static List<Object> datastoreAndHealth(CapacitySettings s) {
    return List.of(s.datastoreCeiling(), s.sharingLookup(), s.timeouts(), s.healthMode());
  }

  private static final List<Object> HEALTHY_REST =
      List.of(16, CapacitySettings.SharingLookup.EFFICIENT, true, CapacitySettings.HealthMode.TOLERANT);

  @Test
  void everyNamedPresetLoads() {
    assertEquals(List.of("healthy", "fixed", "sluggish", "sensitive", "march-2018"), FirstBellConfig.PRESETS);
    for (String name : FirstBellConfig.PRESETS) {
      CapacitySettings s = preset(name);
      assertTrue(s.enabled(), name);
      assertEquals(2, s.initialInstances(), name);
      assertEquals(4, s.slots(), name);
    }
  }

  @Test
  void healthyIsTheReferenceDefaults() {
    CapacitySettings healthy = preset("healthy");
    assertEquals(CapacitySettings.from(FirstBellConfig.withOverrides("")), healthy);
    assertEquals(autoscaler(true, 2, 0.6, 3, 15), healthy.autoscaler());
    assertEquals(HEALTHY_REST, datastoreAndHealth(healthy));
    assertEquals(Duration.ofSeconds(5), healthy.requestTimeout());
    assertEquals(Duration.ofMillis(20), healthy.serviceTime("portal.login-page"));
    assertEquals(4, healthy.maxInstances());
  }

  @Test
  void fixedTurnsTheAutoscalerOffAndKeepsTheInitialFleet() {
    CapacitySettings fixed = preset("fixed");
    assertEquals(autoscaler(false, 2, 0.6, 3, 15), fixed.autoscaler());
    assertEquals(HEALTHY_REST, datastoreAndHealth(fixed));
    assertEquals(2, fixed.maxInstances());
  }

  @Test
  void sluggishEvaluatesEvery10sNeedsThreeBreachesAndProvisionsIn45s() {
    CapacitySettings sluggish = preset("sluggish");
    assertEquals(autoscaler(true, 10, 0.6, 3, 45), sluggish.autoscaler());
    assertEquals(HEALTHY_REST, datastoreAndHealth(sluggish));
  }

  @Test
  void sensitiveEvaluatesEverySecondOnTwoBreachesAgainstHalfUtilizationAndProvisionsIn5s() {
    CapacitySettings sensitive = preset("sensitive");
    assertEquals(autoscaler(true, 1, 0.5, 2, 5), sensitive.autoscaler());
    assertEquals(HEALTHY_REST, datastoreAndHealth(sensitive));
  }

  @Test
  void march2018IsPerRuleLookupsALowCeilingNoTimeoutsAndStrictHealthChecksOnAFixedFleet() {
    CapacitySettings march = preset("march-2018");
    assertEquals(List.of(4, CapacitySettings.SharingLookup.PER_RULE, false, CapacitySettings.HealthMode.STRICT),
        datastoreAndHealth(march));
    assertFalse(march.autoscaler().enabled());
    assertEquals(2, march.maxInstances());
    assertEquals(Duration.ofMillis(500), march.datastoreWaitTimeout(), "not part of the preset");
  }

  @Test
  void anUnknownPresetIsRejectedWithTheChoices() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides(PRESET + " = march-2019"));
    assertEquals("Configuration key 'firstbell.stack.preset' is 'march-2019' but must be one of "
        + "[healthy, fixed, sluggish, sensitive, march-2018]", e.getMessage());
  }

  @Test
  void anOverrideOnTopOfAPresetWinsOverThePreset() {
    CapacitySettings s = CapacitySettings.from(FirstBellConfig.withOverrides(
        PRESET + " = march-2018\n" + CEILING + " = 8\nfirstbell.stack.capacity.timeouts = on"));
    assertEquals(List.of(8, CapacitySettings.SharingLookup.PER_RULE, true, CapacitySettings.HealthMode.STRICT),
        datastoreAndHealth(s));

    CapacitySettings sensitive = CapacitySettings.from(FirstBellConfig.withOverrides(
        PRESET + " = sensitive\nfirstbell.stack.capacity.autoscaler.breach-periods = 4"));
    assertEquals(autoscaler(true, 1, 0.5, 4, 5), sensitive.autoscaler());
  }

  @Test
  void aSystemPropertyOnTopOfAPresetWinsOverThePreset() {
    System.setProperty(PRESET, "march-2018");
    System.setProperty(CEILING, "8");
    CapacitySettings s = CapacitySettings.from(FirstBellConfig.load());
    assertEquals(List.of(8, CapacitySettings.SharingLookup.PER_RULE, false, CapacitySettings.HealthMode.STRICT),
        datastoreAndHealth(s));
  }
}
