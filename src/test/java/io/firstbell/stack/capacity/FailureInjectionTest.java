package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code test-failures}: a deterministic share of the requests to one endpoint fails with 500, evenly spread. */
class FailureInjectionTest {

  private static final String INJECTED = "Injected failure at api.me (firstbell.stack.capacity.test-failures).";

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  private ReferenceStack stack;

  private String accessToken(User user) {
    String code = TestStacks.instantLoginCode(new Browser(), stack, user);
    HttpResponse<String> r = TestStacks.tokenRequest(stack, Map.of("grant_type", "authorization_code", "code", code),
        TestStacks.sampleAppBasic());
    assertEquals(200, r.statusCode(), r::body);
    return TestStacks.json(r).path("access_token").asText();
  }

  @Test
  void aQuarterShareFailsExactlyEveryFourthRequestToTheEndpoint() {
    stack = stacks.start("firstbell.stack.capacity.test-failures { endpoint = \"api.me\", share = 0.25 }");
    User student = TestStacks.passwordStudent(stack, 0);
    String bearer = "Bearer " + accessToken(student); // other endpoints are untouched

    List<Integer> statuses = new ArrayList<>();
    for (int k = 1; k <= 12; k++) {
      HttpResponse<String> r = TestStacks.getWith(stack, "/v3.0/me", bearer);
      statuses.add(r.statusCode());
      if (k % 4 == 0) {
        TestStacks.assertReason(r, 500, INJECTED);
      } else {
        assertEquals(student.username(), TestStacks.json(r).path("data").path("username").asText(), r::body);
      }
    }
    assertEquals(List.of(200, 200, 200, 500, 200, 200, 200, 500, 200, 200, 200, 500), statuses);
    assertEquals(3, stack.capacity().snapshot().injectedFailures());
    assertEquals(12L, (long) stack.dispatcher().counts().get("api.me"));
  }

  @Test
  void withoutAnEndpointNothingIsInjected() {
    stack = stacks.start("firstbell.stack.capacity.test-failures.share = 0.25");
    String bearer = "Bearer " + accessToken(TestStacks.passwordStudent(stack, 0));
    for (int k = 1; k <= 8; k++) {
      assertEquals(200, TestStacks.getWith(stack, "/v3.0/me", bearer).statusCode());
    }
    assertEquals(0, stack.capacity().snapshot().injectedFailures());
  }
}
