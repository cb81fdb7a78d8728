package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
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
 * The OIDC journey, run by Gatling (in a forked JVM, as Gatling exits when done) against a small local
 * provider whose clients each show a different login form or return a different state: the form is
 * submitted as its method says, and a code that comes back without the state sent is never exchanged.
 */
class OidcJourneyTest {

  private static final String USERNAME = "alice";
  /** Characters that mean something in a query or a form body, to see them arrive intact. */
  private static final String PASSWORD = "p&ss w=rd+%?#";

  /** client id: the login form its login page shows ({@code %s}: the hidden inputs, then the credentials inputs) */
  private static final Map<String, String> FORMS = Map.of(
      "get-form", "<form action=\"/login?dropped=1\" method=\"get\">%s</form>",
      "post-form", "<form action=\"/login?kept=1\" method=\"POST\">%s</form>",
      "no-method-form", "<form action=\"/login\">%s</form>",
      "dialog-form", "<form action=\"/login\" method=\"dialog\">%s</form>",
      "wrong-state", "<form action=\"/login\" method=\"post\">%s</form>",
      "no-state", "<form action=\"/login\" method=\"post\">%s</form>");

  /** A request the provider received. */
  record Received(String method, String path, String query, String contentType, String body) {

    /** @return the request's parameters: the decoded query of a GET, the decoded body of a POST, in order */
    List<Map.Entry<String, String>> params() {
      return decode(method.equals("GET") ? query : body);
    }

    String param(String name) {
      return params().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
  }

  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static HttpServer provider;
  private static Map<String, LoginRecord> ledger;
  private static String output;

  @BeforeAll
  static void runEveryClientsLoginOnce(@TempDir Path dir) throws Exception {
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext("/", OidcJourneyTest::answer);
    provider.start();
    String issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
    Path csv = dir.resolve("logins.csv");
    output = gatling(dir, Map.of("oidc.issuer", issuer, "oidc.clients", String.join(",", FORMS.keySet()), "oidc.username", USERNAME,
        "oidc.password", PASSWORD, "oidc.ledger", csv.toString()));
    ledger = LedgerCsv.read(csv).stream().collect(Collectors.toMap(LoginRecord::journey, r -> r));
    assertEquals(FORMS.keySet(), ledger.keySet(), output);
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) provider.stop(0);
  }

  // --- the form's method ------------------------------------------------------------------------

  @Test
  void aGetFormIsSubmittedAsTheQueryOfItsActionReplacingTheActionsOwnQuery() {
    Received login = onlyLogin("get-form");
    assertEquals("GET", login.method());
    assertEquals("", login.body());
    assertEquals(List.of("client", "state", "username", "password"), names(login), login.query());
    assertNull(login.param("dropped"), login.query());
    assertEquals(USERNAME, login.param("username"));
    assertEquals(PASSWORD, login.param("password"));
    assertSucceeded("get-form");
  }

  @Test
  void aPostFormIsSubmittedFormUrlencodedToItsActionWithItsQuery() {
    Received login = onlyLogin("post-form");
    assertEquals("POST", login.method());
    assertEquals("kept=1", login.query());
    assertTrue(login.contentType().startsWith("application/x-www-form-urlencoded"), login.contentType());
    assertEquals(List.of("client", "state", "username", "password"), names(login), login.body());
    assertEquals(USERNAME, login.param("username"));
    assertEquals(PASSWORD, login.param("password"));
    assertSucceeded("post-form");
  }

  @Test
  void aFormWithoutAMethodIsSubmittedAsAGetAsInHtml() {
    Received login = onlyLogin("no-method-form");
    assertEquals("GET", login.method());
    assertEquals(PASSWORD, login.param("password"));
    assertSucceeded("no-method-form");
  }

  @Test
  void aDialogFormFailsTheLoginAsFormMethodDialogWithoutBeingSubmitted() {
    assertEquals(List.of(), logins("dialog-form"));
    assertFailed("dialog-form", "Start authorization", "form-method-dialog");
  }

  // --- the state --------------------------------------------------------------------------------

  @Test
  void aStateOtherThanTheOneSentFailsTheLoginAsStateMismatchAndTheCodeIsNotExchanged() {
    assertEquals(1, logins("wrong-state").size());
    assertEquals(List.of(), exchanges("wrong-state"));
    assertFailed("wrong-state", "Submit credentials to the provider", "oidc-state-mismatch");
  }

  @Test
  void noStateFailsTheLoginAsStateMissingAndTheCodeIsNotExchanged() {
    assertEquals(List.of(), exchanges("no-state"));
    assertFailed("no-state", "Submit credentials to the provider", "oidc-state-missing");
  }

  @Test
  void theStateSentComesBackAndTheCodeIsExchangedOnce() {
    assertEquals(1, exchanges("get-form").size());
    assertEquals(1, exchanges("post-form").size());
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static List<Received> logins(String client) {
    return received.stream().filter(r -> r.path().equals("/login") && client.equals(r.param("client"))).toList();
  }

  private static Received onlyLogin(String client) {
    List<Received> logins = logins(client);
    assertEquals(1, logins.size(), logins + "\n" + output);
    return logins.get(0);
  }

  private static List<Received> exchanges(String client) {
    return received.stream().filter(r -> r.path().equals("/token") && ("code-" + client).equals(r.param("code"))).toList();
  }

  private static List<String> names(Received request) {
    return request.params().stream().map(Map.Entry::getKey).toList();
  }

  private static void assertSucceeded(String client) {
    LoginRecord r = ledger.get(client);
    assertTrue(r.succeeded(), r + "\n" + output);
  }

  private static void assertFailed(String client, String step, String kind) {
    LoginRecord r = ledger.get(client);
    assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
    assertEquals(step, r.failedStep(), r.toString());
    assertEquals(kind, r.failureKind(), r.toString());
  }

  // --- the provider -----------------------------------------------------------------------------

  /** Discovery, an authorization endpoint showing the client's login form, the form's target, the token and userinfo endpoints. */
  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String query = exchange.getRequestURI().getRawQuery();
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query == null ? "" : query,
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body);
      received.add(request);
      String issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
      switch (request.path()) {
        case "/.well-known/openid-configuration" -> send(exchange, 200, "application/json", "{\"authorization_endpoint\":\"" + issuer
            + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"userinfo_endpoint\":\"" + issuer + "/userinfo\"}");
        case "/authorize" -> {
          Map<String, String> q = map(decode(request.query()));
          String inputs = hidden("client", q.get("client_id")) + hidden("state", q.get("state"))
              + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\">";
          send(exchange, 200, "text/html", "<html><head><title>Sign in</title></head><body>"
              + FORMS.get(q.get("client_id")).formatted(inputs) + "</body></html>");
        }
        case "/login" -> {
          String client = request.param("client");
          if (!USERNAME.equals(request.param("username")) || !PASSWORD.equals(request.param("password"))) {
            send(exchange, 200, "text/html", "<p id=\"error\">Invalid username or password</p>");
            return;
          }
          String state = switch (client) {
            case "wrong-state" -> "&state=not-the-one-sent";
            case "no-state" -> "";
            default -> "&state=" + URLEncoder.encode(request.param("state"), StandardCharsets.UTF_8);
          };
          exchange.getResponseHeaders().add("Location", issuer + "/cb?code=code-" + client + state);
          send(exchange, 302, "text/plain", "");
        }
        case "/token" -> send(exchange, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"h.p.s\"}");
        case "/userinfo" -> send(exchange, 200, "application/json", "{\"preferred_username\":\"" + USERNAME + "\"}");
        default -> send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + value + "\">";
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }

  /** @return the decoded name/value pairs of a query or form-urlencoded body, in order */
  private static List<Map.Entry<String, String>> decode(String encoded) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (encoded == null || encoded.isEmpty()) return out;
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static Map<String, String> map(List<Map.Entry<String, String>> pairs) {
    return pairs.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
  }

  /** Runs {@link OidcJourneySimulation} in a forked JVM on the test class path; @return its console output */
  private static String gatling(Path dir, Map<String, String> properties) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "--add-opens=java.base/java.lang=ALL-UNNAMED")); // as gatling-maven-plugin does: Gatling reads String internals
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.gatling.app.Gatling", "--simulation", OidcJourneySimulation.class.getName(), "--results-folder",
        dir.resolve("results").toString(), "--no-reports", "--launcher", "firstbell-tests"));
    File log = dir.resolve("gatling.log").toFile();
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!gatling.waitFor(3, TimeUnit.MINUTES)) {
      gatling.destroyForcibly().waitFor();
      throw new AssertionError("The OIDC journeys did not finish within 3 minutes:\n" + Files.readString(log.toPath()));
    }
    String out = Files.readString(log.toPath());
    assertEquals(0, gatling.exitValue(), out);
    return out;
  }
}
