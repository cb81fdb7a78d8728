package io.firstbell.stack.portal;

import static io.firstbell.stack.TestStacks.assertFormError;
import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.assertSetsNoCookie;
import static io.firstbell.stack.TestStacks.cookieAttributes;
import static io.firstbell.stack.TestStacks.districtLoginForm;
import static io.firstbell.stack.TestStacks.loginForm;
import static io.firstbell.stack.TestStacks.password;
import static io.firstbell.stack.TestStacks.submitLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.District;
import io.firstbell.stack.roster.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The district login page, its CSRF-protected password form, the dashboard and logout. */
class PortalLoginTest {

  /** Follows real time; tests move it past session, code and token lifetimes. */
  private static final MutableClock clock = MutableClock.runningFromNow();

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().clock(clock);

  @Test
  void studentLogsInOnTheDistrictPageAndSeesTheSampleAppTile(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();

    HttpResponse<String> page = browser.get(stack.portalUrl("/in/" + student.districtSlug()));
    Element form = loginForm(page);
    assertEquals(stack.portalUrl("/in/" + student.districtSlug()), form.absUrl("action"));
    assertEquals("post", form.attr("method"));
    String csrf = Browser.fields(form).get("_csrf");
    assertEquals(browser.cookie(stack.portalUrl("/"), "fb_csrf").orElseThrow(), csrf, "the form's _csrf doubles the fb_csrf cookie");
    assertNotNull(form.selectFirst("input[name=username]"));
    assertNotNull(form.selectFirst("input[type=password][name=password]"));

    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student));
    assertRedirect(login, "/home");
    String setCookie = Browser.setCookie(login, "fb_session").orElseThrow(() -> new AssertionError("no fb_session cookie"));
    List<String> attributes = cookieAttributes(setCookie);
    assertTrue(attributes.contains("HttpOnly"), setCookie);
    assertTrue(attributes.contains("SameSite=Lax"), setCookie);
    assertTrue(attributes.contains("Path=/"), setCookie);
    assertFalse(attributes.contains("Secure"), "no Secure over plain http: " + setCookie);

    HttpResponse<String> home = browser.follow(login);
    assertEquals(200, home.statusCode());
    assertEquals("no-store", home.headers().firstValue("Cache-Control").orElse(null));
    Document dashboard = Browser.parse(home);
    assertNotNull(dashboard.selectFirst("main#student-dashboard"), home::body);
    assertEquals("Welcome, " + student.firstName() + " " + student.lastName(), dashboard.selectFirst("#welcome").text());
    assertEquals("student", dashboard.selectFirst("#user-type").text());
    assertEquals(student.username(), dashboard.selectFirst("#username").text());
    assertEquals(student.districtSlug(), dashboard.selectFirst("#district").text());
    Element tile = dashboard.selectFirst("a.app-tile[data-client-id=firstbell-sample-app]");
    assertNotNull(tile, () -> "no sample app tile in " + home.body());
    assertEquals("/instant-login?client_id=firstbell-sample-app", tile.attr("href"));
    assertEquals("FirstBell Sample App", tile.text());
  }

  @Test
  void teacherDashboardListsTheSectionsTheyTeach(ReferenceStack stack) {
    User teacher = TestStacks.teacherWithSections(stack);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, teacher);

    HttpResponse<String> home = browser.get(stack.portalUrl("/home"));
    assertEquals(200, home.statusCode());
    Document dashboard = Browser.parse(home);
    assertNotNull(dashboard.selectFirst("main#teacher-dashboard"), home::body);
    assertNull(dashboard.selectFirst("main#student-dashboard"));
    assertEquals("teacher", dashboard.selectFirst("#user-type").text());
    Element sections = dashboard.selectFirst("ul#sections");
    assertNotNull(sections, home::body);
    assertEquals(stack.roster().sectionsTaughtBy(teacher.id()), sections.select("li.section").eachText());
    assertNotNull(dashboard.selectFirst("a.app-tile[data-client-id=firstbell-sample-app]"));
  }

  @Test
  void studentDashboardHasNoSectionList(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 1));
    Document dashboard = Browser.parse(browser.get(stack.portalUrl("/home")));
    assertNotNull(dashboard.selectFirst("main#student-dashboard"));
    assertNull(dashboard.selectFirst("ul#sections"));
  }

  @Test
  void wrongPasswordShowsTheLoginPageAgainWithNoSession(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    Element form = districtLoginForm(browser, stack, student);

    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student) + "x");

    assertEquals(401, login.statusCode());
    Document page = Browser.parse(login);
    assertEquals("Incorrect username or password.", page.selectFirst("p#error").text());
    assertNotNull(page.selectFirst("form#login-form"), "the login form is shown again");
    assertSetsNoCookie(login, "fb_session");
    assertTrue(browser.cookie(stack.portalUrl("/"), "fb_session").isEmpty());
    HttpResponse<String> home = browser.get(stack.portalUrl("/home"));
    assertEquals(302, home.statusCode(), "no session, so the dashboard sends to the login page");
  }

  @Test
  void unknownUsernameGetsTheSameAnswerAsAWrongPassword(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    Element form = districtLoginForm(browser, stack, student);

    HttpResponse<String> login = submitLogin(browser, form, "nobody.here0", "apple-maple-10");

    assertFormError(login, 401, "Incorrect username or password.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void aUserCannotLogInOnAnotherDistrictsPage(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    District other = stack.roster().districts().stream()
        .filter(d -> !d.slug().equals(student.districtSlug())).findFirst().orElseThrow();
    Browser browser = new Browser();
    Element form = loginForm(browser.get(stack.portalUrl("/in/" + other.slug())));

    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student));

    assertFormError(login, 401, "Incorrect username or password.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void blankUsernameOrPasswordAsksForBoth(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    Element form = districtLoginForm(browser, stack, student);

    HttpResponse<String> noPassword = submitLogin(browser, form, student.username(), "");
    assertFormError(noPassword, 400, "Enter your username and password.");

    HttpResponse<String> noUsername = submitLogin(browser, form, "   ", password(student));
    assertFormError(noUsername, 400, "Enter your username and password.");
    assertSetsNoCookie(noUsername, "fb_session");
  }

  @Test
  void loginWithoutCsrfTokenIsRefused(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    districtLoginForm(browser, stack, student); // the browser holds fb_csrf

    HttpResponse<String> login = browser.postForm(stack.portalUrl("/in/" + student.districtSlug()),
        Map.of("username", student.username(), "password", password(student)));

    assertReason(login, 403, "Missing CSRF token. Reload the login page and submit its form.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void loginWithWrongCsrfTokenIsRefused(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    Element form = districtLoginForm(browser, stack, student);
    Map<String, String> fields = Browser.fields(form);
    fields.put("_csrf", "AAAAAAAAAAAAAAAAAAAAAAAA");
    fields.put("username", student.username());
    fields.put("password", password(student));

    HttpResponse<String> login = browser.postForm(form.absUrl("action"), fields);

    assertReason(login, 403, "Invalid CSRF token. Reload the login page and submit its form.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void csrfTokenFromAnotherBrowserIsRefused(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Element form = districtLoginForm(new Browser(), stack, student);
    Browser attacker = new Browser(); // has no fb_csrf cookie of its own

    HttpResponse<String> login = submitLogin(attacker, form, student.username(), password(student));

    assertReason(login, 403, "Invalid CSRF token. Reload the login page and submit its form.");
  }

  @Test
  void unknownDistrictIsNotFound(ReferenceStack stack) {
    Browser browser = new Browser();
    assertReason(browser.get(stack.portalUrl("/in/nope")), 404,
        "Unknown district 'nope'. Check the district's login address (/in/<district>).");
    assertReason(browser.postForm(stack.portalUrl("/in/nope"), Map.of("_csrf", "x", "username", "a", "password", "b")), 404,
        "Unknown district 'nope'. Check the district's login address (/in/<district>).");
  }

  @Test
  void districtPageIsTitledWithTheDistrictName(ReferenceStack stack) {
    District district = stack.roster().districts().get(0);
    Document page = Browser.parse(new Browser().get(stack.portalUrl("/in/" + district.slug())));
    assertEquals("Log in to " + district.name(), page.selectFirst("h1").text());
    assertEquals("Log in to " + district.name(), page.title());
  }

  @Test
  void dashboardWithoutSessionSendsToTheLoginPage(ReferenceStack stack) {
    HttpResponse<String> home = new Browser().get(stack.portalUrl("/home"));
    assertRedirect(home, "/login?return_to=%2Fhome");
  }

  @Test
  void rootSendsToLoginWithoutSessionAndToHomeWithOne(ReferenceStack stack) {
    Browser browser = new Browser();
    HttpResponse<String> before = browser.get(stack.portalUrl("/"));
    assertRedirect(before, "/login");

    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 2));
    HttpResponse<String> after = browser.get(stack.portalUrl("/"));
    assertRedirect(after, "/home");
  }

  @Test
  void genericLoginPageLogsInAnyDistrictsUserAndContinuesToReturnTo(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 3);
    Browser browser = new Browser();
    HttpResponse<String> page = browser.get(stack.portalUrl("/login?return_to=%2Fhome"));
    Element form = loginForm(page);
    assertEquals("Log in to FirstBell", Browser.parse(page).selectFirst("h1").text());
    assertEquals(stack.portalUrl("/login"), form.absUrl("action"));
    assertEquals("/home", Browser.fields(form).get("return_to"));

    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student));

    assertRedirect(login, "/home");
    assertEquals(200, browser.follow(login).statusCode());
  }

  @Test
  void offSiteReturnToIsDroppedAndLoginLandsOnHome(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 4);
    Browser browser = new Browser();
    HttpResponse<String> page = browser.get(stack.portalUrl("/in/" + student.districtSlug() + "?return_to=%2F%2Fevil.example%2Fx"));
    Element form = loginForm(page);
    assertFalse(Browser.fields(form).containsKey("return_to"), "a scheme-relative return_to is not carried into the form");

    for (String offSite : List.of("//evil.example/x", "https://evil.example/x", "/\\evil.example", "evil.example")) {
      Map<String, String> fields = Browser.fields(form);
      fields.put("username", student.username());
      fields.put("password", password(student));
      fields.put("return_to", offSite);
      HttpResponse<String> login = browser.postForm(form.absUrl("action"), fields);
      assertRedirect(login, "/home", "return_to " + offSite);
    }
  }

  @Test
  void returnToThatBrowsersReadAsAnotherHostIsDropped(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 4);
    Browser browser = new Browser();
    Element form = districtLoginForm(browser, stack, student);
    Map<String, String> fields = Browser.fields(form);
    fields.put("username", student.username());
    fields.put("password", password(student));
    fields.put("return_to", "/\t/evil.example/x");

    HttpResponse<String> login = browser.postForm(form.absUrl("action"), fields);

    assertRedirect(login, "/home");
  }

  @Test
  void logoutEndsTheSessionOnTheServerAndInTheBrowser(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 5);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);
    String session = browser.cookie(stack.portalUrl("/"), "fb_session").orElseThrow();

    HttpResponse<String> logout = browser.postForm(stack.portalUrl("/logout"), Map.of());

    assertRedirect(logout, "/in/" + student.districtSlug());
    String cleared = Browser.setCookie(logout, "fb_session").orElseThrow(() -> new AssertionError("logout clears no cookie"));
    assertTrue(cookieAttributes(cleared).contains("Max-Age=0"), cleared);
    assertEquals(302, browser.get(stack.portalUrl("/home")).statusCode());

    Browser replay = new Browser();
    replay.addCookie(stack.portalUrl("/"), "fb_session", session);
    HttpResponse<String> home = replay.get(stack.portalUrl("/home"));
    assertRedirect(home, "/login?return_to=%2Fhome", "the old session id no longer opens the dashboard");
  }

  @Test
  void logoutWithoutSessionSendsToTheGenericLoginPage(ReferenceStack stack) {
    HttpResponse<String> logout = new Browser().get(stack.portalUrl("/logout"));
    assertRedirect(logout, "/login");
  }

  @Test
  void sessionExpiresAfterItsEightHourTtl(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 6));
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertEquals(200, browser.get(stack.portalUrl("/home")).statusCode(), "still live one second before the TTL");
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> home = browser.get(stack.portalUrl("/home"));
    assertRedirect(home, "/login?return_to=%2Fhome", "expired at the TTL");
  }
}
