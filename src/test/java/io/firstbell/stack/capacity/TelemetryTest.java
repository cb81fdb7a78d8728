package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /admin/capacity} (JSON) and {@code GET /metrics} (Prometheus text) report the capacity
 * model's state, and answer while every worker slot is busy because they bypass the model.
 */
class TelemetryTest {

  private static final Instant T0 = Instant.parse("2018-03-05T07:30:00Z");

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  private final RawHttp http = new RawHttp();

  @Test
  void adminCapacityAndMetricsReportTheModelWhileEverySlotIsBusy() {
    MutableClock clock = new MutableClock(T0);
    ReferenceStack stack = stacks.start(TestStacks.builder("""
        firstbell.stack.capacity {
          instances { initial = 1, slots = 2, queue = 2, queue-timeout = 1s }
          service-times.portal.login-page = 4s
          autoscaler {
            min-instances = 1, max-instances = 2, evaluation-interval = 1s, breach-periods = 1, provisioning-delay = 5s
          }
        }
        """).clock(clock).manualControlLoop());
    String loginPage = stack.portalUrl("/in/" + stack.roster().districts().get(0).slug());

    // both slots busy from t0 on the model's clock, each for 4 modelled seconds, each page reading its district at t0
    List<CompletableFuture<RawHttp.Timed>> busy = http.burst(loginPage, 2);
    ModelDriver.await(() -> stack.capacity().snapshot().datastoreReads() == 2, () -> "both login pages to read their district");
    // one evaluation 1 s later: 100% of 1 instance's slots > 60%: ceil(1 x 1.0 / 0.6) = 2
    tick(stack, clock, 10);
    ModelDriver.await(() -> stack.capacity().snapshot().datastoreInUse() == 0, () -> "both reads to end after their 500 us read-time");

    RawHttp.Timed admin = http.get(stack.portalUrl("/admin/capacity"));
    RawHttp.Timed metrics = http.get(stack.portalUrl("/metrics"));
    assertEquals(2, stack.capacity().snapshot().slotsInUse(), "still busy: the answers came while every slot was");

    assertEquals(200, admin.status(), admin::toString);
    assertTrue(admin.header("Content-Type").startsWith("application/json"), admin.header("Content-Type"));
    JsonNode json = TestStacks.json(admin.response());
    assertEquals("2018-03-05T07:30:01Z", json.path("time").asText());
    assertTrue(json.path("enabled").asBoolean());
    JsonNode instances = json.path("instances");
    assertEquals(List.of(1, 1, 2, 0, 0, 1, 2), List.of(instances.path("ready").asInt(-1), instances.path("pending").asInt(-1),
        instances.path("desired").asInt(-1), instances.path("unhealthy").asInt(-1), instances.path("draining").asInt(-1),
        instances.path("min").asInt(-1), instances.path("max").asInt(-1)), "ready, pending, desired, unhealthy, draining, min, max");
    assertTrue(instances.path("autoscaler").asBoolean());
    JsonNode slots = json.path("slots");
    assertEquals(List.of(2, 2, 2), List.of(slots.path("perInstance").asInt(-1), slots.path("inUse").asInt(-1),
        slots.path("total").asInt(-1)), "perInstance, inUse, total");
    assertEquals(1.0, slots.path("utilizationNow").asDouble(-1));
    assertEquals(1.0, slots.path("utilizationLastInterval").asDouble(-1));
    assertEquals(0, json.path("queueLength").asInt(-1));
    JsonNode requests = json.path("requests");
    assertEquals(List.of(0, 0, 0, 0), List.of(requests.path("served").asInt(-1), requests.path("shed").asInt(-1),
        requests.path("cancelled").asInt(-1), requests.path("injectedFailures").asInt(-1)), "served, shed, cancelled, injectedFailures");
    JsonNode datastore = json.path("datastore");
    assertEquals(List.of(0, 16, 2, 0, 0), List.of(datastore.path("readsInUse").asInt(-1), datastore.path("ceiling").asInt(-1),
        datastore.path("reads").asInt(-1), datastore.path("waits").asInt(-1), datastore.path("failures").asInt(-1)),
        "readsInUse, ceiling, reads (one district lookup per login page), waits, failures");
    JsonNode events = json.path("events");
    assertEquals(1, events.size(), events::toString);
    JsonNode e = events.get(0);
    assertEquals("2018-03-05T07:30:01Z", e.path("at").asText());
    assertEquals("scale-out", e.path("kind").asText());
    assertEquals(1, e.path("from").asInt());
    assertEquals(2, e.path("to").asInt());
    assertEquals("utilization 100% above target 60% for 1 evaluation(s): 1 ready x 1.00 / 0.60", e.path("detail").asText());

    assertEquals(200, metrics.status(), metrics::toString);
    assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
    String text = metrics.response().body();
    for (String line : List.of(
        "firstbell_instances{state=\"ready\"} 1.0",
        "firstbell_instances{state=\"pending\"} 1.0",
        "firstbell_instances{state=\"desired\"} 2.0",
        "firstbell_instances{state=\"unhealthy\"} 0.0",
        "firstbell_instances{state=\"draining\"} 0.0",
        "firstbell_slots_in_use 2.0",
        "firstbell_slot_utilization 1.0",
        "firstbell_queue_length 0.0",
        "firstbell_datastore_read_ceiling 16.0",
        "firstbell_requests_shed_total 0.0",
        "firstbell_capacity_events_total 1.0")) {
      assertTrue(text.lines().anyMatch(line::equals), () -> "no line '" + line + "' in:\n" + text);
    }

    // the two slow requests finish normally once their 4 modelled seconds have passed
    tick(stack, clock, 30);
    for (RawHttp.Timed t : RawHttp.all(busy)) assertEquals(200, t.status(), t::toString);
    assertEquals(2, stack.capacity().snapshot().served());
  }

  /** Moves the stack's clock {@code steps} x 100 ms, ticking its control loop after each step. */
  private static void tick(ReferenceStack stack, MutableClock clock, int steps) {
    for (int k = 0; k < steps; k++) {
      clock.advance(Duration.ofMillis(100));
      stack.capacity().controlTick();
    }
  }

  @Test
  void metricsExportTheReadySlotsGauge() {
    ReferenceStack stack = stacks.start("");
    RawHttp.Timed metrics = http.get(stack.portalUrl("/metrics"));
    assertEquals(200, metrics.status(), metrics::toString);
    String text = metrics.response().body();
    // 2 ready instances x 4 slots
    assertTrue(text.lines().anyMatch("firstbell_slots_ready 8.0"::equals), () -> "no firstbell_slots_ready in:\n" + text);
  }
}
