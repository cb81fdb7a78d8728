package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Where the provider's redirects end: the client's redirect URI, with the state the login sent, or the login fails. */
class OidcClientTest {

  private static final OidcClient CLIENT = new OidcClient("https://sso.example.org", "portal", "s3cret", "https://portal.example.org/cb",
      io.firstbell.target.ClientAuth.CLIENT_SECRET_BASIC);
  private static final String SENT = "5f0c2b9e-7d1a-4c3e-9b8f-1a2b3c4d5e6f";

  @Test
  void theRedirectUriWithTheStateSentIsAccepted() {
    assertNull(CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc&state=" + SENT));
    assertNull(CLIENT.returnFailure(SENT, "https://portal.example.org/cb?state=" + SENT + "&code=abc&session_state=x"));
  }

  @Test
  void aStateOtherThanTheOneSentIsAStateMismatch() {
    assertEquals("oidc-state-mismatch", CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc&state=someone-else"));
  }

  @Test
  void anEmptyStateIsAStateMismatch() {
    assertEquals("oidc-state-mismatch", CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc&state="));
  }

  @Test
  void aStateThatDiffersOnlyInCaseIsAStateMismatch() {
    assertEquals("oidc-state-mismatch", CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc&state=" + SENT.toUpperCase()));
  }

  @Test
  void noStateIsStateMissing() {
    assertEquals("oidc-state-missing", CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc"));
    assertEquals("oidc-state-missing", CLIENT.returnFailure(SENT, "https://portal.example.org/cb"));
    assertEquals("oidc-state-missing", CLIENT.returnFailure(SENT, "https://portal.example.org/cb?code=abc&session_state=" + SENT));
  }

  @Test
  void theStateIsComparedDecoded() {
    assertNull(CLIENT.returnFailure("a b/c", "https://portal.example.org/cb?code=abc&state=a%20b%2Fc"));
  }

  @Test
  void redirectsThatEndElsewhereNeverReachedTheRedirectUri() {
    assertEquals("oidc-redirect-uri-not-reached", CLIENT.returnFailure(SENT, "https://sso.example.org/login?state=" + SENT));
  }
}
