package io.firstbell.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Whether and where an injector serves its live metrics: off by default, and a bad port or address refused before any load. */
class MetricsSettingsTest {

  private static MetricsSettings metrics(String overrides) {
    return MetricsSettings.from(FirstBellConfig.withOverrides("firstbell.metrics { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> metrics(overrides)).getMessage();
  }

  @Test
  void byDefaultMetricsAreOffAndWouldListenOnLoopbackPort9404AndStopAtOnce() {
    MetricsSettings s = metrics("");
    assertEquals(new MetricsSettings(false, 9404, "127.0.0.1", Duration.ZERO), s);
    assertEquals("off", s.describe());
  }

  @Test
  void aPodListensOnEveryInterfaceAndPortZeroTakesAnyFreePort() {
    assertEquals(new MetricsSettings(true, 0, "0.0.0.0", Duration.ZERO), metrics("enabled = on, port = 0, bind = \"0.0.0.0\""));
    assertEquals("http://0.0.0.0:0/metrics", metrics("enabled = on, port = 0, bind = \"0.0.0.0\"").describe());
    assertEquals("::", metrics("bind = \"::\"").bind());
    assertEquals("http://[::1]:9404/metrics", metrics("enabled = on, bind = \"::1\"").describe());
    assertEquals("localhost", metrics("bind = localhost").bind());
    assertEquals(65535, metrics("port = 65535").port());
  }

  @Test
  void aPortOutsideZeroTo65535IsRefusedNamingTheKey() {
    assertEquals("firstbell.metrics.port is -1 but must be at least 0", failure("port = -1"));
    assertEquals("firstbell.metrics.port is 70000 but must be at most 65535", failure("port = 70000"));
  }

  @Test
  void aBindThatIsNotAnAddressIsRefusedWithTheAddressesToUse() {
    String fix = "' but must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface, what a pod needs"
        + " to be scraped), an IPv6 address such as ::1, or localhost";
    assertEquals("firstbell.metrics.bind is 'metrics.example.org" + fix, failure("bind = \"metrics.example.org\""));
    assertEquals("firstbell.metrics.bind is '256.0.0.1" + fix, failure("bind = \"256.0.0.1\""));
    assertEquals("firstbell.metrics.bind is '1:2:3:zz" + fix, failure("bind = \"1:2:3:zz\""));
    assertEquals("firstbell.metrics.bind must not be empty", failure("bind = \"\""));
  }

  @Test
  void theLingerIsADurationThatMustNotBeNegative() {
    assertEquals(Duration.ofSeconds(15), metrics("linger = 15s").linger());
    assertEquals("firstbell.metrics.linger is PT-1S but must not be negative", failure("linger = -1s"));
  }

  @Test
  void enabledMustBeOnOrOff() {
    String message = failure("enabled = sometimes");
    assertEquals(true, message.contains("firstbell.metrics.enabled"), message);
  }
}
