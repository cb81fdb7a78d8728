package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks on an injected clock. Strict: an instance one of whose datastore reads had to wait
 * leaves rotation at the next check for exactly {@code unhealthy-for}. Tolerant: only an instance
 * with every slot busy and nothing completed for {@code stuck-after} leaves, until it recovers.
 */
class HealthCheckTest {

  private static final Instant T0 = Instant.parse("2018-03-05T07:30:00Z");

  private static String capacity(String mode) {
    return """
        instances { initial = 1, slots = 2, queue = 0, queue-timeout = 1s }
        service-times.default = 0ms
        timeouts = off
        autoscaler.enabled = off
        datastore { max-concurrent-reads = 1, read-time = 0ms, wait-timeout = 10s }
        health-checks { mode = %s, interval = 1s, unhealthy-for = 10s, stuck-after = 3s }
        """.formatted(mode);
  }

  private ModelDriver driver;

  @AfterEach
  void close() {
    if (driver != null) driver.close();
  }

  /** Two requests on i-1 at the current clock time; the second one's datastore read waits for the first one's. */
  private void oneDatastoreReadWaits() {
    ModelDriver.Held first = driver.admit("test.read", held -> held.reads.read(() -> {
      held.awaitRelease();
      return null;
    }));
    ModelDriver.await(() -> driver.model.snapshot().datastoreInUse() == 1, () -> "the first read to hold the ceiling");
    ModelDriver.Held second = driver.admit("test.read", held -> held.reads.read(() -> null));
    ModelDriver.await(() -> driver.model.snapshot().datastoreWaits() == 1, () -> "the second read to wait");
    first.release();
    second.finish();
    assertEquals(List.of("i-1", "i-1"), List.of(first.instance, second.instance));
    CapacitySnapshot s = driver.model.snapshot();
    assertEquals(List.of(2L, 1L, 0L, 2L), List.of(s.datastoreReads(), s.datastoreWaits(), s.datastoreFailures(), s.served()),
        "reads, waits, failures, served");
  }

  /** @return the model's answer to one request: the handler's 200, or the model's own shed page */
  private ModelDriver.Answer request() throws Exception {
    ModelDriver.Answer answer = new ModelDriver.Answer();
    driver.model.admit("test.quick", ModelDriver.recordingContext(answer), ctx -> answer.status = 200);
    return answer;
  }

  private static void assertShed(ModelDriver.Answer answer, String reason) {
    assertEquals(503, answer.status);
    assertEquals("1", answer.headers.get("Retry-After"));
    assertTrue(answer.result.contains("<p id=\"reason\">Overloaded: " + reason + "</p>"), answer.result);
  }

  @Test
  void strictTakesAnInstanceWhoseDatastoreReadWaitedOutOfRotationForExactlyUnhealthyFor() throws Exception {
    driver = new ModelDriver(capacity("strict"), T0);
    driver.tickUntil(300);
    oneDatastoreReadWaits(); // at +0.3 s

    driver.tickUntil(900);
    assertEquals(List.of(), driver.events());
    assertEquals(0, driver.model.snapshot().unhealthy());

    driver.tickUntil(1_000);
    assertEquals(List.of("unhealthy@+1000 1->0 i-1 out of rotation: its datastore share was exhausted (1 reads waited)"),
        driver.events());
    assertEquals(1, driver.model.snapshot().unhealthy());
    assertEquals(1, driver.model.snapshot().ready(), "out of rotation, not gone");
    assertShed(request(), "no healthy instance is in rotation.");
    assertEquals(1, driver.model.snapshot().shed());

    driver.tickUntil(10_900);
    assertEquals(1, driver.events().size());
    assertEquals(1, driver.model.snapshot().unhealthy());
    assertShed(request(), "no healthy instance is in rotation.");

    driver.tickUntil(11_000);
    assertEquals("healthy@+11000 0->1 i-1 back in rotation", driver.events().get(1));
    assertEquals(0, driver.model.snapshot().unhealthy());
    assertEquals(200, request().status);
    assertEquals(2, driver.model.snapshot().shed());

    driver.tickUntil(30_000);
    assertEquals(2, driver.events().size(), () -> "events: " + driver.events());
  }

  @Test
  void strictChecksOnlyTheWaitsSinceThePreviousCheck() {
    driver = new ModelDriver(capacity("strict"), T0);
    driver.tickUntil(1_000); // a check with nothing to report
    oneDatastoreReadWaits(); // at +1 s, just after that check
    driver.tickUntil(1_900);
    assertEquals(List.of(), driver.events());
    driver.tickUntil(2_000);
    assertEquals(List.of("unhealthy@+2000 1->0 i-1 out of rotation: its datastore share was exhausted (1 reads waited)"),
        driver.events());
    driver.tickUntil(12_000);
    assertEquals("healthy@+12000 0->1 i-1 back in rotation", driver.events().get(1));
  }

  @Test
  void tolerantIgnoresDatastoreWaits() {
    driver = new ModelDriver(capacity("tolerant"), T0);
    driver.tickUntil(300);
    oneDatastoreReadWaits();
    driver.tickUntil(20_000);
    assertEquals(List.of(), driver.events());
    assertEquals(0, driver.model.snapshot().unhealthy());
  }

  @Test
  void tolerantTakesAnInstanceOutOnlyWhenEverySlotIsBusyAndNothingCompletedForStuckAfter() throws Exception {
    driver = new ModelDriver(capacity("tolerant"), T0);
    ModelDriver.Held a = driver.hold(); // one of two slots from t0
    driver.tickUntil(1_500);
    assertEquals("i-1", driver.quick()); // a completion at +1.5 s
    ModelDriver.Held b = driver.hold(); // every slot busy from +1.5 s

    // stuck from the +1.5 s completion: the first check at or after +4.5 s is +5 s
    driver.tickUntil(4_900);
    assertEquals(List.of(), driver.events());
    driver.tickUntil(5_000);
    assertEquals(List.of("unhealthy@+5000 1->0 i-1 out of rotation: every slot busy and nothing completed for 3000 ms"),
        driver.events());
    assertEquals(1, driver.model.snapshot().unhealthy());
    assertShed(request(), "no healthy instance is in rotation.");

    // still stuck at the following checks: out of rotation, one event only
    driver.tickUntil(8_000);
    assertEquals(1, driver.events().size());
    assertEquals(1, driver.model.snapshot().unhealthy());

    b.release(); // a slot is free again at +8 s, just after that check
    driver.tickUntil(8_900);
    assertEquals(1, driver.model.snapshot().unhealthy(), "out until the next check");
    driver.tickUntil(9_000);
    assertEquals("healthy@+9000 0->1 i-1 back in rotation", driver.events().get(1));
    assertEquals(0, driver.model.snapshot().unhealthy());
    assertEquals(200, request().status);
    a.release();
  }
}
