package io.firstbell.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firstbell.config.SettingsException;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * This injector's live login metrics, in Prometheus text format at {@code GET /metrics}: every login the ledger begins and
 * records ({@link LoginLedger.Listener}), counted exactly, labelled {@code run} and {@code shard} so that Prometheus can sum the
 * shards of a run, and {@code phase} so that the judged logins ({@code load}) can be told from warm-up and preflight. Thread-safe;
 * {@link #close()} stops the server. When metrics are off, {@link #start} gives an instance that counts and serves nothing.
 *
 * <p>Meters, as Prometheus shows them:
 * <ul>
 *   <li>{@value #STARTED}{@code {journey,persona,phase}}: logins begun;
 *   <li>{@value #ENDED}{@code {journey,persona,phase,outcome,failed_step,failure_kind}}: logins recorded, {@code outcome}
 *       {@code succeeded}, {@code failed} or {@code cut-short}, {@code failed_step} and {@code failure_kind} {@code none} when
 *       it succeeded (or no step was named);
 *   <li>{@value #DURATION}{@code {journey,phase,outcome}}: a histogram of the login time the SLO judges ({@link
 *       LoginRecord#loginMs()}: from the scheduled start to the end, think time excluded), buckets {@link
 *       #DURATION_BUCKETS_SECONDS};
 *   <li>{@value #START_LAG}{@code {phase}}: a histogram of how late each login began against its schedule, buckets {@link
 *       #START_LAG_BUCKETS_SECONDS};
 *   <li>{@value #OPEN}: logins begun and not yet recorded;
 *   <li>{@value #OFFERED}: the rate the load shape offers now (the caller's supplier);
 *   <li>{@value #CPU}: the generator's CPU time (the caller's supplier).
 * </ul>
 */
public final class LiveMetrics implements LoginLedger.Listener, AutoCloseable {

  /** Where the metrics are served. */
  public static final String PATH = "/metrics";
  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  public static final String STARTED = "firstbell_logins_started_total";
  public static final String ENDED = "firstbell_logins_ended_total";
  public static final String DURATION = "firstbell_login_duration_seconds";
  public static final String START_LAG = "firstbell_start_lag_seconds";
  public static final String OPEN = "firstbell_logins_open";
  public static final String OFFERED = "firstbell_offered_logins_per_second";
  public static final String CPU = "firstbell_generator_cpu_seconds_total";

  /** Upper bounds of the login-duration buckets: around the default SLO (p95 within 2 s), out to a minute. */
  public static final List<Double> DURATION_BUCKETS_SECONDS = List.of(0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0);
  /** Upper bounds of the start-lag buckets: from on time to well past {@code firstbell.generator.max-start-lag} (1 s). */
  public static final List<Double> START_LAG_BUCKETS_SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0);

  /** The label value of a succeeded login's failed step and kind, and of a step or kind the journey did not name. */
  public static final String NONE = "none";

  private final PrometheusMeterRegistry registry; // null: metrics are off
  private final DoubleSupplier offered;
  private final LongSupplier cpuMillis;
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong cpuMillisSeen = new AtomicLong();
  private final Map<List<String>, Counter> started = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> ended = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Timer> lags = new ConcurrentHashMap<>();
  private volatile HttpServer server;
  private ExecutorService handler;
  private volatile Duration linger = Duration.ZERO;
  private volatile boolean closing;
  private final CountDownLatch finalScrape = new CountDownLatch(1);

  private LiveMetrics(PrometheusMeterRegistry registry, DoubleSupplier offered, LongSupplier cpuMillis) {
    this.registry = registry;
    this.offered = offered;
    this.cpuMillis = cpuMillis;
    if (registry == null) return;
    Gauge.builder("firstbell.logins.open", this, m -> m.open.get())
        .description("Logins begun and not yet ended").register(registry);
    Gauge.builder("firstbell.offered.logins.per.second", this, m -> m.offeredNow())
        .description("Logins per second the load shape offers now").register(registry);
    FunctionCounter.builder("firstbell.generator.cpu", this, m -> m.cpuSeconds())
        .baseUnit("seconds").description("CPU time the generator's process has used").register(registry);
  }

  /**
   * Starts serving this injector's metrics at {@code http://<bind>:<port>/metrics}, or, when {@code settings} are off, gives
   * an instance that counts and serves nothing.
   *
   * @param runId the run's id, label {@code run} of every series
   * @param shard this injector's shard index, label {@code shard}
   * @param offeredPerSec the rate this injector's share of the load shape offers now (logins/s), read at each scrape, so that
   *     the shards' sum is the run's
   * @param generatorCpuMillis the CPU time this injector's generator has used so far (ms), read at each scrape; a reading below
   *     an earlier one is taken as the earlier one, so that the counter never goes down
   * @return the metrics, to {@link LoginLedger#listen} to and {@link #close()} at the end of the run
   * @throws SettingsException when the port cannot be listened on, naming the key and the fix
   */
  public static LiveMetrics start(MetricsSettings settings, String runId, int shard, DoubleSupplier offeredPerSec,
      LongSupplier generatorCpuMillis) {
    if (!settings.enabled()) return new LiveMetrics(null, () -> 0, () -> 0);
    LiveMetrics metrics = unserved(runId, shard, offeredPerSec, generatorCpuMillis);
    metrics.serve(settings);
    return metrics;
  }

  /** @return metrics that count but serve nothing, for {@link #scrape()} alone (tests) */
  static LiveMetrics unserved(String runId, int shard, DoubleSupplier offeredPerSec, LongSupplier generatorCpuMillis) {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("Live metrics need a run id, the label run that tells one run's series from another's");
    }
    if (shard < 0) throw new IllegalArgumentException("Live metrics need a shard index from 0, not " + shard);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("run", runId, "shard", String.valueOf(shard));
    return new LiveMetrics(registry, offeredPerSec, generatorCpuMillis);
  }

  /** @return whether a server is serving the metrics (metrics are on and not yet closed) */
  public boolean serving() {
    return server != null;
  }

  /** @return the port the metrics are served on (the one taken when the setting is 0), or -1 when none is served */
  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.getAddress().getPort();
  }

  /** @return e.g. {@code http://127.0.0.1:9404/metrics}, or null when none is served */
  public String url() {
    HttpServer s = server;
    return s == null ? null : "http://" + MetricsSettings.host(s.getAddress().getAddress().getHostAddress()) + ":" + port() + PATH;
  }

  /** @return every series in Prometheus text format, as {@code GET /metrics} answers; empty when metrics are off */
  public String scrape() {
    return registry == null ? "" : registry.scrape();
  }

  @Override
  public void begun(LoginLedger.Open login) {
    if (registry == null) return;
    open.incrementAndGet();
    started.computeIfAbsent(List.of(login.journey(), login.persona(), login.phase()), k -> Counter.builder("firstbell.logins.started")
        .description("Logins begun").tags("journey", k.get(0), "persona", k.get(1), "phase", k.get(2)).register(registry))
        .increment();
    lags.computeIfAbsent(login.phase(), p -> Timer.builder("firstbell.start.lag")
        .description("How late logins began against their schedule").tags("phase", p)
        .serviceLevelObjectives(durations(START_LAG_BUCKETS_SECONDS)).register(registry))
        .record(Math.max(0, login.startMs() - login.scheduledStartMs()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void ended(LoginRecord r) {
    if (registry == null) return;
    open.decrementAndGet();
    String outcome = r.outcome().wireName();
    ended.computeIfAbsent(List.of(r.journey(), r.persona(), r.phase(), outcome, label(r.failedStep()), label(r.failureKind())),
        k -> Counter.builder("firstbell.logins.ended").description("Logins ended, by outcome and the step that failed")
            .tags("journey", k.get(0), "persona", k.get(1), "phase", k.get(2), "outcome", k.get(3), "failed_step", k.get(4),
                "failure_kind", k.get(5))
            .register(registry))
        .increment();
    durations.computeIfAbsent(List.of(r.journey(), r.phase(), outcome), k -> Timer.builder("firstbell.login.duration")
        .description("Login time from the scheduled start to the end, think time excluded")
        .tags("journey", k.get(0), "phase", k.get(1), "outcome", k.get(2))
        .serviceLevelObjectives(durations(DURATION_BUCKETS_SECONDS)).register(registry))
        .record(Math.max(0, r.loginMs()), TimeUnit.MILLISECONDS); // never negative, so every ended login is in the count
  }

  /**
   * Stops the server, once a scrape begun after this call has answered or {@code firstbell.metrics.linger} has passed (at once
   * when it is zero), so that Prometheus can have the final counts: close the ledger first. The counts stay readable through
   * {@link #scrape()}.
   */
  @Override
  public synchronized void close() {
    closing = true;
    if (server != null && !linger.isZero()) {
      try {
        finalScrape.await(linger.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    HttpServer s = server;
    server = null;
    if (s != null) {
      s.stop(0);
      handler.shutdownNow();
    }
  }

  private void serve(MetricsSettings settings) {
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
    } catch (BindException e) {
      throw new SettingsException("firstbell.metrics.port " + settings.port() + " on " + settings.bind() + " cannot be listened on ("
          + e.getMessage() + "): choose a free port, or 0 for any free one, or switch firstbell.metrics.enabled off", e);
    } catch (IOException e) {
      throw new SettingsException("Live metrics cannot listen on " + settings.bind() + ":" + settings.port() + " (" + e.getMessage()
          + "): check firstbell.metrics.bind and firstbell.metrics.port", e);
    }
    handler = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "firstbell-metrics");
      t.setDaemon(true); // a scrape never keeps the run's JVM alive
      return t;
    });
    linger = settings.linger();
    s.setExecutor(handler);
    s.createContext("/", this::handle);
    startAsDaemon(s);
    server = s;
  }

  /** Starts {@code s} from a daemon thread: its dispatcher thread inherits that, so a server left open never keeps the JVM alive. */
  private static void startAsDaemon(HttpServer s) {
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        s.start();
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "firstbell-metrics-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.stop(0);
      throw new IllegalStateException("Interrupted while starting the live metrics server", e);
    }
    if (failed.get() != null) throw failed.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        respond(exchange, 404, "text/plain; charset=utf-8", "Not found: FirstBell's live metrics are at " + PATH + "\n", method);
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "Only GET and HEAD are allowed at " + PATH + "\n", method);
      } else {
        boolean last = closing; // begun after close(): this scrape has the final counts
        respond(exchange, 200, CONTENT_TYPE, scrape(), method);
        if (last && method.equals("GET")) finalScrape.countDown();
      }
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body, String method) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = method.equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private double offeredNow() {
    try {
      return offered.getAsDouble();
    } catch (RuntimeException e) { // a scrape answers whatever a supplier does
      return Double.NaN;
    }
  }

  private double cpuSeconds() {
    try {
      long ms = cpuMillis.getAsLong();
      return cpuMillisSeen.accumulateAndGet(ms, Math::max) / 1000.0; // a counter never goes down
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String label(String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  private static Duration[] durations(List<Double> seconds) {
    return seconds.stream().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
  }

  @Override
  public String toString() {
    return "LiveMetrics" + (serving() ? " at " + url() : registry == null ? " (off)" : " (not served)");
  }
}
