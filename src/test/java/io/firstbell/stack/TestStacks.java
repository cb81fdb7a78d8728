package io.firstbell.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.roster.Credentials;
import io.firstbell.stack.roster.RosterSettings;
import io.firstbell.stack.roster.User;
import io.firstbell.stack.roster.UserType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Small stacks for tests, the roster users they need, the login steps every flow starts with, and shared assertions. */
public final class TestStacks {

  /** A roster small enough to build in well under a second, and both servers on free ports. */
  public static final String SMALL_ROSTER =
      "firstbell.roster { users = 3000, districts = 6, sharing-rules.large-districts = 1, sharing-rules.per-large-district = 300 }\n"
      + "firstbell.stack { portal.port = 0, app.port = 0 }";

  public static final String SAMPLE_CLIENT_ID = "firstbell-sample-app";
  public static final String SAMPLE_CLIENT_SECRET = "sample-app-secret";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestStacks() {}

  /** @return the small-roster configuration with {@code extra} HOCON on top */
  public static Config config(String extra) {
    return FirstBellConfig.withOverrides(SMALL_ROSTER + "\n" + extra);
  }

  /** @return a builder of a small-roster stack with {@code extra} HOCON on top */
  public static ReferenceStack.Builder builder(String extra) {
    return ReferenceStack.builder(config(extra));
  }

  /** @return a running small-roster stack with {@code extra} HOCON on top, on the system clock */
  public static ReferenceStack start(String extra) {
    return builder(extra).start();
  }

  private static final long SEED = RosterSettings.from(config("")).seed();

  /** @return the roster seed of the small configuration (stacks started here all use it) */
  public static long seed() {
    return SEED;
  }

  // ---- users -------------------------------------------------------------------------------

  /** @return the first users (in id order) that match, at most {@code limit}; fails when there is none */
  public static List<User> users(ReferenceStack stack, Predicate<User> filter, int limit) {
    List<User> found = new ArrayList<>();
    try {
      stack.roster().forEachUser(u -> {
        if (found.size() < limit && filter.test(u)) found.add(u);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (found.isEmpty()) throw new AssertionError("The test roster has no matching user");
    return found;
  }

  public static User user(ReferenceStack stack, Predicate<User> filter) {
    return users(stack, filter, 1).get(0);
  }

  /** @return the {@code n}th (0-based) student who logs in with a password; tests take different ones */
  public static User passwordStudent(ReferenceStack stack, int n) {
    return users(stack, u -> u.type() == UserType.STUDENT && u.badgeDigest() == null, n + 1).get(n);
  }

  /** @return the {@code n}th (0-based) K-2 student who logs in with a badge */
  public static User badgeStudent(ReferenceStack stack, int n) {
    return users(stack, u -> u.type() == UserType.STUDENT && u.badgeDigest() != null, n + 1).get(n);
  }

  /** @return a teacher who teaches at least one section */
  public static User teacherWithSections(ReferenceStack stack) {
    return user(stack, u -> u.type() == UserType.TEACHER && !stack.roster().sectionsTaughtBy(u.id()).isEmpty());
  }

  public static String password(User user) {
    return Credentials.password(seed(), user.id());
  }

  public static String badge(User user) {
    return Credentials.badge(seed(), user.id());
  }

  // ---- steps -------------------------------------------------------------------------------

  /** @return the login form of a login page, asserting the page answered 200 */
  public static Element loginForm(HttpResponse<String> page) {
    assertEquals(200, page.statusCode(), () -> "login page: " + page.body());
    Element form = Browser.parse(page).selectFirst("form#login-form");
    assertNotNull(form, () -> "no form#login-form in " + page.body());
    return form;
  }

  /** @return the login form of {@code user}'s district page, as {@code browser} got it */
  public static Element districtLoginForm(Browser browser, ReferenceStack stack, User user) {
    return loginForm(browser.get(stack.portalUrl("/in/" + user.districtSlug())));
  }

  /** Submits {@code form} (its hidden fields included) with these credentials; @return the response */
  public static HttpResponse<String> submitLogin(Browser browser, Element form, String username, String password) {
    Map<String, String> fields = Browser.fields(form);
    fields.put("username", username);
    fields.put("password", password);
    return browser.postForm(form.absUrl("action"), fields);
  }

  /** Logs {@code user} in on their district's login page; @return the POST's response (302 to /home on success) */
  public static HttpResponse<String> passwordLogin(Browser browser, ReferenceStack stack, User user) {
    return submitLogin(browser, districtLoginForm(browser, stack, user), user.username(), password(user));
  }

  /** Logs {@code user} in and asserts the redirect to the dashboard. */
  public static void loggedIn(Browser browser, ReferenceStack stack, User user) {
    assertRedirect(passwordLogin(browser, stack, user), "/home", "login");
  }

  /**
   * Logs {@code user} in and runs an instant login into the sample app, stopping at the redirect to
   * the app's callback.
   *
   * @return the authorization code the portal issued
   */
  public static String instantLoginCode(Browser browser, ReferenceStack stack, User user) {
    loggedIn(browser, stack, user);
    HttpResponse<String> r = browser.get(stack.portalUrl("/instant-login?client_id=" + SAMPLE_CLIENT_ID));
    assertEquals(302, r.statusCode(), () -> "instant login: " + r.body());
    URI callback = Browser.location(r);
    assertEquals(URI.create(stack.appUrl("/oauth/callback")).getPath(), callback.getPath());
    return query(callback).get("code");
  }

  /**
   * With {@code browser} logged in, runs an authorization request for the sample app and stops at the
   * redirect to its callback.
   *
   * @param extra further query parameters, already encoded, e.g. {@code &scope=openid&nonce=n}
   * @return the authorization code
   */
  public static String authorizeCode(Browser browser, ReferenceStack stack, String extra) {
    HttpResponse<String> r = browser.get(stack.portalUrl("/oauth/authorize?response_type=code&client_id=" + SAMPLE_CLIENT_ID
        + "&redirect_uri=" + Browser.encode(stack.appUrl("/oauth/callback")) + "&state=s1" + extra));
    assertEquals(302, r.statusCode(), () -> "authorize: " + r.body());
    URI callback = Browser.location(r);
    assertEquals(URI.create(stack.appUrl("/oauth/callback")).getPath(), callback.getPath());
    Map<String, String> q = query(callback);
    assertEquals("s1", q.get("state"));
    return q.get("code");
  }

  /** @return an HTTP Basic Authorization header value (RFC 6749 section 2.3.1: form-encoded id and secret) */
  public static String basic(String clientId, String secret) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        (Browser.encode(clientId) + ":" + Browser.encode(secret)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** @return the sample app's Basic Authorization header value */
  public static String sampleAppBasic() {
    return basic(SAMPLE_CLIENT_ID, SAMPLE_CLIENT_SECRET);
  }

  /** POSTs a form to the token endpoint, with {@code authorization} unless it is null. */
  public static HttpResponse<String> tokenRequest(ReferenceStack stack, Map<String, String> form, String authorization) {
    return tokenRequest(stack, "application/x-www-form-urlencoded", Browser.form(form), authorization);
  }

  /** POSTs any body to the token endpoint, with {@code authorization} unless it is null. */
  public static HttpResponse<String> tokenRequest(ReferenceStack stack, String contentType, String body, String authorization) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(stack.portalUrl("/oauth/tokens")))
        .header("Content-Type", contentType)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) b.header("Authorization", authorization);
    return new Browser().send(b);
  }

  /** GETs {@code path} on the portal with {@code authorization} unless it is null. */
  public static HttpResponse<String> getWith(ReferenceStack stack, String path, String authorization) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(stack.portalUrl(path))).GET();
    if (authorization != null) b.header("Authorization", authorization);
    return new Browser().send(b);
  }

  // ---- parsing and assertions --------------------------------------------------------------

  /** @return the decoded query parameters of {@code uri} */
  public static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(k), decode(v));
    }
    return params;
  }

  public static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** @return the body as JSON */
  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** Asserts an HTML error page: this status, and exactly this {@code <p id="reason">}. */
  public static void assertReason(HttpResponse<String> response, int status, String reason) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.body());
    Document page = Browser.parse(response);
    Element p = page.selectFirst("p#reason");
    assertNotNull(p, () -> "no p#reason in: " + response.body());
    assertEquals(reason, p.text());
  }

  /** Asserts a 302 redirect to {@code location}. */
  public static void assertRedirect(HttpResponse<String> response, String location) {
    assertRedirect(response, location, "redirect");
  }

  /** Asserts a 302 redirect to {@code location}; {@code what} says what the redirect stands for in a failure. */
  public static void assertRedirect(HttpResponse<String> response, String location, String what) {
    assertEquals(302, response.statusCode(), () -> what + ": " + response.body());
    assertEquals(location, response.headers().firstValue("Location").orElse(null), what);
  }

  /** Asserts a 200 page that welcomes {@code user} by name (the portal dashboard or an app's welcome page). */
  public static void assertWelcomes(HttpResponse<String> page, User user) {
    assertEquals(200, page.statusCode(), () -> "body: " + page.body());
    Element welcome = Browser.parse(page).selectFirst("#welcome");
    assertNotNull(welcome, () -> "no #welcome in: " + page.body());
    assertEquals("Welcome, " + user.name(), welcome.text());
  }

  /** Asserts a form shown again with this status and exactly this {@code <p id="error">}. */
  public static void assertFormError(HttpResponse<String> response, int status, String error) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.body());
    Element p = Browser.parse(response).selectFirst("p#error");
    assertNotNull(p, () -> "no p#error in: " + response.body());
    assertEquals(error, p.text());
  }

  /** Asserts an RFC 6749 JSON error: this status, error and error_description. */
  public static void assertOAuthError(HttpResponse<String> response, int status, String error, String description) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        () -> "content type of " + response.body());
    JsonNode body = json(response);
    assertEquals(error, body.path("error").asText(null), () -> "body: " + response.body());
    assertEquals(description, body.path("error_description").asText(null), () -> "body: " + response.body());
  }

  /** @return the attributes of a Set-Cookie header after its name=value, trimmed */
  public static List<String> cookieAttributes(String setCookie) {
    String[] parts = setCookie.split(";");
    List<String> attrs = new ArrayList<>();
    Arrays.stream(parts).skip(1).map(String::trim).forEach(attrs::add);
    return attrs;
  }

  /** Asserts that no response sets {@code name}. */
  public static void assertSetsNoCookie(HttpResponse<String> response, String name) {
    assertFalse(Browser.setCookie(response, name).isPresent(),
        () -> "unexpected Set-Cookie: " + response.headers().allValues("Set-Cookie"));
  }
}
