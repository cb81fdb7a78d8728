package io.firstbell.stack;

import static io.firstbell.stack.TestStacks.assertFormError;
import static io.firstbell.stack.TestStacks.assertOAuthError;
import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests no real browser or client would send: each gets a 4xx that says why, never a 500 or a stack trace. */
class MalformedRequestTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  private static String district;

  @BeforeAll
  static void findDistrict(ReferenceStack stack) {
    district = stack.roster().districts().get(0).slug();
  }

  private static Arguments request(String name, Function<ReferenceStack, HttpRequest.Builder> request) {
    return Arguments.of(Named.of(name, request));
  }

  private static HttpRequest.Builder portal(ReferenceStack s, String path) {
    return HttpRequest.newBuilder(URI.create(s.portalUrl(path)));
  }

  private static HttpRequest.Builder tokens(ReferenceStack s, String contentType, String body, String authorization) {
    HttpRequest.Builder b = portal(s, "/oauth/tokens").POST(BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    if (authorization != null) b.header("Authorization", authorization);
    return b;
  }

  static Stream<Arguments> malformedRequests() {
    String form = "application/x-www-form-urlencoded";
    return Stream.of(
        request("POST /oauth/tokens with a text/plain body", s -> tokens(s, "text/plain", "hello", TestStacks.sampleAppBasic())),
        request("POST /oauth/tokens with no content type and no body", s -> tokens(s, null, "", TestStacks.sampleAppBasic())),
        request("POST /oauth/tokens with malformed JSON", s -> tokens(s, "application/json", "{\"code\":", TestStacks.sampleAppBasic())),
        request("POST /oauth/tokens with JSON objects for values",
            s -> tokens(s, "application/json", "{\"grant_type\":{\"a\":1},\"code\":[1]}", TestStacks.sampleAppBasic())),
        request("POST /oauth/tokens with malformed percent-escapes in the form",
            s -> tokens(s, form, "grant_type=%zz&code=%", TestStacks.sampleAppBasic())),
        request("POST /oauth/tokens with Basic credentials that are not base64",
            s -> tokens(s, form, "grant_type=authorization_code&code=x", "Basic !!!not-base64!!!")),
        request("POST /oauth/tokens with Basic credentials without a colon",
            s -> tokens(s, form, "grant_type=authorization_code&code=x",
                "Basic " + Base64.getEncoder().encodeToString("firstbell-sample-app".getBytes(StandardCharsets.UTF_8)))),
        request("POST /oauth/tokens with an empty Basic header", s -> tokens(s, form, "grant_type=authorization_code&code=x", "Basic ")),
        request("GET /oauth/tokens", s -> portal(s, "/oauth/tokens").GET()),
        request("DELETE /oauth/tokens", s -> portal(s, "/oauth/tokens").DELETE()),
        request("GET /oauth/authorize with no parameters", s -> portal(s, "/oauth/authorize").GET()),
        request("GET /oauth/authorize with empty parameters", s -> portal(s, "/oauth/authorize?client_id=&redirect_uri=&response_type=").GET()),
        request("POST /in/{district} with an empty body", s -> portal(s, "/in/" + district).POST(BodyPublishers.noBody())),
        request("POST /in/{district} with a JSON body",
            s -> portal(s, "/in/" + district).header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"_csrf\":\"x\"}"))),
        request("POST /login with an empty body", s -> portal(s, "/login").POST(BodyPublishers.noBody())),
        request("POST /badges with an empty body", s -> portal(s, "/badges").POST(BodyPublishers.noBody())),
        request("GET /instant-login without client_id", s -> portal(s, "/instant-login").GET()),
        request("GET /instant-login with an unknown client_id", s -> portal(s, "/instant-login?client_id=%3Cscript%3E").GET()),
        request("GET a path that does not exist", s -> portal(s, "/does-not-exist").GET()),
        request("GET a path with a trailing dot-dot", s -> portal(s, "/in/..").GET()),
        request("PUT /home", s -> portal(s, "/home").PUT(BodyPublishers.ofString("x"))),
        request("DELETE /in/{district}", s -> portal(s, "/in/" + district).DELETE()),
        request("GET /v3.0/me with an empty bearer token", s -> portal(s, "/v3.0/me").header("Authorization", "Bearer ").GET()),
        request("GET /v3.0/me with a 4 kB bearer token", s -> portal(s, "/v3.0/me").header("Authorization", "Bearer " + "A".repeat(4096)).GET()),
        request("GET /userinfo with a Basic header", s -> portal(s, "/userinfo").header("Authorization", "Basic Zm9vOmJhcg==").GET()),
        request("GET the app callback with an empty code", s -> HttpRequest.newBuilder(URI.create(s.appUrl("/oauth/callback?code="))).GET()),
        request("GET an unknown catalogue app", s -> HttpRequest.newBuilder(URI.create(s.appUrl("/apps/nope/login"))).GET()),
        request("POST to the app's callback", s -> HttpRequest.newBuilder(URI.create(s.appUrl("/oauth/callback"))).POST(BodyPublishers.noBody())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void malformedRequestGetsAClientErrorWithoutStackTrace(Function<ReferenceStack, HttpRequest.Builder> request, ReferenceStack stack) {
    HttpResponse<String> r = new Browser().send(request.apply(stack));

    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, () -> "status " + r.statusCode() + ": " + r.body());
    assertNoStackTrace(r.body());
  }

  @Test
  void textPlainTokenRequestIsInvalidRequest(ReferenceStack stack) {
    assertOAuthError(TestStacks.tokenRequest(stack, "text/plain", "grant_type=authorization_code", TestStacks.sampleAppBasic()), 400,
        "invalid_request", "The body must be a JSON object or a form (application/x-www-form-urlencoded).");
  }

  @Test
  void authorizeWithoutParametersAsksForClientId(ReferenceStack stack) {
    assertReason(new Browser().get(stack.portalUrl("/oauth/authorize")), 400, "client_id is required.");
  }

  @Test
  void loginPostWithEmptyBodyIsMissingItsCsrfToken(ReferenceStack stack) {
    HttpResponse<String> r = new Browser().send(portal(stack, "/in/" + district).POST(BodyPublishers.noBody()));
    assertReason(r, 403, "Missing CSRF token. Reload the login page and submit its form.");
  }

  @Test
  void instantLoginWithoutClientIdAsksForIt(ReferenceStack stack) {
    assertReason(new Browser().get(stack.portalUrl("/instant-login")), 400, "client_id is required.");
  }

  @Test
  void unknownPathIsNotFoundAndNamesThePath(ReferenceStack stack) {
    assertReason(new Browser().get(stack.portalUrl("/does-not-exist")), 404, "No page at /does-not-exist.");
    assertReason(new Browser().get(stack.appUrl("/does-not-exist")), 404, "No page at /does-not-exist.");
  }

  @Test
  void jsonTokenRequestWithObjectValuesLacksAGrantType(ReferenceStack stack) {
    HttpResponse<String> r = TestStacks.tokenRequest(stack, "application/json", "{\"grant_type\":{\"a\":1},\"code\":\"x\"}",
        TestStacks.sampleAppBasic());
    assertOAuthError(r, 400, "invalid_request", "grant_type is required.");
  }

  @Test
  void basicCredentialsThatAreNotBase64FailClientAuthentication(ReferenceStack stack) {
    HttpResponse<String> r = TestStacks.tokenRequest(stack, java.util.Map.of("grant_type", "authorization_code", "code", "x"),
        "Basic !!!not-base64!!!");
    assertOAuthError(r, 401, "invalid_client", "Client authentication failed.");
  }

  @Test
  void basicCredentialsWithAMalformedPercentEscapeFailClientAuthentication(ReferenceStack stack) {
    String header = "Basic " + Base64.getEncoder().encodeToString("%zz:secret".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> r = TestStacks.tokenRequest(stack, java.util.Map.of("grant_type", "authorization_code", "code", "x"), header);

    assertOAuthError(r, 401, "invalid_client", "Client authentication failed.");
    assertNoStackTrace(r.body());
  }

  @Test
  void unsupportedMethodOnAKnownPathIsMethodNotAllowed(ReferenceStack stack) {
    HttpResponse<String> r = new Browser().send(portal(stack, "/home").PUT(BodyPublishers.ofString("x")));
    assertReason(r, 405, "PUT is not allowed on /home.");
  }

  @Test
  void garbageSessionCookieIsTreatedAsNoSession(ReferenceStack stack) {
    Browser browser = new Browser();
    browser.addCookie(stack.portalUrl("/"), "fb_session", "garbage");
    HttpResponse<String> r = browser.get(stack.portalUrl("/home"));
    assertRedirect(r, "/login?return_to=%2Fhome");
  }

  @Test
  void garbageCsrfCookieIsReplacedByAFreshToken(ReferenceStack stack) {
    Browser browser = new Browser();
    browser.addCookie(stack.portalUrl("/"), "fb_csrf", "short");
    HttpResponse<String> page = browser.get(stack.portalUrl("/in/" + district));
    assertEquals(200, page.statusCode());
    String csrf = Browser.fields(Browser.parse(page).selectFirst("form#login-form")).get("_csrf");
    assertFalse(csrf.equals("short"));
    assertTrue(csrf.matches("[A-Za-z0-9_-]{16,64}"), csrf);
    assertTrue(Browser.setCookie(page, "fb_csrf").orElseThrow().startsWith("fb_csrf=" + csrf + ";"));
  }

  @Test
  void malformedPercentEscapeInAQueryIsABadRequest(ReferenceStack stack) throws IOException {
    String response = raw(stack, "GET /oauth/authorize?client_id=%zz&redirect_uri=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    assertNoStackTrace(response);
  }

  @Test
  void malformedPercentEscapeInAPathIsABadRequest(ReferenceStack stack) throws IOException {
    String response = raw(stack, "GET /in/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    assertNoStackTrace(response);
  }

  @Test
  void overlongUsernameIsAnOrdinaryFailedLogin(ReferenceStack stack) {
    Browser browser = new Browser();
    var form = TestStacks.loginForm(browser.get(stack.portalUrl("/in/" + district)));
    HttpResponse<String> r = TestStacks.submitLogin(browser, form, "x".repeat(5000), "pw");
    assertFormError(r, 401, "Incorrect username or password.");
  }

  private static void assertNoStackTrace(String body) {
    assertFalse(body.contains("Exception"), () -> "stack trace text in: " + body);
    assertFalse(body.contains("at io."), () -> "stack trace text in: " + body);
    assertFalse(body.contains("at java."), () -> "stack trace text in: " + body);
  }

  /** Sends bytes no java.net.URI would accept, straight to the portal; @return the whole response */
  private static String raw(ReferenceStack stack, String request) throws IOException {
    int port = URI.create(stack.portalUrl("/")).getPort();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
