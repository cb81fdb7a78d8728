package io.firstbell.stack.oauth;

import static io.firstbell.stack.TestStacks.assertOAuthError;
import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.json;
import static io.firstbell.stack.TestStacks.query;
import static io.firstbell.stack.TestStacks.sampleAppBasic;
import static io.firstbell.stack.TestStacks.tokenRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PKCE (RFC 7636, S256 only) at the authorization and token endpoints, and the public client that
 * authenticates its token requests by the code_verifier alone.
 */
class PkceTest {

  /** RFC 7636 Appendix B: the example code_verifier and its S256 code_challenge. */
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  private static final String S256 = "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256";

  private static final String PUBLIC_CLIENT_ID = "firstbell-public-app";
  private static final String PUBLIC_CLIENT_NAME = "FirstBell Sample App (public client)";

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().with("firstbell.stack.public-client.enabled = on");

  private Browser browser;
  private User student;

  @BeforeEach
  void logIn(ReferenceStack stack) {
    browser = new Browser();
    student = TestStacks.passwordStudent(stack, 0);
    TestStacks.loggedIn(browser, stack, student);
  }

  private static String publicRedirectUri(ReferenceStack stack) {
    return stack.appUrl("/apps/" + PUBLIC_CLIENT_ID + "/oauth/callback");
  }

  /** @return the query of the redirect an authorization request for {@code clientId} answered, asserting it goes to {@code redirectUri} */
  private Map<String, String> authorize(ReferenceStack stack, String clientId, String redirectUri, String extra) {
    HttpResponse<String> r = browser.get(stack.portalUrl("/oauth/authorize?response_type=code&client_id=" + clientId
        + "&redirect_uri=" + Browser.encode(redirectUri) + "&state=s1" + extra));
    assertEquals(302, r.statusCode(), r::body);
    URI location = Browser.location(r);
    assertEquals(URI.create(redirectUri).getPath(), location.getPath());
    return query(location);
  }

  /** @return the query of the sample app's authorization redirect */
  private Map<String, String> authorizeSample(ReferenceStack stack, String extra) {
    return authorize(stack, TestStacks.SAMPLE_CLIENT_ID, stack.appUrl("/oauth/callback"), extra);
  }

  /** Asserts an RFC 6749 section 4.1.2.1 invalid_request redirect that hands the state back and carries no code. */
  private static void assertInvalidRequest(Map<String, String> callback, String description) {
    assertEquals(Map.of("error", "invalid_request", "error_description", description, "state", "s1"), callback);
  }

  private static Map<String, String> grant(String code, String redirectUri, String verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    if (verifier != null) form.put("code_verifier", verifier);
    return form;
  }

  private static HttpResponse<String> redeemSample(ReferenceStack stack, String code, String verifier) {
    return tokenRequest(stack, grant(code, stack.appUrl("/oauth/callback"), verifier), sampleAppBasic());
  }

  private static HttpResponse<String> redeemPublic(ReferenceStack stack, String code, String verifier) {
    Map<String, String> form = grant(code, publicRedirectUri(stack), verifier);
    form.put("client_id", PUBLIC_CLIENT_ID);
    return tokenRequest(stack, form, null);
  }

  private static void assertToken(ReferenceStack stack, HttpResponse<String> response, User user) {
    assertEquals(200, response.statusCode(), response::body);
    HttpResponse<String> me = TestStacks.getWith(stack, "/v3.0/me", "Bearer " + json(response).path("access_token").asText());
    assertEquals(200, me.statusCode(), me::body);
    assertEquals(user.username(), json(me).path("data").path("username").asText());
  }

  // ---- the S256 transformation and discovery -----------------------------------------------

  @Test
  void s256OfTheRfcAppendixBVerifierIsItsChallenge() {
    assertEquals(CHALLENGE, Pkce.s256(VERIFIER));
    assertTrue(Pkce.matches(VERIFIER, CHALLENGE));
    assertTrue(Pkce.isValidVerifier(VERIFIER));
    assertTrue(Pkce.isValidChallenge(CHALLENGE));
  }

  @Test
  void discoveryAdvertisesS256AsTheOnlyChallengeMethodAndNoneForThePublicClient(ReferenceStack stack) {
    JsonNode doc = json(new Browser().get(stack.portalUrl("/.well-known/openid-configuration")));
    assertEquals(List.of("S256"), strings(doc.path("code_challenge_methods_supported")));
    assertEquals(List.of("client_secret_basic", "client_secret_post", "none"), strings(doc.path("token_endpoint_auth_methods_supported")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---- authorization endpoint (RFC 7636 section 4.4.1: invalid_request on the redirect) -----------

  @Test
  void s256CodeRedeemedWithTheRfcAppendixBVerifierBuysAWorkingToken(ReferenceStack stack) {
    Map<String, String> callback = authorizeSample(stack, S256);
    assertEquals("s1", callback.get("state"));
    assertToken(stack, redeemSample(stack, callback.get("code"), VERIFIER), student);
  }

  @Test
  void plainChallengeMethodIsInvalidRequest(ReferenceStack stack) {
    assertInvalidRequest(authorizeSample(stack, "&code_challenge=" + VERIFIER + "&code_challenge_method=plain"),
        "code_challenge_method 'plain' is not supported; only S256 is");
  }

  @Test
  void challengeWithoutMethodMeansPlainAndIsInvalidRequest(ReferenceStack stack) {
    assertInvalidRequest(authorizeSample(stack, "&code_challenge=" + CHALLENGE),
        "code_challenge_method is missing, which means plain; only S256 is supported");
  }

  @Test
  void methodWithoutChallengeIsInvalidRequest(ReferenceStack stack) {
    assertInvalidRequest(authorizeSample(stack, "&code_challenge_method=S256"), "code_challenge_method was sent without a code_challenge");
  }

  @Test
  void challengeNotOf43To128Base64urlCharactersIsInvalidRequest(ReferenceStack stack) {
    String description = "code_challenge must be 43 to 128 characters of the base64url alphabet";
    for (String challenge : List.of(CHALLENGE.substring(0, 42), "A".repeat(129), CHALLENGE.substring(0, 42) + "=", CHALLENGE.substring(0, 42) + "~", "")) {
      assertInvalidRequest(authorizeSample(stack, "&code_challenge=" + Browser.encode(challenge) + "&code_challenge_method=S256"), description);
    }
    assertFalse(authorizeSample(stack, "&code_challenge=" + "A".repeat(128) + "&code_challenge_method=S256").get("code").isBlank(),
        "128 characters is the longest challenge allowed");
  }

  @Test
  void pkceRequiredClientRefusesAnAuthorizationRequestWithoutAChallenge(ReferenceStack stack) {
    assertInvalidRequest(authorize(stack, PUBLIC_CLIENT_ID, publicRedirectUri(stack), ""),
        PUBLIC_CLIENT_NAME + " requires PKCE: code_challenge and code_challenge_method=S256 are required");
  }

  @Test
  void pkceRequiredClientRefusesAnInstantLogin(ReferenceStack stack) {
    HttpResponse<String> r = browser.get(stack.portalUrl("/instant-login?client_id=" + PUBLIC_CLIENT_ID));
    assertReason(r, 400, PUBLIC_CLIENT_NAME + " requires PKCE: start the login at the app.");
    assertNull(r.headers().firstValue("Location").orElse(null));
  }

  // ---- token endpoint (RFC 7636 section 4.6: invalid_grant when the verifier does not prove the code) ----

  @Test
  void wrongVerifierIsInvalidGrantAndSpendsTheCode(ReferenceStack stack) {
    String code = authorizeSample(stack, S256).get("code");
    assertOAuthError(redeemSample(stack, code, "A".repeat(43)), 400, "invalid_grant", "code_verifier does not match the code_challenge.");
    assertOAuthError(redeemSample(stack, code, VERIFIER), 400, "invalid_grant", "The authorization code has already been used.");
  }

  @Test
  void missingVerifierForAPkceCodeIsInvalidGrant(ReferenceStack stack) {
    String code = authorizeSample(stack, S256).get("code");
    assertOAuthError(redeemSample(stack, code, null), 400, "invalid_grant",
        "code_verifier is required: the authorization request carried a code_challenge.");
  }

  @Test
  void verifierTooShortTooLongOrWithCharactersOutsideTheUnreservedSetIsInvalidRequestAndLeavesTheCodeRedeemable(ReferenceStack stack) {
    String code = authorizeSample(stack, S256).get("code");
    String description = "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.";
    for (String verifier : List.of(VERIFIER.substring(0, 42), VERIFIER + "a".repeat(86), VERIFIER.substring(0, 42) + "+", VERIFIER.substring(0, 42) + "/", "")) {
      assertOAuthError(redeemSample(stack, code, verifier), 400, "invalid_request", description);
    }
    assertToken(stack, redeemSample(stack, code, VERIFIER), student);
  }

  @Test
  void verifierForACodeIssuedWithoutAChallengeIsInvalidGrant(ReferenceStack stack) {
    String code = authorizeSample(stack, "").get("code");
    assertOAuthError(redeemSample(stack, code, VERIFIER), 400, "invalid_grant",
        "code_verifier was sent, but the authorization request carried no code_challenge.");
  }

  // ---- the public client ------------------------------------------------------------------

  @Test
  void publicClientTokenRequestWithoutASecretIsAcceptedWithAValidVerifier(ReferenceStack stack) {
    String code = authorize(stack, PUBLIC_CLIENT_ID, publicRedirectUri(stack), S256).get("code");
    assertToken(stack, redeemPublic(stack, code, VERIFIER), student);
  }

  @Test
  void publicClientTokenRequestWithoutAVerifierIsInvalidGrant(ReferenceStack stack) {
    String code = authorize(stack, PUBLIC_CLIENT_ID, publicRedirectUri(stack), S256).get("code");
    assertOAuthError(redeemPublic(stack, code, null), 400, "invalid_grant",
        "code_verifier is required: the authorization request carried a code_challenge.");
  }

  @Test
  void publicClientTokenRequestWithAWrongVerifierIsInvalidGrant(ReferenceStack stack) {
    String code = authorize(stack, PUBLIC_CLIENT_ID, publicRedirectUri(stack), S256).get("code");
    assertOAuthError(redeemPublic(stack, code, "A".repeat(43)), 400, "invalid_grant", "code_verifier does not match the code_challenge.");
  }

  @Test
  void publicClientPresentingASecretOrNoClientIdIsInvalidClient(ReferenceStack stack) {
    String code = authorize(stack, PUBLIC_CLIENT_ID, publicRedirectUri(stack), S256).get("code");
    Map<String, String> withSecret = grant(code, publicRedirectUri(stack), VERIFIER);
    withSecret.put("client_id", PUBLIC_CLIENT_ID);
    withSecret.put("client_secret", "");
    assertOAuthError(tokenRequest(stack, withSecret, null), 401, "invalid_client", "Client authentication failed.");
    assertOAuthError(tokenRequest(stack, grant(code, publicRedirectUri(stack), VERIFIER), TestStacks.basic(PUBLIC_CLIENT_ID, "")),
        401, "invalid_client", "Client authentication failed.");
    assertOAuthError(tokenRequest(stack, grant(code, publicRedirectUri(stack), VERIFIER), null), 401, "invalid_client", "Client authentication failed.");
    // none of these spent the code
    assertToken(stack, redeemPublic(stack, code, VERIFIER), student);
  }

  @Test
  void confidentialClientNamedOnlyByClientIdIsStillInvalidClient(ReferenceStack stack) {
    String code = authorizeSample(stack, S256).get("code");
    Map<String, String> form = grant(code, stack.appUrl("/oauth/callback"), VERIFIER);
    form.put("client_id", TestStacks.SAMPLE_CLIENT_ID);
    assertOAuthError(tokenRequest(stack, form, null), 401, "invalid_client", "Client authentication failed.");
  }

  @Test
  void sampleAppLogsInAsThePublicClientWithAnS256Challenge(ReferenceStack stack) {
    HttpResponse<String> start = browser.get(stack.appUrl("/apps/" + PUBLIC_CLIENT_ID + "/login"));
    assertEquals(302, start.statusCode(), start::body);
    Map<String, String> request = query(Browser.location(start));
    assertEquals(PUBLIC_CLIENT_ID, request.get("client_id"));
    assertEquals("S256", request.get("code_challenge_method"));
    String verifier = browser.cookie(stack.appUrl("/"), "app_pkce_firstbell_public_app").orElseThrow();
    assertEquals(Pkce.s256(verifier), request.get("code_challenge"));

    HttpResponse<String> toCallback = browser.follow(start);
    assertEquals(302, toCallback.statusCode(), toCallback::body);
    TestStacks.assertWelcomes(browser.follow(toCallback), student);
  }
}
