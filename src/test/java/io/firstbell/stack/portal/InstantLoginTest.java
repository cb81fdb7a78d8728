package io.firstbell.stack.portal;

import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.assertWelcomes;
import static io.firstbell.stack.TestStacks.loginForm;
import static io.firstbell.stack.TestStacks.password;
import static io.firstbell.stack.TestStacks.submitLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.oauth.Client;
import io.firstbell.stack.roster.App;
import io.firstbell.stack.roster.User;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instant login: from a dashboard tile straight into an app, no authorization request involved. */
class InstantLoginTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  @Test
  void dashboardTileLogsTheStudentIntoTheSampleApp(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);
    Document dashboard = Browser.parse(browser.get(stack.portalUrl("/home")));
    Element tile = dashboard.selectFirst("a.app-tile[data-client-id=firstbell-sample-app]");
    assertNotNull(tile);

    HttpResponse<String> instant = browser.get(tile.absUrl("href"));
    assertEquals(302, instant.statusCode(), instant::body);
    URI callback = Browser.location(instant);
    assertEquals(stack.appUrl("/oauth/callback"), callback.getScheme() + "://" + callback.getAuthority() + callback.getPath());
    Map<String, String> query = TestStacks.query(callback);
    assertEquals(List.of("code"), List.copyOf(query.keySet()), "an instant login carries a code and no state");
    assertFalse(query.get("code").isBlank());

    HttpResponse<String> welcome = browser.follow(instant);
    assertEquals(200, welcome.statusCode(), welcome::body);
    Document page = Browser.parse(welcome);
    assertNotNull(page.selectFirst("main#app-welcome"), welcome::body);
    assertEquals("Welcome, " + student.firstName() + " " + student.lastName(), page.selectFirst("#welcome").text());
    assertEquals("student", page.selectFirst("#user-type").text());
    assertEquals(student.username(), page.selectFirst("#username").text());
    assertEquals(student.districtSlug(), page.selectFirst("#district").text());
    assertTrue(browser.cookie(stack.appUrl("/"), "app_session_sample").isPresent(), "the app starts its own session");
    assertTrue(browser.cookie(stack.appUrl("/"), "fb_session").isEmpty(), "the portal session cookie never reaches the app host");
  }

  @Test
  void teacherTileLogsTheTeacherIntoTheSampleApp(ReferenceStack stack) {
    User teacher = TestStacks.teacherWithSections(stack);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, teacher);

    HttpResponse<String> welcome = browser.follow(browser.get(stack.portalUrl("/instant-login?client_id=firstbell-sample-app")));

    assertEquals(200, welcome.statusCode(), welcome::body);
    Document page = Browser.parse(welcome);
    assertEquals("Welcome, " + teacher.name(), page.selectFirst("#welcome").text());
    assertEquals("teacher", page.selectFirst("#user-type").text());
  }

  @Test
  void instantLoginWithoutSessionLogsInFirstAndThenContinues(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 1);
    Browser browser = new Browser();

    HttpResponse<String> instant = browser.get(stack.portalUrl("/instant-login?client_id=firstbell-sample-app"));
    assertRedirect(instant, "/login?return_to=%2Finstant-login%3Fclient_id%3Dfirstbell-sample-app");

    Element form = loginForm(browser.follow(instant));
    assertEquals("/instant-login?client_id=firstbell-sample-app", Browser.fields(form).get("return_to"));
    HttpResponse<String> login = submitLogin(browser, form, student.username(), password(student));
    assertRedirect(login, "/instant-login?client_id=firstbell-sample-app");

    HttpResponse<String> again = browser.follow(login);
    assertEquals(302, again.statusCode());
    HttpResponse<String> welcome = browser.follow(again);
    assertWelcomes(welcome, student);
  }

  @Test
  void instantLoginWithoutClientIdIsABadRequest(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 0));
    assertReason(browser.get(stack.portalUrl("/instant-login")), 400, "client_id is required.");
    assertReason(browser.get(stack.portalUrl("/instant-login?client_id=")), 400, "client_id is required.");
  }

  @Test
  void instantLoginIntoAnUnknownAppIsNotFound(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 0));
    assertReason(browser.get(stack.portalUrl("/instant-login?client_id=nope")), 404, "Unknown app 'nope'.");
  }

  @Test
  void instantLoginIntoAnAppTheDistrictDoesNotShareIsForbidden(ReferenceStack stack) {
    List<Client> catalogue = stack.clients().all().stream().filter(c -> !c.clientId().equals(TestStacks.SAMPLE_CLIENT_ID)).toList();
    User student = TestStacks.user(stack, u -> u.badgeDigest() == null && shared(stack, u).size() < catalogue.size() + 1);
    List<Integer> sharedIds = shared(stack, student).stream().map(App::id).toList();
    Client notShared = catalogue.stream().filter(c -> !sharedIds.contains(c.appId())).findFirst().orElseThrow();
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);

    HttpResponse<String> instant = browser.get(stack.portalUrl("/instant-login?client_id=" + notShared.clientId()));

    assertReason(instant, 403, notShared.appName() + " is not shared with you by your district.");
    assertNull(instant.headers().firstValue("Location").orElse(null));
  }

  @Test
  void everyTileOnTheDashboardIsAnAppSharedWithTheUser(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 2);
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);
    Document dashboard = Browser.parse(browser.get(stack.portalUrl("/home")));

    List<String> tiles = dashboard.select("a.app-tile").eachAttr("data-client-id");

    assertEquals(shared(stack, student).stream().map(App::clientId).toList(), tiles);
    assertEquals(TestStacks.SAMPLE_CLIENT_ID, tiles.get(0), "the sample app comes first");
  }

  private static List<App> shared(ReferenceStack stack, User user) {
    return stack.roster().appsSharedWith(user);
  }
}
