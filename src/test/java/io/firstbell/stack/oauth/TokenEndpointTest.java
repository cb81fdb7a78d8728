package io.firstbell.stack.oauth;

import static io.firstbell.stack.TestStacks.assertOAuthError;
import static io.firstbell.stack.TestStacks.json;
import static io.firstbell.stack.TestStacks.sampleAppBasic;
import static io.firstbell.stack.TestStacks.tokenRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.Browser;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /oauth/tokens: client authentication, body formats, and RFC 6749 errors for every way a code can be wrong. */
class TokenEndpointTest {

  private static final String NEITHER_JSON_NOR_FORM = "The body must be a JSON object or a form (application/x-www-form-urlencoded).";

  /** Follows real time; tests move it past session, code and token lifetimes. */
  private static final MutableClock clock = MutableClock.runningFromNow();

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().clock(clock);

  private Browser browser;

  @BeforeEach
  void logIn(ReferenceStack stack) {
    browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 0));
  }

  /** @return a fresh code from an instant login (issued without a redirect_uri) */
  private String instantCode(ReferenceStack stack) {
    HttpResponse<String> r = browser.get(stack.portalUrl("/instant-login?client_id=" + TestStacks.SAMPLE_CLIENT_ID));
    assertEquals(302, r.statusCode(), r::body);
    return TestStacks.query(Browser.location(r)).get("code");
  }

  private static Map<String, String> grant(String code) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    return form;
  }

  private static HttpResponse<String> me(ReferenceStack stack, String accessToken) {
    return TestStacks.getWith(stack, "/v3.0/me", "Bearer " + accessToken);
  }

  @Test
  void codeBuysABearerTokenThatIsNeverCached(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, grant(instantCode(stack)), sampleAppBasic());

    assertEquals(200, r.statusCode(), r::body);
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("no-cache", r.headers().firstValue("Pragma").orElse(null));
    JsonNode body = json(r);
    assertFalse(body.path("access_token").asText("").isBlank());
    assertEquals("bearer", body.path("token_type").asText());
    assertEquals(3600, body.path("expires_in").asLong());
    assertFalse(body.has("id_token"), "no id_token without the openid scope");
    assertFalse(body.has("scope"), "an instant login asks for no scope");
    assertEquals(200, me(stack, body.path("access_token").asText()).statusCode());
  }

  @Test
  void reusedCodeIsInvalidGrantAndRevokesTheTokenItBought(ReferenceStack stack) {
    String code = instantCode(stack);
    HttpResponse<String> first = tokenRequest(stack, grant(code), sampleAppBasic());
    assertEquals(200, first.statusCode(), first::body);
    String token = json(first).path("access_token").asText();

    HttpResponse<String> second = tokenRequest(stack, grant(code), sampleAppBasic());

    assertOAuthError(second, 400, "invalid_grant", "The authorization code has already been used.");
    assertOAuthError(me(stack, token), 401, "invalid_token", "The access token is invalid or has expired.");
  }

  @Test
  void codeOlderThanItsSixtySecondTtlHasExpired(ReferenceStack stack) {
    String code = instantCode(stack);
    clock.advance(Duration.ofSeconds(61));

    assertOAuthError(tokenRequest(stack, grant(code), sampleAppBasic()), 400, "invalid_grant", "The authorization code has expired.");
  }

  @Test
  void codeJustInsideItsTtlStillWorks(ReferenceStack stack) {
    String code = instantCode(stack);
    clock.advance(Duration.ofSeconds(59));

    assertEquals(200, tokenRequest(stack, grant(code), sampleAppBasic()).statusCode());
  }

  @Test
  void unknownCodeIsInvalidGrant(ReferenceStack stack) {
    assertOAuthError(tokenRequest(stack, grant("not-a-code"), sampleAppBasic()), 400, "invalid_grant",
        "The authorization code is not valid.");
  }

  @Test
  void codeIssuedToAnotherClientIsInvalidGrant(ReferenceStack stack) {
    Client other = stack.clients().find("app-mathquest").orElseThrow();

    HttpResponse<String> r = tokenRequest(stack, grant(instantCode(stack)), TestStacks.basic(other.clientId(), other.secret()));

    assertOAuthError(r, 400, "invalid_grant", "The authorization code was issued to another client.");
  }

  @Test
  void wrongClientSecretIsInvalidClientWithABasicChallenge(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, grant(instantCode(stack)), TestStacks.basic(TestStacks.SAMPLE_CLIENT_ID, "wrong-secret"));

    assertOAuthError(r, 401, "invalid_client", "Client authentication failed.");
    assertEquals("Basic realm=\"firstbell\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  void unknownClientIsInvalidClient(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, grant(instantCode(stack)), TestStacks.basic("nope", "sample-app-secret"));
    assertOAuthError(r, 401, "invalid_client", "Client authentication failed.");
  }

  @Test
  void missingClientAuthenticationIsInvalidClient(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, grant(instantCode(stack)), null);

    assertOAuthError(r, 401, "invalid_client", "Client authentication failed.");
    assertEquals("Basic realm=\"firstbell\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  void basicAndFormAuthenticationTogetherIsInvalidRequest(ReferenceStack stack) {
    Map<String, String> form = grant(instantCode(stack));
    form.put("client_id", TestStacks.SAMPLE_CLIENT_ID);
    form.put("client_secret", TestStacks.SAMPLE_CLIENT_SECRET);

    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "invalid_request",
        "Authenticate the client with HTTP Basic or client_id and client_secret, not both.");
  }

  @Test
  void jsonBodyIsAcceptedLikeAForm(ReferenceStack stack) {
    String body = "{\"grant_type\":\"authorization_code\",\"code\":\"" + instantCode(stack) + "\"}";

    HttpResponse<String> r = tokenRequest(stack, "application/json; charset=utf-8", body, sampleAppBasic());

    assertEquals(200, r.statusCode(), r::body);
    assertFalse(json(r).path("access_token").asText("").isBlank());
  }

  @Test
  void malformedJsonIsInvalidRequest(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, "application/json", "{\"grant_type\": \"authorization_code\", ", sampleAppBasic());
    assertOAuthError(r, 400, "invalid_request", NEITHER_JSON_NOR_FORM);
  }

  @Test
  void jsonThatIsNotAnObjectIsInvalidRequest(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, "application/json", "[\"authorization_code\"]", sampleAppBasic());
    assertOAuthError(r, 400, "invalid_request", NEITHER_JSON_NOR_FORM);
  }

  @Test
  void plainTextBodyIsInvalidRequest(ReferenceStack stack) {
    HttpResponse<String> r = tokenRequest(stack, "text/plain", "grant_type=authorization_code&code=x", sampleAppBasic());
    assertOAuthError(r, 400, "invalid_request", NEITHER_JSON_NOR_FORM);
  }

  @Test
  void missingGrantTypeIsInvalidRequest(ReferenceStack stack) {
    Map<String, String> form = grant(instantCode(stack));
    form.remove("grant_type");
    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "invalid_request", "grant_type is required.");
  }

  @Test
  void otherGrantTypesAreUnsupported(ReferenceStack stack) {
    Map<String, String> form = grant(instantCode(stack));
    form.put("grant_type", "client_credentials");
    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "unsupported_grant_type",
        "Only grant_type=authorization_code is supported.");
  }

  @Test
  void missingCodeIsInvalidRequest(ReferenceStack stack) {
    Map<String, String> form = grant("");
    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "invalid_request", "code is required.");
  }

  @Test
  void codeFromAnAuthorizationRequestNeedsTheSameRedirectUri(ReferenceStack stack) {
    String code = TestStacks.authorizeCode(browser, stack, "");
    Map<String, String> form = grant(code);
    form.put("redirect_uri", stack.appUrl("/apps/mathquest/oauth/callback"));

    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "invalid_grant",
        "redirect_uri does not match the authorization request.");
  }

  @Test
  void codeFromAnAuthorizationRequestWithoutRedirectUriIsRefused(ReferenceStack stack) {
    String code = TestStacks.authorizeCode(browser, stack, "");
    assertOAuthError(tokenRequest(stack, grant(code), sampleAppBasic()), 400, "invalid_grant",
        "redirect_uri does not match the authorization request.");
  }

  @Test
  void codeFromAnAuthorizationRequestWithItsRedirectUriWorks(ReferenceStack stack) {
    String code = TestStacks.authorizeCode(browser, stack, "&scope=profile");
    Map<String, String> form = grant(code);
    form.put("redirect_uri", stack.appUrl("/oauth/callback"));

    HttpResponse<String> r = tokenRequest(stack, form, sampleAppBasic());

    assertEquals(200, r.statusCode(), r::body);
    assertEquals("profile", json(r).path("scope").asText(), "the granted scope is echoed");
  }

  @Test
  void instantLoginCodeRefusesAnUnregisteredRedirectUri(ReferenceStack stack) {
    Map<String, String> form = grant(instantCode(stack));
    form.put("redirect_uri", "http://evil.example/callback");
    assertOAuthError(tokenRequest(stack, form, sampleAppBasic()), 400, "invalid_grant", "redirect_uri is not registered for this client.");
  }

  @Test
  void instantLoginCodeAcceptsTheRegisteredRedirectUri(ReferenceStack stack) {
    Map<String, String> form = grant(instantCode(stack));
    form.put("redirect_uri", stack.appUrl("/oauth/callback"));
    assertEquals(200, tokenRequest(stack, form, sampleAppBasic()).statusCode());
  }

  @Test
  void refusedCodeCannotBeRetried(ReferenceStack stack) {
    Client other = stack.clients().find("app-mathquest").orElseThrow();
    String code = instantCode(stack);
    assertEquals(400, tokenRequest(stack, grant(code), TestStacks.basic(other.clientId(), other.secret())).statusCode());

    HttpResponse<String> retry = tokenRequest(stack, grant(code), sampleAppBasic());

    assertOAuthError(retry, 400, "invalid_grant", "The authorization code has already been used.");
  }
}
