package io.firstbell.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a reference stack's {@code /admin/capacity} every second on a background thread into
 * {@code telemetry.csv}, with its autoscaler and health events in {@code events.csv}. A poll that
 * fails is counted and reported; the run goes on.
 */
public final class TelemetryRecorder implements AutoCloseable {

  /** The header of {@code telemetry.csv}. */
  public static final String HEADER = "time_ms,ready,pending,desired,unhealthy,slots_in_use,slots_total,utilization_now,utilization_interval,queue,served,shed,cancelled,datastore_in_use,datastore_ceiling,datastore_waits,datastore_failures";

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryRecorder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI uri;
  private final BufferedWriter telemetry;
  private final BufferedWriter events;
  private final ScheduledExecutorService loop;
  private final Map<String, Boolean> seenEvents = new LinkedHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure = "";

  /**
   * Starts polling.
   *
   * @param capacityUrl the target's {@code /admin/capacity} URL
   * @param sslContext trust for an https target, or null
   */
  public TelemetryRecorder(String capacityUrl, Path folder, SSLContext sslContext) throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (sslContext != null) b.sslContext(sslContext);
    this.http = b.build();
    this.uri = URI.create(capacityUrl);
    Files.createDirectories(folder);
    this.telemetry = Files.newBufferedWriter(folder.resolve("telemetry.csv"), StandardCharsets.UTF_8);
    this.events = Files.newBufferedWriter(folder.resolve("events.csv"), StandardCharsets.UTF_8);
    telemetry.write(HEADER + "\n");
    events.write("time,kind,from,to,detail\n");
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-telemetry");
      t.setDaemon(true);
      return t;
    });
    loop.scheduleAtFixedRate(this::poll, 0, 1, TimeUnit.SECONDS);
  }

  private void poll() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
      JsonNode n = JSON.readTree(r.body());
      long now = System.currentTimeMillis();
      JsonNode i = n.path("instances");
      JsonNode s = n.path("slots");
      JsonNode q = n.path("requests");
      JsonNode d = n.path("datastore");
      synchronized (this) {
        telemetry.write(now + "," + i.path("ready").asInt() + "," + i.path("pending").asInt() + "," + i.path("desired").asInt() + ","
            + i.path("unhealthy").asInt() + "," + s.path("inUse").asInt() + "," + s.path("total").asInt() + ","
            + s.path("utilizationNow").asDouble() + "," + s.path("utilizationLastInterval").asDouble() + "," + n.path("queueLength").asInt() + ","
            + q.path("served").asLong() + "," + q.path("shed").asLong() + "," + q.path("cancelled").asLong() + ","
            + d.path("readsInUse").asInt() + "," + d.path("ceiling").asInt() + "," + d.path("waits").asLong() + "," + d.path("failures").asLong() + "\n");
        for (JsonNode e : n.path("events")) {
          String line = e.path("at").asText() + "," + e.path("kind").asText() + "," + e.path("from").asInt() + "," + e.path("to").asInt()
              + "," + e.path("detail").asText().replace(',', ';');
          if (seenEvents.putIfAbsent(line, true) == null) events.write(line + "\n");
        }
        telemetry.flush();
        events.flush();
      }
    } catch (Exception e) {
      if (failures.incrementAndGet() == 1 || !e.toString().equals(lastFailure)) {
        LOG.warn("Telemetry from {} failed ({}); the run goes on", uri, e.toString());
      }
      lastFailure = e.toString();
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    }
  }

  /** @return polls that failed */
  public long failures() {
    return failures.get();
  }

  @Override
  public synchronized void close() {
    loop.shutdownNow();
    try {
      telemetry.close();
      events.close();
    } catch (IOException e) {
      LOG.warn("Could not close telemetry files: {}", e.toString());
    }
  }
}
