package io.firstbell.stack.oauth;

import static io.firstbell.stack.TestStacks.assertOAuthError;
import static io.firstbell.stack.TestStacks.getWith;
import static io.firstbell.stack.TestStacks.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.Browser;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /v3.0/me: who a bearer token stands for, and RFC 6750 errors when there is no good token. */
class IdentityApiTest {

  /** Follows real time; tests move it past session, code and token lifetimes. */
  private static final MutableClock clock = MutableClock.runningFromNow();

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().clock(clock);

  /** @return an access token for {@code user}, bought with an instant-login code */
  private static String tokenFor(ReferenceStack stack, User user) {
    String code = TestStacks.instantLoginCode(new Browser(), stack, user);
    HttpResponse<String> r = TestStacks.tokenRequest(stack, Map.of("grant_type", "authorization_code", "code", code),
        TestStacks.sampleAppBasic());
    assertEquals(200, r.statusCode(), r::body);
    return json(r).path("access_token").asText();
  }

  @Test
  void meDescribesTheStudentTheTokenStandsFor(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 0);

    HttpResponse<String> r = getWith(stack, "/v3.0/me", "Bearer " + tokenFor(stack, student));

    assertEquals(200, r.statusCode(), r::body);
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    JsonNode body = json(r);
    assertEquals("student", body.path("type").asText());
    JsonNode data = body.path("data");
    assertEquals(String.valueOf(student.id()), data.path("id").asText());
    assertEquals("student", data.path("type").asText());
    assertEquals(student.username(), data.path("username").asText());
    assertEquals(student.districtSlug(), data.path("district").asText());
    assertEquals(student.firstName(), data.path("name").path("first").asText());
    assertEquals(student.lastName(), data.path("name").path("last").asText());
    assertEquals(student.grade(), data.path("grade").asText());
    assertEquals("self", body.path("links").path(0).path("rel").asText());
    assertEquals("/v3.0/me", body.path("links").path(0).path("uri").asText());
  }

  @Test
  void meForATeacherHasNoGrade(ReferenceStack stack) {
    User teacher = TestStacks.teacherWithSections(stack);

    JsonNode body = json(getWith(stack, "/v3.0/me", "Bearer " + tokenFor(stack, teacher)));

    assertEquals("teacher", body.path("type").asText());
    assertEquals(teacher.username(), body.path("data").path("username").asText());
    assertFalse(body.path("data").has("grade"));
  }

  @Test
  void bearerSchemeIsCaseInsensitive(ReferenceStack stack) {
    assertEquals(200, getWith(stack, "/v3.0/me", "bearer " + tokenFor(stack, TestStacks.passwordStudent(stack, 1))).statusCode());
  }

  @Test
  void missingTokenIsInvalidRequestWithABearerChallenge(ReferenceStack stack) {
    HttpResponse<String> r = getWith(stack, "/v3.0/me", null);

    assertOAuthError(r, 401, "invalid_request", "A bearer token is required.");
    assertEquals("Bearer realm=\"firstbell\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  void otherAuthorizationSchemeIsInvalidRequest(ReferenceStack stack) {
    assertOAuthError(getWith(stack, "/v3.0/me", TestStacks.sampleAppBasic()), 401, "invalid_request", "A bearer token is required.");
  }

  @Test
  void unknownTokenIsInvalidToken(ReferenceStack stack) {
    HttpResponse<String> r = getWith(stack, "/v3.0/me", "Bearer not-a-token");

    assertOAuthError(r, 401, "invalid_token", "The access token is invalid or has expired.");
    assertEquals("Bearer realm=\"firstbell\", error=\"invalid_token\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  void tokenExpiresAfterItsOneHourTtl(ReferenceStack stack) {
    String token = tokenFor(stack, TestStacks.passwordStudent(stack, 2));
    clock.advance(Duration.ofHours(1).minusSeconds(1));
    assertEquals(200, getWith(stack, "/v3.0/me", "Bearer " + token).statusCode(), "live one second before the TTL");

    clock.advance(Duration.ofSeconds(1));

    assertOAuthError(getWith(stack, "/v3.0/me", "Bearer " + token), 401, "invalid_token", "The access token is invalid or has expired.");
  }
}
