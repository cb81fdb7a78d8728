package io.firstbell.stack.oauth;

import static io.firstbell.stack.TestStacks.assertReason;
import static io.firstbell.stack.TestStacks.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.App;
import io.firstbell.stack.roster.User;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /oauth/authorize: which requests are answered on the provider's own page and which go back to the client. */
class AuthorizeEndpointTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  private static String callback;

  @BeforeAll
  static void callbackUrl(ReferenceStack stack) {
    callback = stack.appUrl("/oauth/callback");
  }

  private static String authorize(ReferenceStack stack, String query) {
    return stack.portalUrl("/oauth/authorize?" + query);
  }

  @Test
  void unregisteredRedirectUriIsShownOnTheProviderPageNotRedirectedTo(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 0));

    HttpResponse<String> r = browser.get(authorize(stack, "response_type=code&client_id=firstbell-sample-app&state=s&redirect_uri="
        + Browser.encode("http://evil.example/cb")));

    assertReason(r, 400, "redirect_uri 'http://evil.example/cb' is not registered for client 'firstbell-sample-app'.");
    assertTrue(r.headers().firstValue("Location").isEmpty(), "never redirects to an unregistered address");
  }

  @Test
  void anotherClientsRedirectUriIsNotRegisteredForThisOne(ReferenceStack stack) {
    String mathquest = stack.appUrl("/apps/mathquest/oauth/callback");
    HttpResponse<String> r = new Browser().get(authorize(stack, "response_type=code&client_id=firstbell-sample-app&redirect_uri="
        + Browser.encode(mathquest)));
    assertReason(r, 400, "redirect_uri '" + mathquest + "' is not registered for client 'firstbell-sample-app'.");
  }

  @Test
  void missingClientIdIsABadRequest(ReferenceStack stack) {
    assertReason(new Browser().get(authorize(stack, "response_type=code&redirect_uri=" + Browser.encode(callback))), 400, "client_id is required.");
  }

  @Test
  void unknownClientIdIsABadRequest(ReferenceStack stack) {
    assertReason(new Browser().get(authorize(stack, "response_type=code&client_id=nope&redirect_uri=" + Browser.encode(callback))), 400,
        "Unknown client_id 'nope'.");
  }

  @Test
  void missingRedirectUriIsABadRequest(ReferenceStack stack) {
    assertReason(new Browser().get(authorize(stack, "response_type=code&client_id=firstbell-sample-app")), 400, "redirect_uri is required.");
  }

  @Test
  void unsupportedResponseTypeGoesBackToTheClientWithTheState(ReferenceStack stack) {
    HttpResponse<String> r = new Browser().get(authorize(stack, "response_type=token&client_id=firstbell-sample-app&state=xyz&redirect_uri="
        + Browser.encode(callback)));

    assertEquals(302, r.statusCode(), r::body);
    URI location = Browser.location(r);
    assertEquals(callback, location.getScheme() + "://" + location.getAuthority() + location.getPath());
    assertEquals(Map.of("error", "unsupported_response_type", "error_description", "response_type must be code", "state", "xyz"),
        query(location));
  }

  @Test
  void appNotSharedWithTheUserIsAccessDeniedAtTheClient(ReferenceStack stack) {
    List<io.firstbell.stack.oauth.Client> catalogue = stack.clients().all().stream()
        .filter(c -> !c.clientId().equals(TestStacks.SAMPLE_CLIENT_ID)).toList();
    User student = TestStacks.user(stack, u -> u.badgeDigest() == null
        && stack.roster().appsSharedWith(u).size() < catalogue.size() + 1);
    List<Integer> shared = stack.roster().appsSharedWith(student).stream().map(App::id).toList();
    io.firstbell.stack.oauth.Client notShared = catalogue.stream().filter(c -> !shared.contains(c.appId())).findFirst().orElseThrow();
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, student);

    HttpResponse<String> r = browser.get(authorize(stack, "response_type=code&client_id=" + notShared.clientId() + "&state=st&redirect_uri="
        + Browser.encode(notShared.defaultRedirectUri())));

    assertEquals(302, r.statusCode(), r::body);
    assertEquals(Map.of("error", "access_denied", "error_description", notShared.appName() + " is not shared with this user", "state", "st"),
        query(Browser.location(r)));
  }

  @Test
  void loggedInUserGetsACodeAndTheUnchangedState(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 1));

    HttpResponse<String> r = browser.get(authorize(stack, "response_type=code&client_id=firstbell-sample-app&state=" + Browser.encode("a b/c")
        + "&redirect_uri=" + Browser.encode(callback)));

    assertEquals(302, r.statusCode(), r::body);
    Map<String, String> q = query(Browser.location(r));
    assertEquals("a b/c", q.get("state"));
    assertFalse(q.get("code").isBlank());
  }

  @Test
  void requestWithoutStateGetsACodeWithoutState(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 1));

    HttpResponse<String> r = browser.get(authorize(stack, "response_type=code&client_id=firstbell-sample-app&redirect_uri=" + Browser.encode(callback)));

    assertEquals(302, r.statusCode(), r::body);
    assertEquals(List.of("code"), List.copyOf(query(Browser.location(r)).keySet()));
  }

  @Test
  void unknownDistrictIdIsNotFound(ReferenceStack stack) {
    HttpResponse<String> r = new Browser().get(authorize(stack, "response_type=code&client_id=firstbell-sample-app&district_id=nope&redirect_uri="
        + Browser.encode(callback)));
    assertReason(r, 404, "Unknown district 'nope'. Check the district's login address (/in/<district>).");
  }
}
