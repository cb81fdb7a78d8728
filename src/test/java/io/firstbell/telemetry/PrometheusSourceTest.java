package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ready and desired instances from the Prometheus HTTP API: one number per PromQL expression out of the API's
 * JSON (anything else is a failure naming the expression and the fix), and the changes between readings as
 * capacity events. The HTTP part talks to a tiny in-test server on loopback that answers like Prometheus.
 */
class PrometheusSourceTest {

  private static final String READY = "sum(firstbell_instances{state=\"ready\"})";
  private static final String DESIRED = "sum(firstbell_instances{state=\"desired\"})";
  private static final long T = 1_800_000_000_123L;

  // ---- value(): the one number in an API answer ---------------------------------------------

  private static String vector(String... values) {
    StringBuilder result = new StringBuilder();
    for (int k = 0; k < values.length; k++) {
      if (k > 0) result.append(',');
      result.append("{\"metric\":{\"__name__\":\"firstbell_instances\",\"state\":\"s").append(k).append("\"},\"value\":[1800000000.123,\"")
          .append(values[k]).append("\"]}");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
  }

  private static String scalar(String value) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1800000000.123,\"" + value + "\"]}}";
  }

  private static String error(String type, String message) {
    return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
  }

  private static String failure(String promql, int status, String body) {
    IOException e = assertThrows(IOException.class, () -> PrometheusSource.value(promql, status, body));
    return e.getMessage();
  }

  @Test
  void aVectorWithOneSeriesGivesItsValue() throws IOException {
    assertEquals(3.0, PrometheusSource.value(READY, 200, vector("3")), 0.0);
    assertEquals(2.5, PrometheusSource.value(READY, 200, vector("2.5")), 0.0);
  }

  @Test
  void aScalarGivesItsValue() throws IOException {
    assertEquals(4.0, PrometheusSource.value("scalar(up)", 200, scalar("4")), 0.0);
    assertEquals(0.0, PrometheusSource.value("vector(0)", 200, scalar("0")), 0.0);
  }

  @Test
  void anEmptyVectorIsNoSeriesYetWhichCheckTreatsAsAWarning() {
    IOException e = assertThrows(IOException.class, () -> PrometheusSource.value(READY, 200, vector()));
    assertEquals(PrometheusSource.NoSeries.class, e.getClass());
    assertEquals("'" + READY + "' matched no series (yet)", e.getMessage());
  }

  @Test
  void severalSeriesAreNotOneNumberAndTheMessageSaysToFilterOrSum() {
    String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{\"__name__\":\"firstbell_instances\",\"state\":\"ready\"},\"value\":[1800000000.123,\"3\"]},"
        + "{\"metric\":{\"__name__\":\"firstbell_instances\",\"state\":\"desired\"},\"value\":[1800000000.123,\"4\"]}]}}";
    IOException e = assertThrows(IOException.class, () -> PrometheusSource.value("firstbell_instances", 200, body));
    assertEquals(IOException.class, e.getClass(), "several series are an error, not a no-series warning");
    assertEquals("'firstbell_instances' gave 2 series ({\"__name__\":\"firstbell_instances\",\"state\":\"ready\"}, ...), not one number; "
        + "add a label filter or wrap it in sum(...)", e.getMessage());
    assertEquals("'up' gave 3 series ({\"__name__\":\"firstbell_instances\",\"state\":\"s0\"}, ...), not one number; "
        + "add a label filter or wrap it in sum(...)", failure("up", 200, vector("1", "1", "0")));
  }

  @Test
  void anErrorStatusNamesTheQueryTheHttpStatusTheErrorTypeAndPrometheusMessage() {
    String body = error("bad_data", "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    IOException e = assertThrows(IOException.class, () -> PrometheusSource.value("sum(", 400, body));
    assertEquals(IOException.class, e.getClass());
    assertEquals("Prometheus rejected 'sum(' (HTTP 400, bad_data): invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis",
        e.getMessage());
    assertEquals("Prometheus rejected '" + READY + "' (HTTP 503, timeout): query timed out in expression evaluation",
        failure(READY, 503, error("timeout", "query timed out in expression evaluation")));
  }

  @Test
  void notANumberIsNotACountOfInstances() {
    assertEquals("'" + READY + "' gave NaN, not a count of instances", failure(READY, 200, vector("NaN")));
    assertEquals("'0/0' gave NaN, not a count of instances", failure("0/0", 200, scalar("NaN")));
    assertEquals("'" + READY + "' gave 'three', not a number", failure(READY, 200, vector("three")));
  }

  @Test
  void anInfiniteValueIsRejectedNamingTheQuery() {
    // Prometheus writes infinities as "+Inf"; whatever the wording, the reading must fail and name the query
    String message = failure("1/0", 200, scalar("+Inf"));
    assertTrue(message.startsWith("'1/0' gave ") && message.contains("Inf"), message);
  }

  @Test
  void aBodyThatIsNotJsonIsNotThePrometheusApi() {
    IOException e = assertThrows(IOException.class,
        () -> PrometheusSource.value(READY, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    assertEquals("Prometheus answered HTTP 502 with something that is not its API's JSON; check firstbell.telemetry.prometheus.url"
        + " (the server's base URL, without /api/v1)", e.getMessage());
    assertInstanceOf(JsonProcessingException.class, e.getCause());
  }

  @Test
  void aWrongUrlPrefixIsBlamedOnTheUrlNotOnTheQuery() {
    // Prometheus answers an unknown path with HTTP 404 and "404 page not found", which a JSON parser reads as the number 404
    IOException e = assertThrows(IOException.class, () -> PrometheusSource.value(READY, 404, "404 page not found"));
    assertEquals("Prometheus answered HTTP 404 with something that is not its API's JSON: 404 page not found; check"
        + " firstbell.telemetry.prometheus.url (the server's base URL, without /api/v1)", e.getMessage());
  }

  @Test
  void plusInfIsReadAsInfinityAndRejectedAsACount() {
    assertEquals("'1/0' gave Infinity, not a count of instances", failure("1/0", 200, scalar("+Inf")));
  }

  @Test
  void aMatrixOrStringIsNotOneNumber() {
    String matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    assertEquals("'up[5m]' gave a matrix, not one number; use an instant vector or scalar expression", failure("up[5m]", 200, matrix));
    String string = "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1800000000.123,\"x\"]}}";
    assertEquals("'\"x\"' gave a string, not one number; use an instant vector or scalar expression", failure("\"x\"", 200, string));
  }

  // ---- read() and check() over HTTP -----------------------------------------------------------

  private HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> params = new CopyOnWriteArrayList<>();
  /** Per expression, the answers (HTTP status, body) still to give, in order. */
  private final Map<String, Deque<Object[]>> answers = new ConcurrentHashMap<>();

  @AfterEach
  void stopServer() {
    if (server != null) server.stop(0);
  }

  private void answer(String promql, int status, String body) {
    answers.computeIfAbsent(promql, q -> new ArrayDeque<>()).add(new Object[] {status, body});
  }

  private void answers(String promql, String... values) {
    for (String v : values) answer(promql, 200, vector(v));
  }

  /** @return the base URL of a fake Prometheus that gives the queued answers, with a trailing slash */
  private String startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    params.add(p);
    Deque<Object[]> queued = answers.get(p.get("query"));
    Object[] a = queued == null ? null : queued.poll();
    int status = a == null ? 500 : (Integer) a[0];
    byte[] body = (a == null ? "no canned answer for " + p : (String) a[1]).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String promql, long atMs) {
    return Map.of("query", promql, "time", String.format(java.util.Locale.ROOT, "%d.%03d", atMs / 1000, atMs % 1000));
  }

  @Test
  void readGivesReadyAndDesiredAndTheChangesSinceThePreviousReadingAsEvents() throws Exception {
    PrometheusSource source = new PrometheusSource(startServer(), READY, DESIRED, Duration.ofSeconds(2));
    answers(READY, "2", "2", "2.9999999999", "2");
    answers(DESIRED, "2", "3", "3", "2");

    TelemetrySource.Reading r1 = source.read(T);
    assertEquals(Map.of("ready", 2, "desired", 2), r1.values());
    assertEquals(List.of(), r1.events(), "the first reading shows no change");

    TelemetrySource.Reading r2 = source.read(T + 1000);
    assertEquals(Map.of("ready", 2, "desired", 3), r2.values());
    assertEquals(List.of(new TargetEvent(T + 1000, "scale-out", 2, 3, "desired up in prometheus")), r2.events());

    TelemetrySource.Reading r3 = source.read(T + 2000);
    assertEquals(Map.of("ready", 3, "desired", 3), r3.values(), "values are rounded to whole instances");
    assertEquals(List.of(new TargetEvent(T + 2000, "instance-ready", 2, 3, "ready up in prometheus")), r3.events());

    TelemetrySource.Reading r4 = source.read(T + 3000);
    assertEquals(Map.of("ready", 2, "desired", 2), r4.values());
    assertEquals(List.of(new TargetEvent(T + 3000, "scale-in", 3, 2, "desired down in prometheus"),
        new TargetEvent(T + 3000, "instance-removed", 3, 2, "ready down in prometheus")), r4.events());

    assertEquals(List.of(query(READY, T), query(DESIRED, T), query(READY, T + 1000), query(DESIRED, T + 1000),
        query(READY, T + 2000), query(DESIRED, T + 2000), query(READY, T + 3000), query(DESIRED, T + 3000)), params);
    assertEquals("1800000003.123", params.get(7).get("time"), "time is the reading's epoch seconds with milliseconds");
    assertEquals(List.of("GET /api/v1/query"), paths.stream().distinct().toList(), "the trailing slash of the base URL is dropped");
  }

  @Test
  void aFailedReadingIsNotTheBaselineForTheNextChanges() throws Exception {
    PrometheusSource source = new PrometheusSource(startServer(), READY, DESIRED, Duration.ofSeconds(2));
    answers(READY, "2", "5", "3");
    answer(DESIRED, 200, vector("2"));
    answer(DESIRED, 503, error("unavailable", "too many queries"));
    answer(DESIRED, 200, vector("3"));

    assertEquals(List.of(), source.read(T).events());
    IOException e = assertThrows(IOException.class, () -> source.read(T + 1000));
    assertEquals("Prometheus rejected '" + DESIRED + "' (HTTP 503, unavailable): too many queries", e.getMessage());
    TelemetrySource.Reading r3 = source.read(T + 2000);
    assertEquals(Map.of("ready", 3, "desired", 3), r3.values());
    assertEquals(List.of(new TargetEvent(T + 2000, "scale-out", 2, 3, "desired up in prometheus"),
        new TargetEvent(T + 2000, "instance-ready", 2, 3, "ready up in prometheus")), r3.events(),
        "the changes are against the last reading that succeeded (2, 2), not the half-read one (5, ?)");
  }

  @Test
  void checkWarnsAboutExpressionsWithNoSeriesYetAndFailsOnRejectedOnes() throws Exception {
    PrometheusSource source = new PrometheusSource(startServer(), READY, DESIRED, Duration.ofSeconds(2));
    answer(READY, 200, vector());
    answer(DESIRED, 200, vector());
    assertEquals("'" + READY + "' matched no series (yet); '" + DESIRED + "' matched no series (yet)", source.check(T));

    answers(READY, "2");
    answer(DESIRED, 200, vector());
    assertEquals("'" + DESIRED + "' matched no series (yet)", source.check(T));

    answers(READY, "2");
    answers(DESIRED, "2");
    assertEquals("", source.check(T));

    answer(READY, 400, error("bad_data", "1:5: parse error: unexpected end of input"));
    IOException e = assertThrows(IOException.class, () -> source.check(T));
    assertEquals("Prometheus rejected '" + READY + "' (HTTP 400, bad_data): 1:5: parse error: unexpected end of input", e.getMessage());
  }

  @Test
  void aServerThatDoesNotAnswerIsNamedInTheFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PrometheusSource source = new PrometheusSource("http://127.0.0.1:" + port, READY, DESIRED, Duration.ofSeconds(2));
    IOException e = assertThrows(IOException.class, () -> source.read(T));
    assertTrue(e.getMessage().startsWith("Prometheus at http://127.0.0.1:" + port + " did not answer ("), e.getMessage());
    assertEquals("prometheus http://127.0.0.1:" + port, source.describe());
  }
}
