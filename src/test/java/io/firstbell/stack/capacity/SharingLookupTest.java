package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import io.firstbell.stack.roster.UserType;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code datastore.sharing-lookup}: per-rule, a student dashboard's datastore reads grow with the
 * district's sharing rules; efficient, two reads whatever the district.
 */
class SharingLookupTest {

  /** The large district (id 1) holds 1 + 300 sharing rules, an ordinary one 1 + 12. */
  private static final int LARGE = 1;
  private static final int SMALL = 6;

  @RegisterExtension
  static final ReferenceStackExtension perRule =
      ReferenceStackExtension.smallRoster().with("firstbell.stack.capacity.datastore.sharing-lookup = per-rule");

  @RegisterExtension
  static final ReferenceStackExtension efficient =
      ReferenceStackExtension.smallRoster().with("firstbell.stack.capacity.datastore.sharing-lookup = efficient");

  private static User passwordStudentOf(ReferenceStack stack, int districtId) {
    return TestStacks.user(stack, u -> u.type() == UserType.STUDENT && u.badgeDigest() == null && u.districtId() == districtId);
  }

  /** The dashboard's response and the datastore reads it made. */
  private record Dashboard(HttpResponse<String> response, long reads) {
    List<String> apps() {
      return Browser.parse(response).select("a.app-tile").eachAttr("data-app");
    }
  }

  private static Dashboard dashboard(ReferenceStack stack, User student) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);
    long before = stack.capacity().snapshot().datastoreReads();
    HttpResponse<String> r = browser.get(stack.portalUrl("/home"));
    long reads = stack.capacity().snapshot().datastoreReads() - before;
    assertEquals(200, r.statusCode(), r::body);
    return new Dashboard(r, reads);
  }

  @Test
  void theRosterHasOneLargeDistrictWithManySharingRules() {
    assertEquals(301, perRule.get().roster().sharingRuleCount(LARGE));
    assertEquals(13, perRule.get().roster().sharingRuleCount(SMALL));
  }

  @Test
  void perRuleDashboardReadsGrowWithTheDistrictsSharingRules() {
    Dashboard large = dashboard(perRule.get(), passwordStudentOf(perRule.get(), LARGE));
    Dashboard small = dashboard(perRule.get(), passwordStudentOf(perRule.get(), SMALL));

    // the session's user, the district's rules, at least one and at most one query per rule, the app catalogue
    assertTrue(small.reads() >= 4 && small.reads() <= 3 + 13, () -> "small district: " + small.reads());
    assertTrue(large.reads() <= 3 + 301, () -> "large district: " + large.reads());
    assertTrue(large.reads() > 3 * small.reads(), () -> large.reads() + " reads in the large district vs " + small.reads());
  }

  @Test
  void perRuleDashboardMakesOneQueryPerSharingRuleOfTheDistrict() {
    for (int district : new int[] {LARGE, SMALL}) {
      Dashboard d = dashboard(perRule.get(), passwordStudentOf(perRule.get(), district));
      // the session's user, the district's rules, one query per rule, the app catalogue
      assertEquals(3 + perRule.get().roster().sharingRuleCount(district), d.reads(), "district " + district);
    }
  }

  @Test
  void anEfficientStudentLoginJourneyCostsNineDatastoreReadsAsReferenceConfStates() {
    ReferenceStack stack = efficient.get();
    User student = TestStacks.passwordStudent(stack, 3);
    Browser browser = new Browser();
    long before = stack.capacity().snapshot().datastoreReads();

    // login page (district), login (district, user), dashboard (user, shared apps)
    TestStacks.loggedIn(browser, stack, student);
    assertEquals(200, browser.get(stack.portalUrl("/home")).statusCode());
    // instant login (user, is-shared), tokens (user), me (user)
    HttpResponse<String> redirect = browser.get(stack.portalUrl("/instant-login?client_id=" + TestStacks.SAMPLE_CLIENT_ID));
    assertEquals(302, redirect.statusCode(), redirect::body);
    String code = TestStacks.query(Browser.location(redirect)).get("code");
    HttpResponse<String> tokens = TestStacks.tokenRequest(stack, java.util.Map.of("grant_type", "authorization_code", "code", code),
        TestStacks.sampleAppBasic());
    assertEquals(200, tokens.statusCode(), tokens::body);
    HttpResponse<String> me = TestStacks.getWith(stack, "/v3.0/me", "Bearer " + TestStacks.json(tokens).path("access_token").asText());
    assertEquals(200, me.statusCode(), me::body);

    assertEquals(9, stack.capacity().snapshot().datastoreReads() - before);
  }

  @Test
  void efficientDashboardCostsTwoReadsInAnyDistrictAndShowsTheSameAppsAsPerRule() {
    for (int district : new int[] {LARGE, SMALL}) {
      User student = passwordStudentOf(efficient.get(), district);
      Dashboard fast = dashboard(efficient.get(), student);
      Dashboard slow = dashboard(perRule.get(), student);
      // the session's user and one query for the shared apps
      assertEquals(2, fast.reads(), "district " + district);
      assertTrue(slow.reads() > 3, () -> "district " + district + ": " + slow.reads());
      assertEquals(fast.apps(), slow.apps(), "district " + district);
      assertTrue(fast.apps().contains("sample"), () -> "district " + district + ": " + fast.apps());
    }
  }
}
