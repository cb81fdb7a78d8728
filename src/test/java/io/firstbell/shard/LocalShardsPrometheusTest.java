package io.firstbell.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firstbell.results.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher end to end, watched by a real Prometheus (Debian's {@code /usr/bin/prometheus}): two shard JVMs of a short
 * steady plan against one reference stack, each serving its live metrics on its own port, scraped every second; the merged
 * run's totals equal what Prometheus read back, summed over the shards, and each shard's logins equal its own series. CI
 * installs Prometheus; elsewhere the test is skipped when it is missing.
 */
class LocalShardsPrometheusTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir Path dir;

  private Process prometheus;
  private Process launcher;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : new Process[] {launcher, prometheus}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void twoLocalShardsMergeIntoOneRunWhoseTotalsArePrometheusSumsOverTheShards() throws Exception {
    if (System.getenv("CI") == null) {
      assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus is not installed (apt-get install prometheus); CI installs it");
    }
    assertTrue(Files.isExecutable(PROMETHEUS), "CI must install Prometheus at " + PROMETHEUS + " (.ci/run does)");
    int base = twoFreePorts();
    int promPort = freePort();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: firstbell
            static_configs:
              - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
        """.formatted(base, base + 1));
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--web.listen-address=127.0.0.1:" + promPort,
        "--storage.tsdb.path=" + dir.resolve("data")).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

    Path results = dir.resolve("results");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classPath,
        "io.firstbell.shard.LocalShards", "--shards", "2", "--simulation", "StudentLoginSimulation", "--start-delay", "20s", "--run-id", "two-shards",
        "--heap", "768m", "--",
        "-Dfirstbell.results.directory=" + results, "-Dfirstbell.roster.users=3000",
        "-Dfirstbell.metrics.enabled=on", "-Dfirstbell.metrics.port=" + base, "-Dfirstbell.metrics.linger=5s",
        "-Dfirstbell.load.student-login.logins-per-second=8", "-Dfirstbell.load.student-login.ramp=0s", "-Dfirstbell.load.student-login.duration=10s",
        "-Dfirstbell.warm-up.duration=3s"));
    Path log = dir.resolve("launcher.log");
    launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(launcher.waitFor(4, TimeUnit.MINUTES), "the launcher did not end within 4 minutes:\n" + Files.readString(log));
    String console = Files.readString(log);
    assertEquals(0, launcher.exitValue(), console);
    assertTrue(console.contains("FirstBell: local shards: all ended (shard 0 exit 0, shard 1 exit 0); merging"), console);

    Summary merged = Summary.read(results.resolve("two-shards").resolve("merged").resolve("summary.json"));
    assertEquals(2, merged.shards().size());
    assertEquals(8 * 10, merged.logins().attempted(), "the plan's judged logins, 8/s for 10 s, split between the shards: " + console);
    assertEquals(merged.logins().attempted(), merged.shards().stream().mapToLong(s -> s.logins()).sum() - preflightAndWarmUp(results),
        "the shards' ledgers are the merged one");

    String load = "phase=\"load\"";
    assertEquals(merged.logins().attempted(), query(promPort, "sum(max_over_time(firstbell_logins_started_total{" + load + "}[10m]))"));
    assertEquals(merged.logins().succeeded(), query(promPort, "sum(max_over_time(firstbell_logins_ended_total{" + load + ",outcome=\"succeeded\"}[10m]))"));
    assertEquals(merged.logins().attempted(), query(promPort, "sum(max_over_time(firstbell_logins_ended_total{" + load + "}[10m]))"),
        "every judged login ended, and was counted once");
    assertEquals(merged.logins().attempted(), query(promPort, "sum(max_over_time(firstbell_login_duration_seconds_count{" + load + "}[10m]))"));
    for (Summary.ShardSummary shard : merged.shards()) {
      assertEquals(shard.logins(), query(promPort, "sum(max_over_time(firstbell_logins_started_total{shard=\"" + shard.index() + "\"}[10m]))"),
          "shard " + shard.index() + ": its ledger's logins, every phase, are its series'");
    }
  }

  /** @return the merged run's logins that are not judged (each shard's preflight and warm-up) */
  private static long preflightAndWarmUp(Path results) throws IOException {
    return Files.readAllLines(results.resolve("two-shards").resolve("merged").resolve("logins.csv")).stream()
        .filter(l -> l.endsWith(",preflight") || l.endsWith(",warm-up")).count();
  }

  /** @return the one number an instant query gives, waiting up to 20 s for Prometheus to answer it */
  private static long query(int port, String promql) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    String last = "";
    for (int attempt = 0; attempt < 40; attempt++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      last = r.body();
      JsonNode result = new ObjectMapper().readTree(last).path("data").path("result");
      if (r.statusCode() == 200 && result.size() == 1) return Math.round(Double.parseDouble(result.get(0).path("value").get(1).asText()));
      Thread.sleep(500);
    }
    throw new AssertionError(promql + " gave no one number: " + last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int twoFreePorts() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = freePort();
      if (p >= 65535) continue;
      try (ServerSocket next = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no two consecutive free ports on loopback");
  }
}
