package io.firstbell.stack.portal;

import static io.firstbell.stack.TestStacks.assertFormError;
import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.assertSetsNoCookie;
import static io.firstbell.stack.TestStacks.assertWelcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.District;
import io.firstbell.stack.roster.RosterSettings;
import io.firstbell.stack.roster.User;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** QR badge login for K-2 students. */
class BadgeLoginTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  @Test
  void badgeStudentLogsInWithTheBadgeAndReachesTheApp(ReferenceStack stack) {
    User student = TestStacks.badgeStudent(stack, 0);
    Browser browser = new Browser();

    HttpResponse<String> page = browser.get(stack.portalUrl("/badges?district=" + student.districtSlug()));
    assertEquals(200, page.statusCode(), page::body);
    Element form = Browser.parse(page).selectFirst("form#badge-form");
    assertNotNull(form, page::body);
    assertEquals(stack.portalUrl("/badges"), form.absUrl("action"));
    Map<String, String> fields = Browser.fields(form);
    assertEquals(browser.cookie(stack.portalUrl("/"), "fb_csrf").orElseThrow(), fields.get("_csrf"));
    fields.put("badge", TestStacks.badge(student));

    HttpResponse<String> login = browser.postForm(form.absUrl("action"), fields);
    assertRedirect(login, "/home");
    assertTrue(Browser.setCookie(login, "fb_session").isPresent());

    Document dashboard = Browser.parse(browser.follow(login));
    assertNotNull(dashboard.selectFirst("main#student-dashboard"));
    assertEquals(student.username(), dashboard.selectFirst("#username").text());

    HttpResponse<String> welcome = browser.follow(browser.get(stack.portalUrl("/instant-login?client_id=firstbell-sample-app")));
    assertWelcomes(welcome, student);
    assertEquals("student", Browser.parse(welcome).selectFirst("#user-type").text());
  }

  @Test
  void badgeStudentsAreKindergartenToSecondGradersOfBadgeDistricts(ReferenceStack stack) {
    RosterSettings settings = RosterSettings.from(TestStacks.config(""));
    User student = TestStacks.badgeStudent(stack, 3);
    District district = stack.roster().district(student.districtSlug()).orElseThrow();
    assertTrue(district.badges());
    assertTrue(settings.badgeGrades().contains(student.grade()), student.grade());
  }

  @Test
  void loginPagesOfferTheBadgeLinkExactlyInBadgeDistricts(ReferenceStack stack) {
    for (District district : stack.roster().districts()) {
      Document page = Browser.parse(new Browser().get(stack.portalUrl("/in/" + district.slug())));
      Element link = page.selectFirst("a#badge-login");
      if (district.badges()) {
        assertNotNull(link, district.slug());
        assertEquals("/badges?district=" + district.slug(), link.attr("href"));
      } else {
        assertNull(link, district.slug());
      }
    }
  }

  @Test
  void unknownBadgeIsRefusedWithNoSession(ReferenceStack stack) {
    HttpResponse<String> login = submitBadge(stack, "ZZZZZZZZZZZZZZZZZZZZ");

    assertFormError(login, 401, "That badge was not recognised.");
    assertNotNull(Browser.parse(login).selectFirst("form#badge-form"));
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void emptyBadgeAsksForOne(ReferenceStack stack) {
    HttpResponse<String> login = submitBadge(stack, "  ");

    assertFormError(login, 400, "Scan your badge or type its code.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void badgeLoginWithoutCsrfTokenIsRefused(ReferenceStack stack) {
    User student = TestStacks.badgeStudent(stack, 0);
    Browser browser = new Browser();
    badgeForm(stack, browser);

    HttpResponse<String> login = browser.postForm(stack.portalUrl("/badges"), Map.of("badge", TestStacks.badge(student)));

    assertReason(login, 403, "Missing CSRF token. Reload the login page and submit its form.");
    assertSetsNoCookie(login, "fb_session");
  }

  @Test
  void badgeLoginWithWrongCsrfTokenIsRefused(ReferenceStack stack) {
    User student = TestStacks.badgeStudent(stack, 0);
    Browser browser = new Browser();
    Map<String, String> fields = badgeForm(stack, browser);
    fields.put("_csrf", "BBBBBBBBBBBBBBBBBBBBBBBB");
    fields.put("badge", TestStacks.badge(student));

    assertReason(browser.postForm(stack.portalUrl("/badges"), fields), 403,
        "Invalid CSRF token. Reload the login page and submit its form.");
  }

  @Test
  void badgeLoginContinuesToReturnTo(ReferenceStack stack) {
    User student = TestStacks.badgeStudent(stack, 1);
    Browser browser = new Browser();
    HttpResponse<String> page = browser.get(stack.portalUrl("/badges?return_to=%2Finstant-login%3Fclient_id%3Dfirstbell-sample-app"));
    Map<String, String> fields = Browser.fields(Browser.parse(page).selectFirst("form#badge-form"));
    assertEquals("/instant-login?client_id=firstbell-sample-app", fields.get("return_to"));
    fields.put("badge", TestStacks.badge(student));

    HttpResponse<String> login = browser.postForm(stack.portalUrl("/badges"), fields);

    assertRedirect(login, "/instant-login?client_id=firstbell-sample-app");
  }

  @Test
  void badgePageOfAnUnknownDistrictIsNotFound(ReferenceStack stack) {
    assertReason(new Browser().get(stack.portalUrl("/badges?district=nope")), 404,
        "Unknown district 'nope'. Check the district's login address (/in/<district>).");
  }

  /** Submits the badge form of a new browser with {@code badge}; @return the response */
  private static HttpResponse<String> submitBadge(ReferenceStack stack, String badge) {
    Browser browser = new Browser();
    Map<String, String> fields = badgeForm(stack, browser);
    fields.put("badge", badge);
    return browser.postForm(stack.portalUrl("/badges"), fields);
  }

  /** @return the fields of the badge form, as {@code browser} got it (its CSRF token included) */
  private static Map<String, String> badgeForm(ReferenceStack stack, Browser browser) {
    HttpResponse<String> page = browser.get(stack.portalUrl("/badges"));
    assertEquals(200, page.statusCode());
    Element form = Browser.parse(page).selectFirst("form#badge-form");
    assertNotNull(form, page::body);
    return Browser.fields(form);
  }
}
