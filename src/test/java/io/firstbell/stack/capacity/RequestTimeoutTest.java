package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code timeouts}: on, work outliving {@code request-timeout} is cancelled (504); off, it runs its full service time. */
class RequestTimeoutTest {

  private static final String CANCELLED =
      "The request was cancelled: it outlived firstbell.stack.capacity.request-timeout, so its client has given up.";

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  private ReferenceStack stack;
  private final RawHttp http = new RawHttp();

  private RawHttp.Timed slowLoginPage(String timeouts) {
    stack = stacks.start("""
        firstbell.stack.capacity {
          instances { initial = 1, slots = 2, queue = 2 }
          autoscaler.enabled = off
          service-times.portal.login-page = 2s
          timeouts = %s
          request-timeout = 300ms
        }
        """.formatted(timeouts));
    assertEquals(302, http.get(stack.portalUrl("/")).status(), "warm-up");
    return http.get(stack.portalUrl("/in/" + stack.roster().districts().get(0).slug()));
  }

  @Test
  void withTimeoutsOnWorkOutlivingTheRequestTimeoutIsCancelledWith504() {
    RawHttp.Timed r = slowLoginPage("on");

    assertEquals(504, r.status(), r::toString);
    assertEquals(CANCELLED, r.reason());
    assertTrue(r.millis() >= 300 && r.millis() < 1_500, () -> "cancelled at the 300 ms request timeout, not after 2 s: " + r);
    CapacitySnapshot s = stack.capacity().snapshot();
    assertEquals(1, s.cancelled());
    assertEquals(1, s.served(), "only the warm-up was served");
    assertEquals(0, s.slotsInUse(), "the cancelled request gave its slot back");
  }

  @Test
  void withTimeoutsOffTheSameRequestIsServedAfterItsFullServiceTime() {
    RawHttp.Timed r = slowLoginPage("off");

    assertEquals(200, r.status(), r::toString);
    assertTrue(r.response().body().contains("id=\"login-form\""));
    assertTrue(r.millis() >= 2_000, () -> "served after the full 2 s service time: " + r);
    CapacitySnapshot s = stack.capacity().snapshot();
    assertEquals(0, s.cancelled());
    assertEquals(2, s.served());
  }
}
