package io.firstbell.stack.app;

import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.assertWelcomes;
import static io.firstbell.stack.TestStacks.cookieAttributes;
import static io.firstbell.stack.TestStacks.loginForm;
import static io.firstbell.stack.TestStacks.password;
import static io.firstbell.stack.TestStacks.query;
import static io.firstbell.stack.TestStacks.submitLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logins that start at the sample app's "Log in with FirstBell SSO" button (authorization code flow with state). */
class AppInitiatedLoginTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  @Test
  void appHomeOffersTheSsoButton(ReferenceStack stack) {
    HttpResponse<String> home = new Browser().get(stack.appUrl("/"));
    assertEquals(200, home.statusCode());
    Element button = Browser.parse(home).selectFirst("a#sso-login");
    assertNotNull(button, home::body);
    assertEquals("/login", button.attr("href"));
    assertEquals("Log in with FirstBell SSO", button.text());
  }

  @Test
  void appLoginWithoutPortalSessionGoesThroughTheDistrictLoginPageAndBack(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    String slug = student.districtSlug();
    Browser browser = new Browser();

    // the app sends the browser to the provider with a fresh state, remembered in an app-host cookie
    HttpResponse<String> start = browser.get(stack.appUrl("/login?district=" + slug));
    assertEquals(302, start.statusCode());
    URI authorize = Browser.location(start);
    assertEquals(stack.portalUrl("/oauth/authorize"), authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath());
    Map<String, String> request = query(authorize);
    assertEquals("code", request.get("response_type"));
    assertEquals(TestStacks.SAMPLE_CLIENT_ID, request.get("client_id"));
    assertEquals(stack.appUrl("/oauth/callback"), request.get("redirect_uri"));
    assertEquals(slug, request.get("district_id"));
    String state = request.get("state");
    assertFalse(state == null || state.isBlank());
    assertEquals(state, browser.cookie(stack.appUrl("/"), "app_state_sample").orElse(null));

    // no portal session: the provider sends the browser to the district's login page, remembering where it was
    HttpResponse<String> toLogin = browser.follow(start);
    String here = authorize.getRawPath() + "?" + authorize.getRawQuery();
    assertRedirect(toLogin, "/in/" + slug + "?return_to=" + Browser.encode(here));

    Element form = loginForm(browser.follow(toLogin));
    assertEquals(here, Browser.fields(form).get("return_to"));
    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student));
    assertRedirect(login, here);
    assertTrue(Browser.setCookie(login, "fb_session").isPresent());

    // now logged in: the provider sends the code and the same state to the app's callback
    HttpResponse<String> toCallback = browser.follow(login);
    assertEquals(302, toCallback.statusCode(), toCallback::body);
    URI callback = Browser.location(toCallback);
    assertEquals(stack.appUrl("/oauth/callback"), callback.getScheme() + "://" + callback.getAuthority() + callback.getPath());
    Map<String, String> answer = query(callback);
    assertFalse(answer.get("code").isBlank());
    assertEquals(state, answer.get("state"));

    HttpResponse<String> welcome = browser.follow(toCallback);
    assertEquals(200, welcome.statusCode(), welcome::body);
    Document page = Browser.parse(welcome);
    assertEquals("Welcome, " + student.firstName() + " " + student.lastName(), page.selectFirst("#welcome").text());
    assertEquals("student", page.selectFirst("#user-type").text());
    assertEquals(student.username(), page.selectFirst("#username").text());
    assertEquals(slug, page.selectFirst("#district").text());
    String clearedState = Browser.setCookie(welcome, "app_state_sample").orElseThrow(() -> new AssertionError("state cookie not cleared"));
    assertTrue(cookieAttributes(clearedState).contains("Max-Age=0"), clearedState);
  }

  @Test
  void appLoginWithPortalSessionGoesStraightToTheCallback(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 1);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);

    HttpResponse<String> start = browser.get(stack.appUrl("/login?district=" + student.districtSlug()));
    String state = query(Browser.location(start)).get("state");
    HttpResponse<String> toCallback = browser.follow(start);

    assertEquals(302, toCallback.statusCode(), toCallback::body);
    URI callback = Browser.location(toCallback);
    assertEquals(stack.appUrl("/oauth/callback"), callback.getScheme() + "://" + callback.getAuthority() + callback.getPath());
    assertEquals(state, query(callback).get("state"));
    HttpResponse<String> welcome = browser.follow(toCallback);
    assertWelcomes(welcome, student);
  }

  @Test
  void appLoginWithoutDistrictUsesTheGenericLoginPage(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 2);
    Browser browser = new Browser();
    HttpResponse<String> start = browser.get(stack.appUrl("/login"));
    URI authorize = Browser.location(start);
    assertFalse(query(authorize).containsKey("district_id"));

    HttpResponse<String> toLogin = browser.follow(start);
    String here = authorize.getRawPath() + "?" + authorize.getRawQuery();
    assertRedirect(toLogin, "/login?return_to=" + Browser.encode(here));

    HttpResponse<String> login = submitLogin(browser, loginForm(browser.follow(toLogin)), student.username(), password(student));
    HttpResponse<String> welcome = browser.follow(browser.follow(login));
    assertWelcomes(welcome, student);
  }

  @Test
  void callbackWithAStateThisBrowserWasNotGivenIsRefused(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 3);
    Browser victim = new Browser();
    TestStacks.loggedIn(victim, stack, student);
    HttpResponse<String> toCallback = victim.follow(victim.get(stack.appUrl("/login")));
    String callback = Browser.location(toCallback).toString();

    assertReason(new Browser().get(callback), 400, "The login's state does not match this browser's; start the login again.");
    // the refused attempt did not spend the code: the browser that started the login still completes it
    assertEquals(200, victim.get(callback).statusCode());
  }

  /** @return the callback URL, state included, of an app-initiated login by {@code browser} (logged in at the portal) */
  private static URI appInitiatedCallback(Browser browser, ReferenceStack stack) {
    HttpResponse<String> toCallback = browser.follow(browser.get(stack.appUrl("/login")));
    assertEquals(302, toCallback.statusCode(), toCallback::body);
    return Browser.location(toCallback);
  }

  /** Asserts the callback's code was not exchanged: the sample app can still redeem it once. */
  private static void assertCodeUnspent(ReferenceStack stack, String code) {
    HttpResponse<String> token = TestStacks.tokenRequest(stack,
        Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", stack.appUrl("/oauth/callback")), TestStacks.sampleAppBasic());
    assertEquals(200, token.statusCode(), token::body);
  }

  @Test
  void callbackWithoutStateIsRefusedWithoutATokenRequestWhileThisBrowserAwaitsOne(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 5));
    String code = query(appInitiatedCallback(browser, stack)).get("code");

    assertReason(browser.get(stack.appUrl("/oauth/callback?code=" + Browser.encode(code))), 400,
        "The callback carries no state, but this browser started a login that sent one; start the login again.");
    assertCodeUnspent(stack, code);
  }

  @Test
  void callbackWithAStateOtherThanThisBrowsersIsRefusedWithoutATokenRequest(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 6));
    Map<String, String> callback = query(appInitiatedCallback(browser, stack));

    assertReason(browser.get(stack.appUrl("/oauth/callback?code=" + Browser.encode(callback.get("code")) + "&state=" + Browser.encode(callback.get("state") + "x"))),
        400, "The login's state does not match this browser's; start the login again.");
    assertCodeUnspent(stack, callback.get("code"));
  }

  @Test
  void portalTileLoginWithoutStateStillCompletesWhenNoAppLoginIsPending(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 7);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);
    HttpResponse<String> toCallback = browser.get(stack.portalUrl("/instant-login?client_id=" + TestStacks.SAMPLE_CLIENT_ID));
    assertFalse(query(Browser.location(toCallback)).containsKey("state"));
    assertWelcomes(browser.follow(toCallback), student);
  }

  @Test
  void replayedCallbackIsRefusedOnceTheStateIsSpent(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 4));
    HttpResponse<String> toCallback = browser.follow(browser.get(stack.appUrl("/login")));
    String callback = Browser.location(toCallback).toString();
    assertEquals(200, browser.get(callback).statusCode());

    assertReason(browser.get(callback), 400, "The login's state does not match this browser's; start the login again.");
  }

  @Test
  void callbackCarryingAProviderErrorShowsIt(ReferenceStack stack) {
    assertReason(new Browser().get(stack.appUrl("/oauth/callback?error=access_denied&error_description=Not+for+you")), 400,
        "The SSO provider refused the login: access_denied (Not for you).");
    assertReason(new Browser().get(stack.appUrl("/oauth/callback?error=server_error")), 400,
        "The SSO provider refused the login: server_error.");
  }

  @Test
  void callbackWithoutCodeIsABadRequest(ReferenceStack stack) {
    assertReason(new Browser().get(stack.appUrl("/oauth/callback")), 400, "The callback carries no authorization code.");
  }

  @Test
  void callbackWithABogusCodeReportsTheFailedTokenExchange(ReferenceStack stack) {
    assertReason(new Browser().get(stack.appUrl("/oauth/callback?code=bogus")), 502,
        "Token exchange failed: invalid_grant (The authorization code is not valid.).");
  }

  @Test
  void appLoginForAnUnknownDistrictStopsAtTheProvider(ReferenceStack stack) {
    Browser browser = new Browser();
    HttpResponse<String> authorize = browser.follow(browser.get(stack.appUrl("/login?district=nope")));
    assertReason(authorize, 404, "Unknown district 'nope'. Check the district's login address (/in/<district>).");
  }

  @Test
  void catalogueAppsLiveUnderTheirOwnPrefixWithTheirOwnCallback(ReferenceStack stack) {
    var client = stack.clients().find("app-mathquest").orElseThrow();
    assertEquals(stack.appUrl("/apps/mathquest/oauth/callback"), client.defaultRedirectUri());
    HttpResponse<String> home = new Browser().get(stack.appUrl("/apps/mathquest"));
    assertEquals(200, home.statusCode());
    assertEquals("/apps/mathquest/login", Browser.parse(home).selectFirst("a#sso-login").attr("href"));
    assertReason(new Browser().get(stack.appUrl("/apps/nope")), 404, "No app 'nope' here.");
  }
}
