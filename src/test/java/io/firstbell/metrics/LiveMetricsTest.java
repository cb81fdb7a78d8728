package io.firstbell.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.analysis.LoginStats;
import io.firstbell.config.SettingsException;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live metrics fed by a real ledger and scraped over HTTP from a server on port 0: every login counted exactly, by phase,
 * journey, persona, outcome and failed step, so that the shards' sums equal the run's totals.
 */
class LiveMetricsTest {

  static final MetricsSettings ON = new MetricsSettings(true, 0, "127.0.0.1", Duration.ZERO);
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  final AtomicLong now = new AtomicLong();
  final AtomicReference<Double> offered = new AtomicReference<>(12.5);
  final AtomicLong cpuMillis = new AtomicLong(1500);
  LoginLedger ledger;
  LiveMetrics metrics;

  @BeforeEach
  void start() {
    metrics = LiveMetrics.start(ON, "bts-morning-1", 3, offered::get, cpuMillis::get);
    ledger = new LoginLedger(dir.resolve("logins.csv"), now::get);
    ledger.listen(metrics);
  }

  @AfterEach
  void stop() {
    ledger.close();
    metrics.close();
  }

  /** One login: begun at {@code startMs} against {@code scheduledMs}, ended at {@code endMs} (or left open when {@code outcome} is null). */
  long login(String phase, String journey, String persona, long scheduledMs, long startMs, long endMs, Outcome outcome,
      String failedStep, String failureKind, long thinkMs) {
    now.set(startMs);
    long id = ledger.begin(scheduledMs, journey, persona, "password", "cedar-falls", phase);
    if (outcome != null) {
      now.set(endMs);
      ledger.end(id, outcome, failedStep, failureKind, 4, false, thinkMs);
    }
    return id;
  }

  /**
   * The crafted run: one preflight login, two warm-up logins, then under load three student logins that succeed (900 ms each,
   * think time excluded), one that fails at "Submit credentials", a teacher's that fails at "Open app", and a teacher's still
   * open (cut short when the ledger closes).
   */
  void craftedRun() {
    login(LoginRecord.PREFLIGHT, "student-portal", "student", 1_000, 1_000, 1_800, Outcome.SUCCEEDED, "", "", 0);
    for (int i = 0; i < 2; i++) {
      login(LoginRecord.WARM_UP, "student-portal", "student", 2_000, 2_005, 2_400, Outcome.SUCCEEDED, "", "", 0);
    }
    for (int i = 0; i < 3; i++) {
      login(LoginRecord.LOAD, "student-portal", "student", 10_000, 10_020, 11_200, Outcome.SUCCEEDED, "", "", 300);
    }
    login(LoginRecord.LOAD, "student-portal", "student", 10_000, 10_000, 12_500, Outcome.FAILED, "Submit credentials", "http-500", 0);
    login(LoginRecord.LOAD, "teacher-portal", "teacher", 10_000, 10_000, 10_700, Outcome.FAILED, "Open app", "check", 100);
    login(LoginRecord.LOAD, "teacher-portal", "teacher", 10_000, 10_000, 0, null, "", "", 0);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  PromText scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    assertEquals(200, response.statusCode());
    return PromText.parse(response.body());
  }

  @Test
  void countsEveryLoginBegunByJourneyPersonaAndPhase() throws Exception {
    craftedRun();
    PromText p = scrape();
    assertEquals(6, p.sum(LiveMetrics.STARTED, Map.of("phase", "load")));
    assertEquals(2, p.sum(LiveMetrics.STARTED, Map.of("phase", "warm-up")));
    assertEquals(1, p.sum(LiveMetrics.STARTED, Map.of("phase", "preflight")));
    assertEquals(4, p.sum(LiveMetrics.STARTED, Map.of("phase", "load", "journey", "student-portal", "persona", "student")));
    assertEquals(2, p.sum(LiveMetrics.STARTED, Map.of("phase", "load", "journey", "teacher-portal", "persona", "teacher")));
    assertEquals(1, p.sum(LiveMetrics.OPEN), "the teacher's login still running");
  }

  @Test
  void countsEveryLoginEndedByOutcomeAndFailedStepIncludingThoseCutShortAtClose() throws Exception {
    craftedRun();
    PromText before = scrape();
    assertEquals(3, before.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "succeeded", "failed_step", "none",
        "failure_kind", "none")));
    assertEquals(1, before.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "failed", "journey", "student-portal",
        "persona", "student", "failed_step", "Submit credentials", "failure_kind", "http-500")));
    assertEquals(1, before.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "failed", "journey", "teacher-portal",
        "failed_step", "Open app", "failure_kind", "check")));
    assertEquals(0, before.sum(LiveMetrics.ENDED, Map.of("outcome", "cut-short")));

    now.set(20_000);
    ledger.close();
    PromText after = scrape();
    assertEquals(1, after.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "cut-short", "journey", "teacher-portal",
        "failed_step", "none", "failure_kind", "cut-short")));
    assertEquals(0, after.sum(LiveMetrics.OPEN));
    assertEquals(after.sum(LiveMetrics.STARTED), after.sum(LiveMetrics.ENDED), "every login begun has ended");
  }

  @Test
  void theLoadPhaseSumsEqualTheLedgersJudgedTotals() throws Exception {
    craftedRun();
    now.set(20_000);
    ledger.close();
    List<LoginRecord> judged = ledger.rows().stream().filter(LoginRecord::judged).toList();
    LoginStats stats = LoginStats.of(judged);
    PromText p = scrape();
    Map<String, String> load = Map.of("phase", "load");
    assertEquals(stats.attempted(), (long) p.sum(LiveMetrics.STARTED, load));
    assertEquals(stats.attempted(), (long) p.sum(LiveMetrics.ENDED, load));
    assertEquals(stats.succeeded(), (long) p.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "succeeded")));
    assertEquals(stats.failed(), (long) (p.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "failed"))
        + p.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "cut-short"))));
    assertEquals(stats.cutShort(), (long) p.sum(LiveMetrics.ENDED, Map.of("phase", "load", "outcome", "cut-short")));
    assertEquals(6, stats.attempted());
  }

  @Test
  void theDurationHistogramCountsEveryEndedLoginByItsLoginTimeWithoutThinkTime() throws Exception {
    craftedRun();
    now.set(20_000);
    ledger.close();
    PromText p = scrape();
    assertEquals(p.sum(LiveMetrics.ENDED), p.sum(LiveMetrics.DURATION + "_count"));
    assertEquals(9, p.sum(LiveMetrics.DURATION + "_count"));
    Map<String, String> ok = Map.of("journey", "student-portal", "phase", "load", "outcome", "succeeded");
    assertEquals(2.7, p.sum(LiveMetrics.DURATION + "_sum", ok), 1e-9, "3 logins of 1,200 ms less 300 ms of think time");
    assertEquals(0, p.sum(LiveMetrics.DURATION + "_bucket", with(ok, "le", "0.75")));
    assertEquals(3, p.sum(LiveMetrics.DURATION + "_bucket", with(ok, "le", "1.0")));
    assertEquals(3, p.sum(LiveMetrics.DURATION + "_bucket", with(ok, "le", "+Inf")));
    Map<String, String> cut = Map.of("journey", "teacher-portal", "phase", "load", "outcome", "cut-short");
    assertEquals(10.0, p.sum(LiveMetrics.DURATION + "_sum", cut), 1e-9, "from its scheduled start to the close");
    assertEquals(LiveMetrics.DURATION_BUCKETS_SECONDS.size() + 1, p.named(LiveMetrics.DURATION + "_bucket").stream()
        .filter(s -> s.labels().entrySet().containsAll(ok.entrySet())).count(), "the fixed buckets and +Inf");
    assertEquals(Map.of(), p.named(LiveMetrics.DURATION + "_count").stream().filter(s -> s.labels().containsKey("persona"))
        .collect(java.util.stream.Collectors.toMap(PromText.Sample::name, s -> s)), "labelled journey, phase and outcome only");
  }

  @Test
  void theStartLagHistogramCountsEveryLoginBegunByHowLateItBegan() throws Exception {
    craftedRun();
    PromText p = scrape();
    assertEquals(p.sum(LiveMetrics.STARTED), p.sum(LiveMetrics.START_LAG + "_count"));
    assertEquals(0.06, p.sum(LiveMetrics.START_LAG + "_sum", Map.of("phase", "load")), 1e-9, "three logins 20 ms late");
    assertEquals(0.01, p.sum(LiveMetrics.START_LAG + "_sum", Map.of("phase", "warm-up")), 1e-9);
    assertEquals(3, p.sum(LiveMetrics.START_LAG + "_bucket", Map.of("phase", "load", "le", "0.005")), "the three on time");
    assertEquals(6, p.sum(LiveMetrics.START_LAG + "_bucket", Map.of("phase", "load", "le", "0.025")));
  }

  @Test
  void everySeriesIsLabelledWithTheRunAndTheShard() throws Exception {
    craftedRun();
    PromText p = scrape();
    assertFalse(p.samples().isEmpty());
    for (PromText.Sample s : p.samples()) {
      assertEquals("bts-morning-1", s.labels().get("run"), s::toString);
      assertEquals("3", s.labels().get("shard"), s::toString);
    }
  }

  @Test
  void theOfferedRateAndTheGeneratorsCpuAreReadFromTheSuppliersAtEachScrape() throws Exception {
    PromText first = scrape();
    assertEquals(12.5, first.sum(LiveMetrics.OFFERED));
    assertEquals(1.5, first.sum(LiveMetrics.CPU));
    offered.set(40.0);
    cpuMillis.set(61_250);
    PromText second = scrape();
    assertEquals(40.0, second.sum(LiveMetrics.OFFERED));
    assertEquals(61.25, second.sum(LiveMetrics.CPU));
    cpuMillis.set(61_000); // a reading that went back (e.g. the stack's CPU subtracted): the counter holds
    assertEquals(61.25, scrape().sum(LiveMetrics.CPU));
    assertEquals(0, second.sum(LiveMetrics.OPEN));
  }

  @Test
  void aSupplierThatFailsGivesNaNAndTheScrapeStillAnswers() throws Exception {
    metrics.close();
    metrics = LiveMetrics.start(ON, "r", 0, () -> {
      throw new IllegalStateException("no plan yet");
    }, () -> {
      throw new IllegalStateException("no bean");
    });
    PromText p = scrape();
    assertTrue(Double.isNaN(p.sum(LiveMetrics.OFFERED)));
    assertTrue(Double.isNaN(p.sum(LiveMetrics.CPU)));
  }

  @Test
  void servesPrometheusTextAtMetricsWithItsContentType() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(r.body().contains("# TYPE firstbell_logins_open gauge\n"), r.body());
    assertTrue(r.body().contains("# TYPE firstbell_generator_cpu_seconds_total counter\n"), r.body());
    assertEquals(404, get("/").statusCode());
    assertEquals(404, get("/metrics/x").statusCode());
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(metrics.url())).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void tellsThePortItTookAndItsUrl() {
    assertTrue(metrics.serving());
    assertTrue(metrics.port() > 0, "port 0 took a free port");
    assertEquals("http://127.0.0.1:" + metrics.port() + "/metrics", metrics.url());
  }

  @Test
  void closingStopsTheServerButKeepsTheCounts() throws Exception {
    craftedRun();
    String url = metrics.url();
    metrics.close();
    assertFalse(metrics.serving());
    assertEquals(-1, metrics.port());
    assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString()));
    assertEquals(6, PromText.parse(metrics.scrape()).sum(LiveMetrics.STARTED, Map.of("phase", "load")));
    metrics.close(); // twice: nothing more
  }

  @Test
  void withALingerClosingWaitsForOneMoreScrapeSoThatPrometheusHasTheFinalCounts() throws Exception {
    metrics.close();
    metrics = LiveMetrics.start(new MetricsSettings(true, 0, "127.0.0.1", Duration.ofSeconds(30)), "r", 0, () -> 0, () -> 0);
    ledger.listen(metrics);
    craftedRun();
    get("/metrics"); // a scrape before the end does not count
    now.set(20_000);
    ledger.close();
    long started = System.nanoTime();
    Thread closer = new Thread(metrics::close);
    closer.start();
    closer.join(300);
    assertTrue(closer.isAlive(), "still serving, waiting for the final scrape");
    PromText last = scrape();
    closer.join(5_000);
    assertFalse(closer.isAlive(), "stopped once the final scrape answered");
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
    assertEquals(last.sum(LiveMetrics.STARTED), last.sum(LiveMetrics.ENDED), "the final scrape has every login ended");
    assertEquals(1, last.sum(LiveMetrics.ENDED, Map.of("outcome", "cut-short")));
    assertFalse(metrics.serving());
  }

  @Test
  void withALingerAndNoScrapeClosingStopsOnceTheLingerHasPassed() {
    metrics.close();
    metrics = LiveMetrics.start(new MetricsSettings(true, 0, "127.0.0.1", Duration.ofMillis(200)), "r", 0, () -> 0, () -> 0);
    long started = System.nanoTime();
    metrics.close();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs >= 190 && tookMs < 5_000, tookMs + " ms");
    assertFalse(metrics.serving());
  }

  @Test
  void countsStayExactWhenManyThreadsBeginAndEndLoginsAtOnce() throws Exception {
    int threads = 8;
    int each = 2_000;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String journey = t % 2 == 0 ? "student-portal" : "teacher-portal";
      done.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          long id = ledger.begin(now.get(), journey, "student", "password", "d", i % 10 == 0 ? LoginRecord.WARM_UP : LoginRecord.LOAD);
          ledger.end(id, i % 7 != 0, "Submit credentials", "http-503", 4, false);
        }
      }));
    }
    for (var f : done) f.get(30, java.util.concurrent.TimeUnit.SECONDS);
    pool.shutdown();
    PromText p = scrape();
    assertEquals(threads * each, p.sum(LiveMetrics.STARTED));
    assertEquals(threads * each, p.sum(LiveMetrics.ENDED));
    assertEquals(threads * each, p.sum(LiveMetrics.DURATION + "_count"));
    assertEquals(threads * each, p.sum(LiveMetrics.START_LAG + "_count"));
    assertEquals(threads * each / 10, p.sum(LiveMetrics.STARTED, Map.of("phase", "warm-up")));
    long failedPerThread = java.util.stream.IntStream.range(0, each).filter(i -> i % 7 == 0).count();
    assertEquals(threads * failedPerThread, p.sum(LiveMetrics.ENDED, Map.of("outcome", "failed", "failed_step", "Submit credentials")));
    assertEquals(0, p.sum(LiveMetrics.OPEN));
    assertEquals(0, ledger.listenerFailures());
  }

  @Test
  void theServersThreadsNeverKeepTheJvmAlive() {
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("firstbell-metrics")).toList();
    assertFalse(threads.isEmpty());
    threads.forEach(t -> assertTrue(t.isDaemon(), t::toString));
  }

  @Test
  void whenMetricsAreOffNothingIsServedOrCounted() throws Exception {
    LiveMetrics off = LiveMetrics.start(new MetricsSettings(false, 0, "127.0.0.1", Duration.ZERO), "r", 0, () -> 1, () -> 1);
    assertFalse(off.serving());
    assertEquals(-1, off.port());
    assertNull(off.url());
    ledger.listen(off);
    craftedRun();
    assertEquals("", off.scrape());
    assertEquals(0, ledger.listenerFailures());
    off.close();
  }

  @Test
  void aPortInUseIsRefusedNamingTheKeyAndTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      SettingsException e = assertThrows(SettingsException.class,
          () -> LiveMetrics.start(new MetricsSettings(true, port, "127.0.0.1", Duration.ZERO), "r", 0, () -> 0, () -> 0));
      assertTrue(e.getMessage().startsWith("firstbell.metrics.port " + port + " on 127.0.0.1 cannot be listened on ("), e.getMessage());
      assertTrue(e.getMessage().endsWith("): choose a free port, or 0 for any free one, or switch firstbell.metrics.enabled off"),
          e.getMessage());
    }
  }

  @Test
  void aRunIdIsRequired() {
    assertEquals("Live metrics need a run id, the label run that tells one run's series from another's",
        assertThrows(IllegalArgumentException.class, () -> LiveMetrics.start(ON, " ", 0, () -> 0, () -> 0)).getMessage());
  }

  static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }
}
