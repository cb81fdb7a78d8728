package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Over real HTTP: bounded queues with a timeout shed excess requests fast with 503 + Retry-After, and the stack recovers. */
class LoadSheddingTest {

  private static final String QUEUE_FULL = "Overloaded: the wait queue of instance i-1 is full (1).";
  private static final String QUEUE_TIMEOUT = "Overloaded: no worker slot on instance i-1 within 200 ms.";

  /** One instance with one slot and one queue place (200 ms queue timeout); a login page holds the slot 1500 ms. */
  private static final String ONE_SLOT = """
      instances { initial = 1, slots = 1, queue = 1, queue-timeout = 200ms }
      autoscaler.enabled = off
      service-times.portal.login-page = 1500ms
      """;

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  private ReferenceStack stack;
  private final RawHttp http = new RawHttp();

  /**
   * Starts the test's stack with {@code capacity} as its capacity settings and warms it up with one request.
   *
   * @return the requests shed so far (none, unless the warm-up was)
   */
  private long startWarm(String capacity) {
    stack = stacks.start("firstbell.stack.capacity { " + capacity + " }");
    assertEquals(302, http.get(stack.portalUrl("/")).status(), "warm-up");
    return stack.capacity().snapshot().shed();
  }

  private String loginPage() {
    return stack.portalUrl("/in/" + stack.roster().districts().get(0).slug());
  }

  private static void assertShed(RawHttp.Timed t, String reason) {
    assertEquals(503, t.status(), t::toString);
    assertEquals("1", t.header("Retry-After"), t::toString);
    assertEquals(reason, t.reason());
  }

  @Test
  void oneSlotAndOneQueuePlaceServeOneRequestAndShedTheRestFastWithTheirReason() {
    long shedBefore = startWarm(ONE_SLOT);
    String url = loginPage();

    // one request takes the only slot, the next waits in the only queue place, four more find the queue full
    CompletableFuture<RawHttp.Timed> served = http.send(url);
    ModelDriver.await(() -> stack.capacity().snapshot().slotsInUse() == 1, () -> "the first request to take the slot");
    CompletableFuture<RawHttp.Timed> queued = http.send(url);
    ModelDriver.await(() -> stack.capacity().snapshot().queueLength() == 1, () -> "the second request to queue");
    List<RawHttp.Timed> full = RawHttp.all(http.burst(url, 4));

    for (RawHttp.Timed t : full) {
      assertShed(t, QUEUE_FULL);
      assertTrue(t.millis() < 1_000, () -> "a full queue sheds at once, not after the 1500 ms service time: " + t);
    }
    RawHttp.Timed timedOut = queued.join();
    assertShed(timedOut, QUEUE_TIMEOUT);
    assertTrue(timedOut.millis() >= 200 && timedOut.millis() < 1_200, () -> "shed after the 200 ms queue timeout: " + timedOut);
    assertTrue(served.join().millis() >= 1_500, () -> "the served one holds its slot 1500 ms: " + served.join());
    assertEquals(200, served.join().status());
    assertTrue(served.join().response().body().contains("id=\"login-form\""));

    CapacitySnapshot s = stack.capacity().snapshot();
    assertEquals(5, s.shed() - shedBefore);
    assertEquals(0, s.queueLength());
    assertEquals(0, s.slotsInUse());
  }

  @Test
  void sixConcurrentRequestsAgainstOneSlotAreServedOrShedAndTheShedCountMatches() {
    long shedBefore = startWarm(ONE_SLOT);

    List<RawHttp.Timed> results = RawHttp.all(http.burst(loginPage(), 6));

    List<RawHttp.Timed> ok = results.stream().filter(t -> t.status() == 200).toList();
    List<RawHttp.Timed> shed = results.stream().filter(t -> t.status() == 503).toList();
    assertEquals(6, ok.size() + shed.size(), results::toString);
    assertEquals(1, ok.size(), () -> "a 1500 ms slot serves one of six simultaneous requests: " + results);
    assertTrue(shed.stream().anyMatch(t -> QUEUE_TIMEOUT.equals(t.reason())), () -> "one of them queued: " + results);
    for (RawHttp.Timed t : shed) {
      assertEquals("1", t.header("Retry-After"));
      assertTrue(QUEUE_FULL.equals(t.reason()) || QUEUE_TIMEOUT.equals(t.reason()), t::toString);
      assertTrue(t.millis() < 1_200, () -> "shed well before the 1500 ms service time: " + t);
    }
    assertEquals(shed.size(), stack.capacity().snapshot().shed() - shedBefore);
  }

  @Test
  void aBurstIsShedFastWhileTelemetryAnswersAndTheStackServesAgainAfterwards() {
    long shedBefore = startWarm("""
        instances { initial = 1, slots = 2, queue = 2, queue-timeout = 100ms }
        autoscaler.enabled = off
        service-times.portal.login-page = 1000ms
        """);

    List<CompletableFuture<RawHttp.Timed>> burst = http.burst(loginPage(), 60);
    ModelDriver.await(() -> stack.capacity().snapshot().slotsInUse() == 2, () -> "every slot to be busy");
    RawHttp.Timed admin = http.get(stack.portalUrl("/admin/capacity"));
    List<RawHttp.Timed> results = RawHttp.all(burst);

    assertEquals(200, admin.status(), admin::toString);
    JsonNode json = TestStacks.json(admin.response());
    assertEquals(2, json.path("slots").path("inUse").asInt(), admin.response()::body);
    assertEquals(2, json.path("slots").path("total").asInt());

    List<RawHttp.Timed> shed = new ArrayList<>();
    int ok = 0;
    for (RawHttp.Timed t : results) {
      if (t.status() == 200) {
        ok++;
      } else {
        assertEquals(503, t.status(), t::toString);
        assertEquals("1", t.header("Retry-After"));
        assertTrue(List.of("Overloaded: the wait queue of instance i-1 is full (2).",
            "Overloaded: no worker slot on instance i-1 within 100 ms.").contains(t.reason()), t::toString);
        shed.add(t);
      }
    }
    int served = ok;
    assertTrue(served >= 2, () -> "both slots serve: " + results);
    assertTrue(shed.size() >= 40, () -> "two slots of 1000 ms cannot serve a burst of 60: " + results);
    for (RawHttp.Timed t : shed) {
      assertTrue(t.millis() < 2_000, () -> "shed fast (100 ms queue timeout): " + t);
    }
    assertEquals(shed.size(), stack.capacity().snapshot().shed() - shedBefore);

    RawHttp.Timed after = http.get(loginPage());
    assertEquals(200, after.status(), after::toString);
    assertTrue(after.millis() < 5_000, after::toString);
  }
}
