package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.http.HttpError;
import io.firstbell.stack.roster.RosterException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Modelled time passes on the model's clock only, so each rule holds to the millisecond: a request
 * holds its slot for its service time, a queued request waits {@code queue-timeout}, work outliving
 * {@code request-timeout} is cancelled at its deadline, and a datastore read holds its place for
 * {@code read-time} or fails after {@code wait-timeout}. The clock stands still between the test's steps.
 */
class ModelledTimeTest {

  private static final Instant T0 = Instant.parse("2018-03-05T07:30:00Z");

  private ModelDriver driver;

  @AfterEach
  void close() {
    if (driver != null) driver.close();
  }

  /** Starts the driver on one instance with {@code slots} slots, one queue place and a one-read datastore ceiling, plus {@code extra}. */
  private void start(int slots, String extra) {
    driver = new ModelDriver("""
        instances { initial = 1, slots = %d, queue = 1, queue-timeout = 1s }
        autoscaler.enabled = off
        health-checks { mode = tolerant, stuck-after = 1h }
        datastore { max-concurrent-reads = 1, read-time = 50ms, wait-timeout = 500ms }
        %s
        """.formatted(slots, extra), T0);
  }

  private void advance(long millis) {
    driver.clock.advance(Duration.ofMillis(millis));
  }

  private CapacitySnapshot snapshot() {
    return driver.model.snapshot();
  }

  @Test
  void aRequestHoldsItsSlotForExactlyItsServiceTime() {
    start(1, "service-times.default = 200ms, timeouts = off");
    ModelDriver.Held request = driver.admit("test.quick", held -> {});

    advance(199);
    assertEquals(1, snapshot().slotsInUse(), "still served 1 ms before the end of its service time");
    advance(1);
    request.finish();

    assertEquals(List.of(0, 1L), List.of(snapshot().slotsInUse(), snapshot().served()), "slots in use, served");
  }

  @Test
  void aQueuedRequestIsShedExactlyWhenItHasWaitedQueueTimeout() {
    start(1, "service-times.default = 0ms, timeouts = off");
    ModelDriver.Held first = driver.hold();
    ModelDriver.Held queued = driver.arrive("test.quick", held -> {});
    ModelDriver.await(() -> snapshot().queueLength() == 1, () -> "the second request to queue");

    advance(999);
    assertEquals(1, snapshot().queueLength(), "still queued 1 ms before the queue timeout");
    advance(1);
    queued.finish();

    assertEquals(503, queued.answer.status);
    assertTrue(queued.answer.result.contains("Overloaded: no worker slot on instance i-1 within 1000 ms."), queued.answer.result);
    assertEquals(List.of(0, 1L), List.of(snapshot().queueLength(), snapshot().shed()), "queue length, shed");
    first.release();
  }

  @Test
  void workOutlivingRequestTimeoutIsCancelledExactlyAtItsDeadline() {
    start(1, "service-times.default = 2s, timeouts = on, request-timeout = 300ms");
    ModelDriver.Held request = driver.admit("test.quick", held -> {});

    advance(299);
    assertEquals(1, snapshot().slotsInUse(), "still running 1 ms before its deadline");
    advance(1);

    HttpError cancelled = assertInstanceOf(HttpError.class, request.failure());
    assertEquals(504, cancelled.status());
    assertEquals(List.of(0, 0L, 1L), List.of(snapshot().slotsInUse(), snapshot().served(), snapshot().cancelled()),
        "slots in use, served, cancelled");
  }

  @Test
  void aDatastoreReadHoldsItsPlaceForExactlyReadTime() {
    start(2, "service-times.default = 0ms, timeouts = off");
    ModelDriver.Held first = driver.admit("test.read", held -> held.reads.read(() -> null));
    ModelDriver.Held second = driver.admit("test.read", held -> held.reads.read(() -> null));
    ModelDriver.await(() -> snapshot().datastoreWaits() == 1, () -> "the second read to wait for the first");
    ModelDriver.await(() -> driver.clock.sleepers() == 1, () -> "the first read to have begun its read-time"); // it reads its start after taking the place

    advance(49);
    assertEquals(1, snapshot().datastoreInUse(), "the first read holds the only place 1 ms before the end of its read-time");
    advance(1);
    first.finish();
    ModelDriver.await(() -> snapshot().datastoreInUse() == 1 && driver.clock.sleepers() == 1, () -> "the second read to take the place at +50 ms");
    advance(49);
    assertEquals(1, snapshot().datastoreInUse(), "the second read holds the place until +100 ms");
    advance(1);
    second.finish();

    assertEquals(List.of(0, 2L, 1L, 0L), List.of(snapshot().datastoreInUse(), snapshot().datastoreReads(),
        snapshot().datastoreWaits(), snapshot().datastoreFailures()), "in use, reads, waits, failures");
  }

  @Test
  void aReadWaitingForTheCeilingFailsExactlyAfterWaitTimeout() {
    start(2, "service-times.default = 0ms, timeouts = off");
    ModelDriver.Held holding = driver.admit("test.read", held -> held.reads.read(() -> {
      held.awaitRelease();
      return null;
    }));
    ModelDriver.await(() -> snapshot().datastoreInUse() == 1, () -> "the first read to hold the ceiling");
    ModelDriver.Held waiting = driver.admit("test.read", held -> held.reads.read(() -> null));
    ModelDriver.await(() -> snapshot().datastoreWaits() == 1, () -> "the second read to wait");

    advance(499);
    assertEquals(0, snapshot().datastoreFailures(), "still waiting 1 ms before the wait timeout");
    advance(1);

    RosterException failed = assertInstanceOf(RosterException.class, waiting.failure());
    assertEquals("Datastore read-concurrency ceiling (1 reads) still full after 500 ms", failed.getMessage());
    assertEquals(1, snapshot().datastoreFailures());
    holding.release();
  }
}
