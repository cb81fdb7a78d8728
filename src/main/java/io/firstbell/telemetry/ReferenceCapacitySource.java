package io.firstbell.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The reference stack's {@code GET /admin/capacity}: instances by state, worker slots, queue, requests,
 * the datastore, and the autoscaler's and health checks' own timestamped events.
 */
public final class ReferenceCapacitySource implements TelemetrySource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI uri;
  private final Duration timeout;

  /**
   * @param capacityUrl the {@code /admin/capacity} URL
   * @param sslContext trust for an https target, or null
   */
  public ReferenceCapacitySource(String capacityUrl, SSLContext sslContext, Duration timeout) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    if (sslContext != null) b.sslContext(sslContext);
    this.http = b.build();
    this.uri = URI.create(capacityUrl);
    this.timeout = timeout;
  }

  @Override
  public Reading read(long nowMs) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " from " + uri);
    return parse(JSON.readTree(r.body()));
  }

  /** @return the reading in an {@code /admin/capacity} document */
  static Reading parse(JsonNode n) {
    JsonNode i = n.path("instances");
    JsonNode s = n.path("slots");
    JsonNode q = n.path("requests");
    JsonNode d = n.path("datastore");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("ready", i.path("ready").asInt());
    v.put("pending", i.path("pending").asInt());
    v.put("desired", i.path("desired").asInt());
    v.put("unhealthy", i.path("unhealthy").asInt());
    v.put("slots_in_use", s.path("inUse").asInt());
    v.put("slots_total", s.path("total").asInt());
    v.put("utilization_now", s.path("utilizationNow").asDouble());
    v.put("utilization_interval", s.path("utilizationLastInterval").asDouble());
    v.put("queue", n.path("queueLength").asInt());
    v.put("served", q.path("served").asLong());
    v.put("shed", q.path("shed").asLong());
    v.put("cancelled", q.path("cancelled").asLong());
    v.put("datastore_in_use", d.path("readsInUse").asInt());
    v.put("datastore_ceiling", d.path("ceiling").asInt());
    v.put("datastore_waits", d.path("waits").asLong());
    v.put("datastore_failures", d.path("failures").asLong());
    List<TargetEvent> events = new ArrayList<>();
    for (JsonNode e : n.path("events")) {
      events.add(new TargetEvent(Instant.parse(e.path("at").asText()).toEpochMilli(), e.path("kind").asText(), e.path("from").asInt(),
          e.path("to").asInt(), e.path("detail").asText()));
    }
    return new Reading(v, events);
  }

  @Override
  public String describe() {
    return uri.toString();
  }
}
