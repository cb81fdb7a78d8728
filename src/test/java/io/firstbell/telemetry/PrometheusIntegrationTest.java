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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes the reference stack's {@code /metrics} every
 * second on loopback, and {@link PrometheusSource} with reference.conf's default queries reads the instances
 * back: two at start, the autoscaler's scale-out to four while two provision, the new instances ready, and the
 * scale-in to two, each change as events. The source's parsing is checked against the real API's answers too
 * (a rejected expression, several series, no series). The stack's capacity model runs on a test clock that the
 * test ticks. CI installs Prometheus; elsewhere the test is skipped when it is missing.
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

    // two instances of one slot each; a login page holds its slot 3 s; the autoscaler decides every modelled second
    MutableClock clock = MutableClock.startingNow();
    stack = ReferenceStack.builder(TestStacks.config("""
        firstbell.stack.capacity {
          instances { initial = 2, slots = 1, queue = 2 }
          service-times.portal.login-page = 3s
          autoscaler {
            min-instances = 2, max-instances = 4, evaluation-interval = 1s, target-utilization = 0.6, breach-periods = 1
            provisioning-delay = 5s, scale-in-below = 0.3, scale-in-cooldown = 60s
          }
        }
        """)).clock(clock).manualControlLoop().start();
    URI metrics = URI.create(stack.portalUrl("/metrics"));
    String url = startPrometheus(metrics.getHost() + ":" + metrics.getPort(), metrics.getPath());

    TelemetrySettings settings = TelemetrySettings.from(FirstBellConfig.withOverrides(
        "firstbell.telemetry { source = prometheus, prometheus.url = \"" + url + "/\" }"), TargetSettings.from(FirstBellConfig.withOverrides("")));
    assertEquals("sum(firstbell_instances{state=\"ready\"})", settings.readyQuery());
    assertEquals("sum(firstbell_instances{state=\"desired\"})", settings.desiredQuery());
    PrometheusSource source = PrometheusSource.of(settings);

    List<TargetEvent> events = new ArrayList<>();
    awaitReading(source, 2, 2, events);
    assertEquals(List.of(), events, "no change while the fleet stays at two");
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

    // both slots busy, then one modelled second: 100% > 60%, so desired = ceil(2 x 1.0 / 0.6) = 4; two instances provision
    String loginPage = stack.portalUrl("/in/" + stack.roster().districts().get(0).slug());
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(loginPage)).build(), HttpResponse.BodyHandlers.ofString()));
      int busy = n;
      await(() -> stack.capacity().snapshot().slotsInUse() == busy, busy + " slot(s) to be busy");
    }
    tick(clock, 10);
    assertCounts(2, 2, 4, 0);
    long decidedBy = System.currentTimeMillis();
    awaitReading(source, 2, 4, events);
    assertEquals(List.of("scale-out 2->4 desired up in prometheus"), describe(events), this::prometheusLog);
    assertTrue(events.get(0).atMs() >= decidedBy, "an event is timed at the reading that showed it: " + events);

    // five modelled seconds later both new instances are ready
    events.clear();
    tick(clock, 50);
    assertCounts(4, 0, 4, 0);
    awaitReading(source, 4, 4, events);
    assertEquals(List.of("instance-ready 2->4 ready up in prometheus"), describe(events), this::prometheusLog);

    // the slow requests end; a minute of an idle fleet later the autoscaler scales in to two and drains the others
    for (CompletableFuture<HttpResponse<String>> f : slow) assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
    events.clear();
    tick(clock, 620);
    assertCounts(2, 0, 2, 0);
    awaitReading(source, 2, 2, events);
    events.sort(Comparator.comparing(TargetEvent::kind));
    assertEquals(List.of("instance-removed 4->2 ready down in prometheus", "scale-in 4->2 desired down in prometheus"), describe(events),
        this::prometheusLog);
  }

  /** Moves the stack's clock {@code steps} x 100 ms, ticking its control loop after each step. */
  private void tick(MutableClock clock, int steps) {
    for (int k = 0; k < steps; k++) {
      clock.advance(Duration.ofMillis(100));
      stack.capacity().controlTick();
    }
  }

  private void assertCounts(int ready, int pending, int desired, int draining) {
    CapacitySnapshot s = stack.capacity().snapshot();
    assertEquals(List.of(ready, pending, desired, draining), List.of(s.ready(), s.pending(), s.desired(), s.draining()),
        "the model's own ready, pending, desired, draining");
  }

  private static List<String> describe(List<TargetEvent> events) {
    return events.stream().map(e -> e.kind() + " " + e.from() + "->" + e.to() + " " + e.detail()).toList();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("waited 10 s for " + what);
      Thread.sleep(10);
    }
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
