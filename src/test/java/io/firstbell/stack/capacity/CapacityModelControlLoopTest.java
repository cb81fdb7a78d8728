package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity model's control loop on an injected clock: the autoscaler's evaluations over measured
 * slot-time, provisioning, routing to ready instances only, scale-in by draining.
 */
class CapacityModelControlLoopTest {

  private static final Instant T0 = Instant.parse("2018-03-05T07:30:00Z");

  /** The reference autoscaler (2..4 instances of 4 slots, 5 s evaluations, 2 breaches, 15 s provisioning, 60 s cooldown). */
  private static final String CAPACITY = """
      instances { initial = 2, slots = 4, queue = 16, queue-timeout = 1s }
      service-times.default = 0ms
      timeouts = off
      health-checks { mode = tolerant, interval = 1s, stuck-after = 1h }
      autoscaler {
        enabled = on, min-instances = 2, max-instances = 4, evaluation-interval = 5s, target-utilization = 0.6
        breach-periods = 2, provisioning-delay = 15s, scale-in-below = 0.3, scale-in-cooldown = 60s
      }
      """;

  private ModelDriver driver;

  @AfterEach
  void close() {
    if (driver != null) driver.close();
  }

  private static void assertCounts(CapacitySnapshot s, int ready, int pending, int desired, int draining) {
    assertEquals(List.of(ready, pending, desired, draining), List.of(s.ready(), s.pending(), s.desired(), s.draining()),
        "ready, pending, desired, draining");
  }

  @Test
  void aLoadStepScalesOutAfterTwoEvaluationsAndTheNewInstanceServesAfterProvisioning() throws Exception {
    driver = new ModelDriver(CAPACITY, T0);
    assertCounts(driver.model.snapshot(), 2, 0, 2, 0);
    assertEquals(8, driver.model.snapshot().slotsTotal());

    // a load step at t0: 6 of 8 slots busy (75% > 60%), spread over both instances by the front door
    List<ModelDriver.Held> load = new ArrayList<>();
    for (int k = 0; k < 6; k++) load.add(driver.hold());
    assertEquals(List.of("i-1", "i-2", "i-1", "i-2", "i-1", "i-2"), load.stream().map(h -> h.instance).toList());
    assertEquals(6, driver.model.snapshot().slotsInUse());

    driver.tickUntil(9_900);
    assertEquals(List.of(), driver.events(), "one breach at +5 s is not enough");
    assertEquals(0.75, driver.model.snapshot().utilizationLastInterval(), 1e-9);

    driver.tickUntil(10_000);
    // ceil(2 ready x 0.75 / 0.6) = ceil(2.5) = 3
    assertEquals(List.of("scale-out@+10000 2->3 utilization 75% above target 60% for 2 evaluation(s): 2 ready x 0.75 / 0.60"),
        driver.events());
    assertEquals(driver.at(10_000), driver.model.snapshot().recentEvents().get(0).at());
    assertCounts(driver.model.snapshot(), 2, 1, 3, 0);
    assertEquals(8, driver.model.snapshot().slotsTotal(), "a pending instance adds no slots");

    // while i-3 provisions, the front door sends nothing to it
    driver.tickUntil(12_000);
    assertEquals("i-1", driver.quick());

    driver.tickUntil(24_900);
    assertCounts(driver.model.snapshot(), 2, 1, 3, 0);
    assertEquals(1, driver.events().size(), "no repeated scale-out while the third instance provisions (+15 s, +20 s stay hot)");
    assertEquals("i-1", driver.quick());

    driver.tickUntil(25_000);
    assertEquals("instance-ready@+25000 2->3 i-3 is ready", driver.events().get(1));
    assertCounts(driver.model.snapshot(), 3, 0, 3, 0);
    assertEquals(12, driver.model.snapshot().slotsTotal());
    // the least-loaded ready instance is now the new one
    assertEquals("i-3", driver.quick());
    ModelDriver.Held onNew = driver.hold();
    assertEquals("i-3", onNew.instance);
    onNew.release();

    // (25, 30]: 6 busy of 12 slots = 50%: neither above target nor below scale-in-below
    driver.tickUntil(30_000);
    assertEquals(0.5, driver.model.snapshot().utilizationLastInterval(), 1e-9);
    assertEquals(2, driver.events().size());

    // the load falls to 1 slot (on i-1) just after the +30 s evaluation: 1 / 12 = 8% from +35 s on
    for (ModelDriver.Held h : load.subList(1, 6)) h.release();
    driver.tickUntil(94_900);
    assertEquals(2, driver.events().size(), "low only since the +35 s evaluation: no scale-in before +95 s");
    assertEquals(1.0 / 12, driver.model.snapshot().utilizationLastInterval(), 1e-9);

    driver.tickUntil(95_000);
    assertEquals("scale-in@+95000 3->2 utilization 8% below 30% for 60s", driver.events().get(2));
    // the least busy ready instance drains: i-2 (i-1 still holds a request, i-3 ties with i-2 but comes later)
    assertCounts(driver.model.snapshot(), 2, 0, 2, 1);

    driver.tickUntil(95_100);
    assertEquals("instance-removed@+95100 3->2 i-2 drained and removed", driver.events().get(3));
    assertCounts(driver.model.snapshot(), 2, 0, 2, 0);
    assertEquals(8, driver.model.snapshot().slotsTotal());
    assertEquals("i-3", driver.quick(), "i-1 holds a request; i-2 is gone");

    // never below min-instances, however long it stays quiet
    load.get(0).release();
    driver.tickUntil(300_000);
    assertEquals(4, driver.events().size(), () -> "events: " + driver.events());
    assertCounts(driver.model.snapshot(), 2, 0, 2, 0);
    assertEquals(0.0, driver.model.snapshot().utilizationLastInterval(), 1e-9);
    assertEquals(driver.at(300_000), driver.model.snapshot().time());
  }

  @Test
  void aDrainingInstanceIsRemovedOnlyOnceItsLastRequestHasFinished() throws Exception {
    driver = new ModelDriver(CAPACITY.replace("min-instances = 2", "min-instances = 1"), T0);
    // light load on both instances: 1 of 8 slots each... i-1 and i-2 both hold one request
    ModelDriver.Held a = driver.hold();
    ModelDriver.Held b = driver.hold();
    assertEquals(List.of("i-1", "i-2"), List.of(a.instance, b.instance));

    // 2 / 8 = 25% < 30% from the +5 s evaluation; cooldown ends at +65 s: ceil(2 x 0.25 / 0.6) = 1
    driver.tickUntil(65_000);
    assertEquals(List.of("scale-in@+65000 2->1 utilization 25% below 30% for 60s"), driver.events());
    // equally busy: the first in line (i-1) drains, but holds a request, so it stays
    assertCounts(driver.model.snapshot(), 1, 0, 1, 1);
    driver.tickUntil(70_000);
    assertCounts(driver.model.snapshot(), 1, 0, 1, 1);
    assertEquals("i-2", driver.quick(), "a draining instance gets no new requests");

    driver.clock.advance(ModelDriver.STEP.dividedBy(2)); // +70.05 s
    a.release();
    driver.clock.advance(ModelDriver.STEP.dividedBy(2)); // +70.1 s
    driver.model.controlTick();
    assertEquals("instance-removed@+70100 2->1 i-1 drained and removed", driver.events().get(1));
    assertCounts(driver.model.snapshot(), 1, 0, 1, 0);
    b.release();
  }
}
