package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

  // --- userinfo -----------------------------------------------------------------------------------

  private static OidcClient userinfo(String claim, String column) {
    return new OidcClient("https://sso.example.org", "portal", "s3cret", "https://portal.example.org/cb",
        io.firstbell.target.ClientAuth.CLIENT_SECRET_BASIC, true, OidcClient.DEFAULT_CLOCK_SKEW, claim, column);
  }

  @Test
  void userinfoNamesTheUserByPreferredUsernameUnlessToldOtherwise() {
    assertNull(CLIENT.userinfoFailure("{\"preferred_username\":\"alice\",\"sub\":\"42\"}", "alice"));
    assertEquals("username", CLIENT.userinfoAttribute());
    assertEquals("the userinfo preferred_username is 'bob', not the username 'alice' of the credentials",
        CLIENT.userinfoFailure("{\"preferred_username\":\"bob\"}", "alice"));
  }

  @Test
  void anyClaimCanBeComparedWithAnyCredentialsColumnButThePassword() {
    OidcClient byEmail = userinfo("email", "username");
    assertNull(byEmail.userinfoFailure("{\"email\":\"alice@school.example\"}", "alice@school.example"));
    OidcClient byDistrict = userinfo("district_id", "district");
    assertEquals("district", byDistrict.userinfoAttribute());
    assertNull(byDistrict.userinfoFailure("{\"district_id\":7}", "7"));
    assertEquals("userType", userinfo("role", "user_type").userinfoAttribute());
    assertThrows(IllegalArgumentException.class, () -> userinfo("sub", "password"));
    assertThrows(IllegalArgumentException.class, () -> userinfo(" ", "username"));
  }

  @Test
  void aMissingClaimOrABodyThatIsNotAJsonObjectIsAFailure() {
    assertEquals("the userinfo response has no email claim", userinfo("email", "username").userinfoFailure("{\"sub\":\"a\"}", "a"));
    assertEquals("the userinfo response has no email claim", userinfo("email", "username").userinfoFailure("{\"email\":null}", "a"));
    assertEquals("the userinfo email claim is not a single value",
        userinfo("email", "username").userinfoFailure("{\"email\":[\"a\"]}", "a"));
    assertEquals("the userinfo response is not JSON", CLIENT.userinfoFailure("<html>", "a"));
    assertEquals("the userinfo response is not a JSON object", CLIENT.userinfoFailure("[]", "a"));
  }

  @Test
  void theRedirectUriIsReachedAtItsSchemeHostPortAndPathWhateverTheQuery() {
    assertTrue(OidcClient.sameEndpoint("https://school.example/cb?code=1&state=2", "https://school.example/cb"));
    assertTrue(OidcClient.sameEndpoint("https://SCHOOL.example:443/cb?code=1", "https://school.example/cb?app=math"));
    assertTrue(OidcClient.sameEndpoint("http://127.0.0.1/", "http://127.0.0.1"));
    assertFalse(OidcClient.sameEndpoint("https://school.example/cb2?code=1", "https://school.example/cb"));
    assertFalse(OidcClient.sameEndpoint("https://school.example/auth/realms/k12/login", "https://school.example/"));
    assertFalse(OidcClient.sameEndpoint("http://school.example/cb", "https://school.example/cb"));
    assertFalse(OidcClient.sameEndpoint("https://school.example:8443/cb", "https://school.example/cb"));
    assertFalse(OidcClient.sameEndpoint("not a url", "https://school.example/cb"));
  }
}
