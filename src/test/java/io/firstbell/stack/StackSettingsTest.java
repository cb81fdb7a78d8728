package io.firstbell.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import org.junit.jupiter.api.Test;

/** The bounds on sessions, codes and access tokens: their defaults, and what is refused. */
class StackSettingsTest {

  @Test
  void defaultsBoundSessionsCodesAndAccessTokens() {
    StackSettings s = StackSettings.from(FirstBellConfig.withOverrides(""));

    assertEquals(500_000, s.maxSessions());
    assertEquals(50_000, s.maxCodes());
    assertEquals(250_000, s.maxAccessTokens());
  }

  @Test
  void aMaximumBelowOneIsRefusedNamingItsKey() {
    for (String key : new String[] {"sessions.max", "codes.max", "access-tokens.max"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> StackSettings.from(FirstBellConfig.withOverrides("firstbell.stack." + key + " = 0")));
      assertEquals("firstbell.stack." + key + " is 0 but must be at least 1", e.getMessage());
    }
  }

  @Test
  void thePublicClientIsOffByDefault() {
    StackSettings s = StackSettings.from(FirstBellConfig.withOverrides(""));

    assertEquals(false, s.publicClient());
    assertEquals("firstbell-public-app", s.publicClientId());
  }

  @Test
  void aPublicClientIdThatIsTheSampleAppsOrNoPathSegmentIsRefused() {
    for (String id : new String[] {"firstbell-sample-app", "a/b"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> StackSettings.from(FirstBellConfig.withOverrides("firstbell.stack.public-client.client-id = \"" + id + "\"")));
      assertEquals("firstbell.stack.public-client.client-id is '" + id
          + "'; use letters, digits, '.', '_' and '-', and a different id than firstbell.stack.app.client-id", e.getMessage());
    }
  }

  @Test
  void aMaximumThatIsNoNumberIsRefusedNamingItsKey() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> StackSettings.from(FirstBellConfig.withOverrides("firstbell.stack.sessions.max = lots")));
    assertEquals(true, e.getMessage().startsWith("firstbell.stack.sessions.max must be a whole number"), e.getMessage());
  }
}
