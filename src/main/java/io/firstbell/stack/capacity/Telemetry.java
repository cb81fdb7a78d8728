package io.firstbell.stack.capacity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.stack.http.Json;
import io.firstbell.stack.time.ExpiringCache;
import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The capacity model's facts for watchers, and what the stack's stores of sessions, codes and access
 * tokens hold and evict: {@code GET /admin/capacity} (JSON) and {@code GET /metrics} (Prometheus
 * text). Both bypass the capacity model, so they answer while the stack is overloaded.
 */
public final class Telemetry {

  private final CapacityModel model;
  private final Supplier<List<ExpiringCache.Stats>> stores;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The one snapshot every meter of a scrape reads, so a scrape is consistent and takes the model's locks once. */
  private CapacitySnapshot scraping;
  private List<ExpiringCache.Stats> scrapingStores;

  /** @param stores what each store of per-login state holds now */
  public Telemetry(CapacityModel model, Supplier<List<ExpiringCache.Stats>> stores) {
    this.model = model;
    this.stores = stores;
    gauge("firstbell_instances", "Instances by state", "state", "ready", CapacitySnapshot::ready);
    gauge("firstbell_instances", "Instances by state", "state", "pending", CapacitySnapshot::pending);
    gauge("firstbell_instances", "Instances by state", "state", "desired", CapacitySnapshot::desired);
    gauge("firstbell_instances", "Instances by state", "state", "unhealthy", CapacitySnapshot::unhealthy);
    gauge("firstbell_instances", "Instances by state", "state", "draining", CapacitySnapshot::draining);
    gauge("firstbell_slots_in_use", "Worker slots busy now", null, null, CapacitySnapshot::slotsInUse);
    gauge("firstbell_slots_ready", "Worker slots of ready instances", null, null, CapacitySnapshot::slotsTotal);
    gauge("firstbell_slot_utilization", "Average slot utilization over the last autoscaler interval", null, null,
        CapacitySnapshot::utilizationLastInterval);
    gauge("firstbell_queue_length", "Requests waiting for a worker slot", null, null, CapacitySnapshot::queueLength);
    gauge("firstbell_datastore_reads_in_use", "Datastore reads running now", null, null, CapacitySnapshot::datastoreInUse);
    gauge("firstbell_datastore_read_ceiling", "Datastore read-concurrency ceiling", null, null, CapacitySnapshot::datastoreCeiling);
    counter("firstbell_requests_served", "Requests served by an instance", CapacitySnapshot::served);
    counter("firstbell_requests_shed", "Requests shed with 503", CapacitySnapshot::shed);
    counter("firstbell_requests_cancelled", "Requests cancelled after their client gave up", CapacitySnapshot::cancelled);
    counter("firstbell_datastore_reads", "Datastore reads", CapacitySnapshot::datastoreReads);
    counter("firstbell_datastore_waits", "Datastore reads that waited for the ceiling", CapacitySnapshot::datastoreWaits);
    counter("firstbell_datastore_failures", "Datastore reads that failed at the ceiling", CapacitySnapshot::datastoreFailures);
    counter("firstbell_capacity_events", "Autoscaler decisions and instance events", CapacitySnapshot::events);
    for (ExpiringCache.Stats store : stores.get()) {
      String name = store.name();
      Gauge.builder("firstbell_store_entries", this, t -> t.store(name).size())
          .description("Sessions, codes and access tokens held").tag("store", name).register(registry);
      FunctionCounter.builder("firstbell_store_evictions", this, t -> t.store(name).evicted())
          .description("Entries evicted to stay within the store's maximum before they expired").tag("store", name).register(registry);
    }
  }

  /** Registers {@code /admin/capacity} and {@code /metrics} directly, outside the dispatch point. */
  public void routes(Javalin app) {
    app.get("/admin/capacity", ctx -> Json.respond(ctx, 200, json(model.snapshot(), stores.get())));
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape()));
  }

  /** @return the Prometheus text of one snapshot of the model */
  public synchronized String scrape() {
    scraping = model.snapshot();
    scrapingStores = stores.get();
    try {
      return registry.scrape();
    } finally {
      scraping = null;
      scrapingStores = null;
    }
  }

  private synchronized CapacitySnapshot current() {
    return scraping != null ? scraping : model.snapshot();
  }

  private synchronized ExpiringCache.Stats store(String name) {
    for (ExpiringCache.Stats s : scrapingStores != null ? scrapingStores : stores.get()) {
      if (s.name().equals(name)) return s;
    }
    throw new IllegalStateException("no store " + name);
  }

  /** @return the snapshot and the stores as the documented {@code /admin/capacity} JSON */
  public static ObjectNode json(CapacitySnapshot s, List<ExpiringCache.Stats> stores) {
    ObjectNode root = Json.object().put("time", s.time().toString()).put("enabled", s.enabled());
    root.putObject("instances")
        .put("ready", s.ready()).put("pending", s.pending()).put("desired", s.desired()).put("unhealthy", s.unhealthy())
        .put("draining", s.draining()).put("min", s.minInstances()).put("max", s.maxInstances())
        .put("autoscaler", s.autoscalerEnabled());
    root.putObject("slots")
        .put("perInstance", s.slotsPerInstance()).put("inUse", s.slotsInUse()).put("total", s.slotsTotal())
        .put("utilizationNow", round(s.utilizationNow())).put("utilizationLastInterval", round(s.utilizationLastInterval()));
    root.put("queueLength", s.queueLength());
    root.putObject("requests").put("served", s.served()).put("shed", s.shed()).put("cancelled", s.cancelled())
        .put("injectedFailures", s.injectedFailures());
    root.putObject("datastore").put("readsInUse", s.datastoreInUse()).put("ceiling", s.datastoreCeiling())
        .put("reads", s.datastoreReads()).put("waits", s.datastoreWaits()).put("failures", s.datastoreFailures());
    ArrayNode events = root.putArray("events");
    for (CapacityEvent e : s.recentEvents()) {
      events.addObject().put("at", e.at().toString()).put("kind", e.kind()).put("from", e.from()).put("to", e.to())
          .put("detail", e.detail());
    }
    ObjectNode held = root.putObject("stores");
    for (ExpiringCache.Stats store : stores) {
      held.putObject(store.name()).put("entries", store.size()).put("max", store.max()).put("evicted", store.evicted());
    }
    return root;
  }

  private void gauge(String name, String help, String tagKey, String tagValue, ToDoubleFunction<CapacitySnapshot> f) {
    Gauge.Builder<Telemetry> b = Gauge.builder(name, this, t -> f.applyAsDouble(t.current())).description(help);
    if (tagKey != null) b.tag(tagKey, tagValue);
    b.register(registry);
  }

  private void counter(String name, String help, ToDoubleFunction<CapacitySnapshot> f) {
    FunctionCounter.builder(name, this, t -> f.applyAsDouble(t.current())).description(help).register(registry);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
