package io.firstbell.stack.http;

import static io.firstbell.stack.TestStacks.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every portal and provider request passes the stack's single dispatch point, which counts it and may refuse it. */
class DispatcherTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  @AfterEach
  void admitEverything(ReferenceStack stack) {
    stack.dispatcher().admission((endpoint, ctx, handler) -> handler.handle(ctx));
  }

  private static long count(ReferenceStack stack, String endpoint) {
    return stack.dispatcher().counts().getOrDefault(endpoint, 0L);
  }

  @Test
  void requestsAreCountedByEndpointName(ReferenceStack stack) {
    String district = stack.roster().districts().get(0).slug();
    long pages = count(stack, "portal.login-page");
    long discovery = count(stack, "oidc.discovery");

    new Browser().get(stack.portalUrl("/in/" + district));
    new Browser().get(stack.portalUrl("/login"));
    new Browser().get(stack.portalUrl("/.well-known/openid-configuration"));

    assertEquals(pages + 2, count(stack, "portal.login-page"), "district and generic login pages are one endpoint");
    assertEquals(discovery + 1, count(stack, "oidc.discovery"));
  }

  @Test
  void admissionSeesTheEndpointAndCanRefuseTheRequest(ReferenceStack stack) {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    stack.dispatcher().admission((endpoint, ctx, handler) -> {
      seen.add(endpoint + " " + ctx.attribute(Dispatcher.ENDPOINT));
      if (endpoint.equals("oauth.tokens")) throw new HttpError(503, "Shed by the test.");
      handler.handle(ctx);
    });

    assertReason(TestStacks.tokenRequest(stack, "application/json", "{}", null), 503, "Shed by the test.");
    assertEquals(200, new Browser().get(stack.portalUrl("/.well-known/jwks.json")).statusCode());

    assertEquals(List.of("oauth.tokens oauth.tokens", "oidc.jwks oidc.jwks"), seen);
  }

  @Test
  void appRequestsDoNotPassThePortalDispatcher(ReferenceStack stack) {
    long total = stack.dispatcher().counts().values().stream().mapToLong(Long::longValue).sum();
    new Browser().get(stack.appUrl("/"));
    assertEquals(total, stack.dispatcher().counts().values().stream().mapToLong(Long::longValue).sum());
  }
}
