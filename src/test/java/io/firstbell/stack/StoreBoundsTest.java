package io.firstbell.stack;

import static io.firstbell.stack.TestStacks.assertOAuthError;
import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.getWith;
import static io.firstbell.stack.TestStacks.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.roster.User;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stack holding its maximum of sessions, codes or access tokens evicts the oldest, and an evicted
 * one is refused exactly as an expired one; {@code /admin/capacity} and {@code /metrics} count the
 * evictions.
 */
class StoreBoundsTest {

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  @Test
  void evictedSessionSendsItsUserToLogInAgainLikeAnExpiredOne() {
    ReferenceStack stack = stacks.start("firstbell.stack.sessions.max = 2");
    List<User> users = List.of(TestStacks.passwordStudent(stack, 0), TestStacks.passwordStudent(stack, 1),
        TestStacks.passwordStudent(stack, 2));
    List<Browser> browsers = List.of(new Browser(), new Browser(), new Browser());
    for (int i = 0; i < 3; i++) TestStacks.loggedIn(browsers.get(i), stack, users.get(i));

    assertRedirect(browsers.get(0).get(stack.portalUrl("/home")), "/login?return_to=%2Fhome", "the oldest session was evicted");
    assertRedirect(browsers.get(0).get(stack.portalUrl("/instant-login?client_id=" + TestStacks.SAMPLE_CLIENT_ID)),
        "/login?return_to=%2Finstant-login%3Fclient_id%3D" + TestStacks.SAMPLE_CLIENT_ID, "an app tile asks for a login too");
    TestStacks.assertWelcomes(browsers.get(1).get(stack.portalUrl("/home")), users.get(1));
    TestStacks.assertWelcomes(browsers.get(2).get(stack.portalUrl("/home")), users.get(2));

    TestStacks.loggedIn(browsers.get(0), stack, users.get(0));
    TestStacks.assertWelcomes(browsers.get(0).get(stack.portalUrl("/home")), users.get(0));

    JsonNode sessions = json(getWith(stack, "/admin/capacity", null)).path("stores").path("sessions");
    assertEquals(List.of(2, 2, 2), List.of(sessions.path("entries").asInt(-1), sessions.path("max").asInt(-1),
        sessions.path("evicted").asInt(-1)), "entries, max, evicted: the first login's session, then the second's");
    String metrics = getWith(stack, "/metrics", null).body();
    for (String line : List.of("firstbell_store_entries{store=\"sessions\"} 2.0", "firstbell_store_evictions_total{store=\"sessions\"} 2.0")) {
      assertTrue(metrics.lines().anyMatch(line::equals), () -> "no line '" + line + "' in:\n" + metrics);
    }
  }

  @Test
  void evictedAccessTokenIsInvalidLikeAnExpiredOne() {
    ReferenceStack stack = stacks.start("firstbell.stack.access-tokens.max = 1");
    String first = tokenFor(stack, TestStacks.passwordStudent(stack, 0));
    String second = tokenFor(stack, TestStacks.passwordStudent(stack, 1));

    HttpResponse<String> r = getWith(stack, "/v3.0/me", "Bearer " + first);

    assertOAuthError(r, 401, "invalid_token", "The access token is invalid or has expired.");
    assertEquals("Bearer realm=\"firstbell\", error=\"invalid_token\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
    assertEquals(200, getWith(stack, "/v3.0/me", "Bearer " + second).statusCode());
    assertEquals(1, json(getWith(stack, "/admin/capacity", null)).path("stores").path("accessTokens").path("evicted").asInt(-1));
  }

  @Test
  void evictedCodeIsRefusedAsExpired() {
    ReferenceStack stack = stacks.start("firstbell.stack.codes.max = 1");
    String first = TestStacks.instantLoginCode(new Browser(), stack, TestStacks.passwordStudent(stack, 0));
    String second = TestStacks.instantLoginCode(new Browser(), stack, TestStacks.passwordStudent(stack, 1));

    assertOAuthError(exchange(stack, first), 400, "invalid_grant", "The authorization code has expired.");
    assertEquals(200, exchange(stack, second).statusCode());
    assertEquals(1, json(getWith(stack, "/admin/capacity", null)).path("stores").path("codes").path("evicted").asInt(-1));
  }

  private static HttpResponse<String> exchange(ReferenceStack stack, String code) {
    return TestStacks.tokenRequest(stack, Map.of("grant_type", "authorization_code", "code", code), TestStacks.sampleAppBasic());
  }

  private static String tokenFor(ReferenceStack stack, User user) {
    HttpResponse<String> r = exchange(stack, TestStacks.instantLoginCode(new Browser(), stack, user));
    assertEquals(200, r.statusCode(), r::body);
    return json(r).path("access_token").asText();
  }
}
