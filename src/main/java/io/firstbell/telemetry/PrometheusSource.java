package io.firstbell.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Ready and desired instances from a Prometheus server's HTTP API ({@code GET /api/v1/query}), each a
 * PromQL expression that must give one number: a Kubernetes Deployment, an autoscaling group, or the
 * reference stack's own {@code /metrics}, whatever Prometheus scrapes. Prometheus reports counts, not
 * events: scale-out decisions and instances ready are the changes between readings ({@link Transitions}),
 * so their times are as fine as the scrape and poll intervals.
 */
public final class PrometheusSource implements TelemetrySource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String baseUrl;
  private final String readyQuery;
  private final String desiredQuery;
  private final Duration timeout;
  private int[] previous;

  public PrometheusSource(String baseUrl, String readyQuery, String desiredQuery, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.readyQuery = readyQuery;
    this.desiredQuery = desiredQuery;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public static PrometheusSource of(TelemetrySettings s) {
    return new PrometheusSource(s.prometheusUrl(), s.readyQuery(), s.desiredQuery(), s.timeout());
  }

  @Override
  public synchronized Reading read(long nowMs) throws IOException, InterruptedException {
    int ready = (int) Math.round(query(readyQuery, nowMs));
    int desired = (int) Math.round(query(desiredQuery, nowMs));
    int[] now = {ready, desired};
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("ready", ready);
    v.put("desired", desired);
    Reading r = new Reading(v, Transitions.between(previous, now, nowMs, "prometheus"));
    previous = now;
    return r;
  }

  /**
   * Checks both expressions before any load is sent: the server answers, and each gives one number.
   *
   * @return a warning to print (e.g. no series yet), or empty when both answered
   * @throws IOException naming the server, the expression and the fix
   */
  public String check(long nowMs) throws IOException, InterruptedException {
    StringBuilder warnings = new StringBuilder();
    for (String q : new String[] {readyQuery, desiredQuery}) {
      try {
        query(q, nowMs);
      } catch (NoSeries e) {
        warnings.append(warnings.length() > 0 ? "; " : "").append(e.getMessage());
      }
    }
    return warnings.toString();
  }

  /** @return the value of {@code promql} at {@code atMs}: a scalar, or a vector of exactly one series */
  double query(String promql, long atMs) throws IOException, InterruptedException {
    URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + String.format(Locale.ROOT, "%.3f", atMs / 1000.0));
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("Prometheus at " + baseUrl + " did not answer (" + e + ")", e);
    }
    return value(promql, r.statusCode(), r.body());
  }

  /** @return the one number in a Prometheus query answer */
  static double value(String promql, int status, String body) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("Prometheus answered HTTP " + status + " with something that is not its API's JSON"
          + "; check firstbell.telemetry.prometheus.url (the server's base URL, without /api/v1)", e);
    }
    if (!n.isObject() || !n.has("status")) {
      String t = body == null ? "" : body.strip();
      throw new IOException("Prometheus answered HTTP " + status + " with something that is not its API's JSON"
          + (t.isEmpty() ? " (an empty body)" : ": " + (t.length() > 120 ? t.substring(0, 120) + "..." : t))
          + "; check firstbell.telemetry.prometheus.url (the server's base URL, without /api/v1)");
    }
    if (!"success".equals(n.path("status").asText())) {
      throw new IOException("Prometheus rejected '" + promql + "' (HTTP " + status + ", " + n.path("errorType").asText() + "): " + n.path("error").asText());
    }
    JsonNode data = n.path("data");
    JsonNode sample;
    switch (data.path("resultType").asText()) {
      case "scalar" -> sample = data.path("result");
      case "vector" -> {
        JsonNode result = data.path("result");
        if (result.size() == 0) throw new NoSeries("'" + promql + "' matched no series (yet)");
        if (result.size() > 1) {
          throw new IOException("'" + promql + "' gave " + result.size() + " series (" + result.get(0).path("metric") + ", ...), not one number; "
              + "add a label filter or wrap it in sum(...)");
        }
        sample = result.get(0).path("value");
      }
      default -> throw new IOException("'" + promql + "' gave a " + data.path("resultType").asText() + ", not one number; use an instant vector or scalar expression");
    }
    double v;
    try {
      String text = sample.path(1).asText();
      v = switch (text) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    } catch (NumberFormatException e) {
      throw new IOException("'" + promql + "' gave '" + sample.path(1).asText() + "', not a number", e);
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) throw new IOException("'" + promql + "' gave " + v + ", not a count of instances");
    return v;
  }

  /** A query that matched nothing: a failed reading mid-run, only a warning before it. */
  static final class NoSeries extends IOException {
    NoSeries(String message) {
      super(message);
    }
  }

  @Override
  public String describe() {
    return "prometheus " + baseUrl;
  }
}
