package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider on 127.0.0.1 that hands back another loopback host, 127.0.0.2, which is not on the allowed hosts: in its
 * discovery document, or in a redirect. Run by Gatling in a forked JVM with only 127.0.0.1 allowed, the login fails as
 * {@code blocked-host} naming the host and where it came from, the server on 127.0.0.2 receives no request at all, and the
 * run stops: a second login, due a few seconds later, never starts.
 */
class BlockedHostTest {

  private static final String USERNAME = "alice";
  private static final String PASSWORD = "s3cret-pw";
  private static final String BYSTANDER = "bystander";

  /** A request a server received: on which address, and its path. */
  record Received(String address, String method, String path) {}

  private static final List<Received> provider = new CopyOnWriteArrayList<>();
  private static final List<Received> foreign = new CopyOnWriteArrayList<>();
  private static HttpServer allowed;
  private static HttpServer other;

  @TempDir Path dir;

  @BeforeAll
  static void startTheProviderAndTheOtherHost() throws IOException {
    allowed = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    allowed.createContext("/", exchange -> answer(exchange, provider));
    allowed.start();
    try {
      other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
    } catch (BindException e) {
      throw new AssertionError("cannot listen on 127.0.0.2, which this test needs as a second loopback host (on macOS: "
          + "sudo ifconfig lo0 alias 127.0.0.2)", e);
    }
    other.createContext("/", exchange -> answer(exchange, foreign));
    other.start();
  }

  @AfterAll
  static void stopThem() {
    if (allowed != null) allowed.stop(0);
    if (other != null) other.stop(0);
  }

  @Test
  void aTokenEndpointOnAHostNotAllowedIsNeverCalledTheLoginFailsAsBlockedHostAndTheRunStops() throws Exception {
    Run run = run("foreign-token");

    assertEquals(List.of(), foreign, "127.0.0.2 received requests:\n" + run.output());
    LoginRecord r = run.only("foreign-token");
    assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
    assertEquals("Exchange code", r.failedStep(), r.toString());
    assertEquals("blocked-host", r.failureKind(), r.toString());
    assertEquals(4, r.requests(), "discovery, authorization, credentials, provider keys; the exchange was never sent: " + r);
    assertTrue(provider.stream().anyMatch(x -> x.path().equals("/foreign-token/login")), provider.toString());
    String detail = "blocked-host: 127.0.0.2 (the token_endpoint of OIDC discovery) is not on firstbell.target.allowed-hosts (127.0.0.1)";
    assertTrue(run.output().contains("FirstBell: " + detail + ": the request was not sent; journey foreign-token, step \"Exchange code\";"
        + " the run stops"), run.output());
    assertTrue(run.output().contains("url=http://127.0.0.2:" + other.getAddress().getPort() + "/foreign-token/token, body=" + detail),
        "the failure sample names the URL and the host:\n" + run.output());
    assertTheRunStopped(run);
  }

  @Test
  void aRedirectToAHostNotAllowedIsNeverFollowedTheLoginFailsAsBlockedHostAndTheRunStops() throws Exception {
    Run run = run("foreign-redirect");

    assertEquals(List.of(), foreign, "127.0.0.2 received requests:\n" + run.output());
    LoginRecord r = run.only("foreign-redirect");
    assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
    assertEquals("Start authorization", r.failedStep(), r.toString());
    assertEquals("blocked-host", r.failureKind(), r.toString());
    assertEquals(2, r.requests(), "discovery, and authorization with the redirect it followed: " + r);
    // the first redirect, relative and to the provider itself, was followed; the second was not
    assertEquals(List.of("/foreign-redirect/.well-known/openid-configuration", "/foreign-redirect/authorize", "/foreign-redirect/hop"),
        provider.stream().filter(x -> x.path().startsWith("/foreign-redirect/")).map(Received::path).toList());
    String from = "http://127.0.0.1:" + allowed.getAddress().getPort() + "/foreign-redirect/hop";
    assertTrue(run.output().contains("FirstBell: blocked-host: 127.0.0.2 (the Location of a 302 from " + from + ") is not on"
        + " firstbell.target.allowed-hosts (127.0.0.1): the request was not sent; journey foreign-redirect, step \"Start authorization\";"
        + " the run stops"), run.output());
    assertTheRunStopped(run);
  }

  /** The bystander's login, due 5 s after the blocked one, never started: no row, no request. */
  private static void assertTheRunStopped(Run run) {
    assertEquals(List.of(), run.ledger().stream().filter(r -> r.journey().equals(BYSTANDER)).toList(), run.output());
    assertEquals(List.of(), provider.stream().filter(x -> x.path().startsWith("/" + BYSTANDER + "/")).toList(), run.output());
    assertTrue(run.output().contains("FirstBell: blocked-host: 127.0.0.2 ("), run.output());
  }

  // --- the provider -----------------------------------------------------------------------------

  /**
   * One realm per behaviour, at {@code /<realm>/…}: {@code foreign-token} names a token endpoint on 127.0.0.2 in its
   * discovery; {@code foreign-redirect} redirects authorization to {@code hop} (relative), which redirects to 127.0.0.2;
   * {@code bystander} keeps to itself. Both servers answer alike, so that a request that got through would go on.
   */
  private static void answer(HttpExchange exchange, List<Received> log) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      log.add(new Received(exchange.getLocalAddress().getAddress().getHostAddress(), exchange.getRequestMethod(), path));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String[] parts = path.split("/", 3); // "", realm, endpoint
      if (parts.length < 3) {
        send(exchange, 404, "text/plain", "not found");
        return;
      }
      String realm = parts[1];
      String here = "http://127.0.0.1:" + allowed.getAddress().getPort() + "/" + realm;
      String there = "http://127.0.0.2:" + other.getAddress().getPort() + "/" + realm;
      Map<String, String> query = decode(exchange.getRequestURI().getRawQuery());
      switch (parts[2]) {
        case ".well-known/openid-configuration" -> send(exchange, 200, "application/json", "{\"authorization_endpoint\":\"" + here
            + "/authorize\",\"token_endpoint\":\"" + (realm.equals("foreign-token") ? there : here) + "/token\",\"userinfo_endpoint\":\""
            + here + "/userinfo\",\"jwks_uri\":\"" + here + "/jwks\"}");
        case "authorize" -> {
          if (realm.equals("foreign-redirect") && exchange.getLocalAddress().getAddress().getHostAddress().equals("127.0.0.1")) {
            redirect(exchange, "hop?" + exchange.getRequestURI().getRawQuery());
            return;
          }
          send(exchange, 200, "text/html", "<html><body><form action=\"/" + realm + "/login\" method=\"post\">"
              + "<input type=\"hidden\" name=\"state\" value=\"" + query.get("state") + "\">"
              + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\"></form></body></html>");
        }
        case "hop" -> redirect(exchange, there + "/authorize?" + exchange.getRequestURI().getRawQuery());
        case "login" -> {
          Map<String, String> form = decode(body);
          redirect(exchange, here + "/cb?code=code-" + realm + "&state=" + form.get("state"));
        }
        case "token" -> send(exchange, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"h.p.s\"}");
        case "jwks" -> send(exchange, 200, "application/json", "{\"keys\":[]}");
        case "userinfo" -> send(exchange, 200, "application/json", "{\"preferred_username\":\"" + USERNAME + "\"}");
        default -> send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    send(exchange, 302, "text/plain", "");
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> decode(String encoded) {
    if (encoded == null || encoded.isEmpty()) return Map.of();
    return java.util.Arrays.stream(encoded.split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
            p -> p.length < 2 ? "" : URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> b));
  }

  // --- the forked run ---------------------------------------------------------------------------

  /** A finished run: its console output and its ledger. */
  record Run(String output, List<LoginRecord> ledger) {
    LoginRecord only(String journey) {
      List<LoginRecord> rows = ledger.stream().filter(r -> r.journey().equals(journey)).toList();
      assertEquals(1, rows.size(), rows + "\n" + output);
      return rows.get(0);
    }
  }

  /** Runs {@link BlockedHostSimulation} in a forked JVM with only 127.0.0.1 allowed, {@code realm}'s login first. */
  private Run run(String realm) throws IOException, InterruptedException {
    provider.clear();
    foreign.clear();
    Path csv = dir.resolve("logins.csv");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "--add-opens=java.base/java.lang=ALL-UNNAMED")); // as gatling-maven-plugin does: Gatling reads String internals
    Map.of("hosts.issuer", "http://127.0.0.1:" + allowed.getAddress().getPort(), "hosts.client", realm, "hosts.bystander", BYSTANDER,
            "hosts.allowed", "127.0.0.1", "hosts.username", USERNAME, "hosts.password", PASSWORD, "hosts.ledger", csv.toString())
        .forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.gatling.app.Gatling", "--simulation", BlockedHostSimulation.class.getName(), "--results-folder",
        dir.resolve("results").toString(), "--no-reports", "--launcher", "firstbell-tests"));
    File log = dir.resolve("gatling.log").toFile();
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!gatling.waitFor(3, TimeUnit.MINUTES)) {
      gatling.destroyForcibly().waitFor();
      throw new AssertionError("The run did not finish within 3 minutes:\n" + Files.readString(log.toPath()));
    }
    String out = Files.readString(log.toPath());
    assertTrue(Files.isRegularFile(csv), "no ledger:\n" + out);
    return new Run(out, LedgerCsv.read(csv));
  }
}
