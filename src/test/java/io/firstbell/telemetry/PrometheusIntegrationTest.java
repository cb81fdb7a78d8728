package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.capacity.CapacitySnapshot;
import io.firstbell.target.TargetSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes the reference stack's {@code /metrics} every
 * second on loopback, and {@link PrometheusSource} with reference.conf's default queries reads the instances
 * back: three at start, then the autoscaler's scale-in to two as events. Checks the source's parsing against the
 * real API's answers (errors and several series too). CI installs Prometheus; elsewhere the test is skipped when
 * it is missing.
 */
class PrometheusIntegrationTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private ReferenceStack stack;
  private Process prometheus;
  private Path log;

  @AfterEach
  void stop() throws InterruptedException {
    try {
      if (prometheus != null) {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
          prometheus.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      if (stack != null) stack.close();
    }
  }

  @Test
  void prometheusScrapingTheReferenceStackGivesItsInstancesAndTheirChanges() throws Exception {
    if (System.getenv("CI") == null) {
      assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus is not installed (apt-get install prometheus); CI installs it");
    }
    assertTrue(Files.isExecutable(PROMETHEUS), "CI must install Prometheus at " + PROMETHEUS + " (.ci/run does)");

    // three instances, an idle fleet, and an autoscaler that scales in after 1 s below 30% (min 2)
    MutableClock clock = MutableClock.startingNow();
    stack = ReferenceStack.builder(TestStacks.config("""
        firstbell.stack.capacity {
          instances.initial = 3
          autoscaler { min-instances = 2, max-instances = 4, evaluation-interval = 1s, scale-in-below = 0.3, scale-in-cooldown = 1s }
        }
        """)).clock(clock).manualControlLoop().start();
    URI portal = URI.create(stack.portalUrl("/metrics"));
    String url = startPrometheus(portal.getHost() + ":" + portal.getPort(), portal.getPath());

    TelemetrySettings settings = TelemetrySettings.from(FirstBellConfig.withOverrides(
        "firstbell.telemetry { source = prometheus, prometheus.url = \"" + url + "/\" }"), TargetSettings.from(FirstBellConfig.withOverrides("")));
    assertEquals("sum(firstbell_instances{state=\"ready\"})", settings.readyQuery());
    assertEquals("sum(firstbell_instances{state=\"desired\"})", settings.desiredQuery());
    PrometheusSource source = PrometheusSource.of(settings);

    List<TargetEvent> events = new ArrayList<>();
    awaitReading(source, 3, 3, events);
    assertEquals(List.of(), events, "no change while the fleet stays at three");
    assertEquals("", source.check(System.currentTimeMillis()), "both default queries give one number once the stack is scraped");

    // the real API's answers to expressions that do not give one number
    String bad = failure(new PrometheusSource(url, "sum(", settings.desiredQuery(), Duration.ofSeconds(2)));
    assertTrue(bad.startsWith("Prometheus rejected 'sum(' (HTTP 400, bad_data): "), bad);
    String several = failure(new PrometheusSource(url, "firstbell_instances", settings.desiredQuery(), Duration.ofSeconds(2)));
    assertTrue(several.startsWith("'firstbell_instances' gave 5 series ({") && several.endsWith(", ...), not one number; "
        + "add a label filter or wrap it in sum(...)"), several);
    String none = "firstbell_instances{state=\"no-such-state\"}";
    assertEquals("'" + none + "' matched no series (yet)",
        new PrometheusSource(url, none, settings.desiredQuery(), Duration.ofSeconds(2)).check(System.currentTimeMillis()));

    // two modelled seconds of an idle fleet: the autoscaler scales in 3 -> 2, the drained instance is removed
    for (int k = 0; k < 21; k++) {
      clock.advance(Duration.ofMillis(100));
      stack.capacity().controlTick();
    }
    CapacitySnapshot s = stack.capacity().snapshot();
    assertEquals(List.of(2, 2, 0), List.of(s.ready(), s.desired(), s.draining()), "the model itself scaled in");

    long changedBy = System.currentTimeMillis();
    awaitReading(source, 2, 2, events);
    events.sort(Comparator.comparing(TargetEvent::kind));
    assertEquals(List.of("instance-removed 3->2 ready down in prometheus", "scale-in 3->2 desired down in prometheus"),
        events.stream().map(e -> e.kind() + " " + e.from() + "->" + e.to() + " " + e.detail()).toList(), this::prometheusLog);
    for (TargetEvent e : events) assertTrue(e.atMs() >= changedBy, "an event is timed at the reading that showed it: " + e);
  }

  /** Starts Prometheus scraping {@code target} every second; @return its base URL once it is ready */
  private String startPrometheus(String target, String metricsPath) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: firstbell
            metrics_path: %s
            static_configs:
              - targets: ['%s']
        """.formatted(metricsPath, target));
    log = dir.resolve("prometheus.log");
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.path=" + dir.resolve("data"), "--log.level=info")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String url = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "no answer yet";
    while (true) {
      if (!prometheus.isAlive()) fail("Prometheus exited with " + prometheus.exitValue() + ":\n" + prometheusLog());
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return url;
        last = "HTTP " + r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline) fail("Prometheus was not ready within " + WAIT.toSeconds() + " s (" + last + "):\n" + prometheusLog());
      Thread.sleep(100);
    }
  }

  /** Reads until the source gives {@code ready} and {@code desired}, adding the readings' events to {@code events}. */
  private void awaitReading(PrometheusSource source, int ready, int desired, List<TargetEvent> events) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "no reading yet";
    while (true) {
      try {
        TelemetrySource.Reading r = source.read(System.currentTimeMillis());
        events.addAll(r.events());
        if (r.values().equals(Map.of("ready", ready, "desired", desired))) return;
        last = r.values().toString();
      } catch (IOException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        fail("Prometheus did not give ready " + ready + " and desired " + desired + " within " + WAIT.toSeconds() + " s (last: " + last
            + "; events " + events + "):\n" + prometheusLog());
      }
      Thread.sleep(200);
    }
  }

  private static String failure(PrometheusSource source) throws InterruptedException {
    try {
      source.check(System.currentTimeMillis());
    } catch (IOException e) {
      return e.getMessage();
    }
    return fail("the check passed");
  }

  /** @return the last lines Prometheus wrote */
  private String prometheusLog() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no Prometheus log: " + e + ")";
    }
  }
}
