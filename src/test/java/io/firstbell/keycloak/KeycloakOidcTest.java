package io.firstbell.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.ExitStatus;
import io.firstbell.results.RunFiles;
import io.firstbell.results.Summary;
import io.firstbell.results.SummarySchema;
import io.firstbell.simulations.GatlingFork;
import io.firstbell.simulations.StudentLoginSimulation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FirstBell's OIDC journey under a steady load against a real Keycloak ({@link KeycloakServer}, started once for the class
 * over https), one forked Gatling run ({@link StudentLoginSimulation} with {@code firstbell.target.kind = oidc}) per client of
 * the shipped realm: every offered login of the confidential, the PKCE public and the identifier-first client succeeds (a
 * login succeeds only when its ID token passed every check and userinfo named the user), and a journey without PKCE against
 * the PKCE-only client fails every login at one named step. Each run's outcome is printed for the test output.
 *
 * <p>Keycloak is fetched from Maven Central by the test itself when it is not under {@code target/} yet. Outside CI the class
 * is skipped when that fetch fails or no JDK here runs Keycloak; under {@code CI=true} it fails instead.
 */
class KeycloakOidcTest {

  /** A steady, modest load: Keycloak and the generator share two cores with the rest of the suite's JVM. */
  private static final int RATE = 2;
  private static final int SECONDS = 12;
  private static final int OFFERED = RATE * SECONDS;
  /** Discovery, authorization (the login page), credentials, keys, code exchange, userinfo. */
  private static final int REQUESTS = 6;
  private static final String TLS_CA_BUNDLE = "firstbell.target.tls.ca-bundle";

  @TempDir static Path results;
  private static KeycloakServer keycloak;
  /** Why Keycloak cannot run here (outside CI, where its tests are then skipped), or null. */
  private static String unavailable;
  private static HttpServer callback;
  /** The query of every request that reached the redirect URI, i.e. where a browser would have gone next. */
  private static final List<String> callbackQueries = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startKeycloak() throws Exception {
    Path realm = resource(KeycloakRealm.REALM_RESOURCE);
    try {
      keycloak = KeycloakServer.start(Path.of("target", "keycloak").toAbsolutePath(), realm);
    } catch (KeycloakServer.Unavailable e) {
      if ("true".equals(System.getenv("CI"))) fail("CI=true, so Keycloak must run: " + e.getMessage());
      unavailable = "Keycloak is not available, so the tests against it are SKIPPED: " + e.getMessage();
      System.out.println(unavailable);
      return;
    }
    System.out.printf(Locale.ROOT, "Keycloak %s up in %.1f s on Java %d (%s) at %s%n", KeycloakServer.VERSION, keycloak.startup().toMillis() / 1000.0,
        KeycloakServer.javaMajor(keycloak.javaHome()), keycloak.javaHome(), keycloak.issuer());
    callback = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    callback.createContext(KeycloakRealm.REDIRECT_PATH, KeycloakOidcTest::answerCallback);
    callback.start();
  }

  @BeforeEach
  void keycloakRuns() {
    assumeTrue(unavailable == null, unavailable);
  }

  @AfterAll
  static void stopKeycloak() {
    if (callback != null) callback.stop(0);
    if (keycloak != null) keycloak.close();
  }

  @Test
  void aConfidentialClientLogsInEveryOfferedLoginWithClientSecretBasic() throws Exception {
    Run run = run("confidential client (client_secret_basic, PKCE on)", OFFERED, true, Map.of(
        "client-id", KeycloakRealm.CONFIDENTIAL, "client-secret", KeycloakRealm.CONFIDENTIAL_SECRET, "client-auth", "client_secret_basic"));
    run.assertEveryLoginSucceeded(REQUESTS);
  }

  @Test
  void aPublicClientThatRequiresPkceLogsInEveryOfferedLoginWithTheVerifierAndNoSecret() throws Exception {
    Run run = run("PKCE-only public client (client-auth none)", OFFERED, true, Map.of(
        "client-id", KeycloakRealm.PKCE_PUBLIC, "client-auth", "none"));
    run.assertEveryLoginSucceeded(REQUESTS);
  }

  @Test
  void anIdentifierFirstFlowLogsInEveryOfferedLoginThroughTheUsernamePageThenThePasswordPage() throws Exception {
    Run run = run("identifier-first client (username page, then password page)", OFFERED, true, Map.of(
        "client-id", KeycloakRealm.IDENTIFIER_FIRST, "client-secret", KeycloakRealm.IDENTIFIER_FIRST_SECRET, "client-auth", "client_secret_basic"));
    run.assertEveryLoginSucceeded(REQUESTS + 1); // the username page is a form of its own
  }

  @Test
  void withoutPkceThePkceOnlyClientFailsEveryLoginAtStartAuthorizationWithKeycloaksErrorAtTheRedirectUri() throws Exception {
    int offered = 10;
    // a public client must use PKCE, so FirstBell refuses client-auth none with pkce off before any load; the secret is never
    // sent, as Keycloak answers at its authorization endpoint. The preflight would stop the run at its first login.
    Run run = run("PKCE-only public client, pkce off", offered, false, Map.of(
        "client-id", KeycloakRealm.PKCE_PUBLIC, "client-secret", "never-sent", "client-auth", "client_secret_basic", "pkce", "off"));

    assertEquals(ExitStatus.VERDICT_FAILED, run.fork.exitCode(), run.fork.output());
    assertEquals(offered, run.logins.size(), run.fork.output());
    for (LoginRecord r : run.logins) {
      assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
      assertEquals("Start authorization", r.failedStep(), r.toString());
      assertEquals(LoginSteps.AUTHORIZATION_ERROR, r.failureKind(), r.toString());
    }
    assertEquals(0, run.summary.logins().succeeded(), run.fork.output());
    assertEquals(List.of("Start authorization/" + LoginSteps.AUTHORIZATION_ERROR),
        run.summary.failures().stream().map(f -> f.step() + "/" + f.kind()).toList());
    Summary.Failure failure = run.summary.failures().get(0);
    assertEquals(offered, failure.count());
    // Keycloak answers the authorization request with a redirect to the redirect URI carrying the OAuth error (RFC 6749,
    // 4.1.2.1); the journey never follows a redirect there: it fails the step with the error and its description
    assertTrue(failure.samples().get(0).body().startsWith("error=invalid_request: Missing parameter: code_challenge_method (the Location of a 302 from "
        + keycloak.issuer() + "/protocol/openid-connect/auth)"), failure.toString());
    assertEquals(List.of(), run.callbacks, "the redirect URI is never requested, even with an error");
    System.out.println("  the failure sample: " + failure.samples().get(0).body());
  }

  // --- one forked run ---------------------------------------------------------------------------

  /** A finished run: the fork, its summary, its judged logins (the ledger's load phase) and the redirect URI's requests meanwhile. */
  private record Run(String label, GatlingFork.Result fork, Summary summary, List<LoginRecord> logins, List<LoginRecord> preflight,
      List<String> callbacks, int offered) {

    /**
     * Every offered login succeeded, each through the whole journey ({@code requests} requests), and none was sent on to the
     * redirect URI: the code was taken from Keycloak's redirect and exchanged, never followed.
     */
    void assertEveryLoginSucceeded(int requests) {
      assertEquals(0, fork.exitCode(), fork.output());
      assertTrue(summary.passed(), summary.verdict());
      assertEquals(offered, summary.logins().attempted(), summary.logins().toString());
      assertEquals(offered, summary.logins().succeeded(), summary.logins().toString());
      assertEquals(Map.of(), summary.logins().byFailureKind(), summary.logins().toString());
      assertEquals(offered, logins.size(), "one judged row per offered login:\n" + fork.output());
      for (LoginRecord r : logins) {
        assertTrue(r.succeeded(), r.toString());
        assertEquals("oidc", r.journey(), r.toString());
        assertEquals(requests, r.requests(), r.toString());
      }
      assertTrue(preflight.size() == 1 && preflight.get(0).succeeded(), preflight.toString());
      assertEquals(List.of(), callbacks, "the redirect URI is never requested after a login that got its code");
      Map<String, Long> personas = logins.stream().collect(Collectors.groupingBy(LoginRecord::persona, Collectors.counting()));
      assertTrue(personas.keySet().stream().allMatch(p -> p.equals("student") || p.equals("teacher")), personas.toString());
    }
  }

  /**
   * Runs {@code offered} logins at {@value #RATE}/s (no ramp, no warm-up, no think time) against {@code client} settings
   * ({@code firstbell.target.oidc.*}), and prints its outcome line.
   */
  private static Run run(String label, int offered, boolean preflight, Map<String, String> client) throws Exception {
    Path folder = Files.createTempDirectory(results, "run");
    Map<String, String> p = new HashMap<>();
    p.put("firstbell.target.kind", "oidc");
    p.put("firstbell.target.oidc.issuer", keycloak.issuer());
    p.put("firstbell.target.oidc.redirect-uri", "http://127.0.0.1:" + callback.getAddress().getPort() + KeycloakRealm.REDIRECT_PATH);
    p.put("firstbell.target.oidc.credentials", resource(KeycloakRealm.CREDENTIALS_RESOURCE).toString());
    client.forEach((k, v) -> p.put("firstbell.target.oidc." + k, v));
    p.put(TLS_CA_BUNDLE, keycloak.caBundle().toString()); // Keycloak's self-signed certificate, trusted beside the JDK's CAs
    p.put("firstbell.load.student-login.logins-per-second", String.valueOf(RATE));
    p.put("firstbell.load.student-login.ramp", "0s");
    p.put("firstbell.load.student-login.duration", offered / RATE + "s");
    p.put("firstbell.warm-up.duration", "0s");
    p.put("firstbell.population.think-time.distribution", "none");
    p.put("firstbell.preflight.enabled", preflight ? "on" : "off");
    // these runs judge correctness, not speed: the login time a run passes with is wide of a cold Keycloak's and generator's
    p.put("firstbell.slo.p95-login", "5s");
    p.put("firstbell.results.directory", folder.toString());
    int callbacksBefore = callbackQueries.size();
    GatlingFork.Result fork = GatlingFork.run(StudentLoginSimulation.class, p, folder, Duration.ofMinutes(3));
    // every request went over TLS checked against that certificate, host name included, not Gatling's trust-everything default
    assertTrue(fork.output().contains("FirstBell: tls         certificates verified, host names included, against the JDK trust store and "
        + keycloak.caBundle() + " (1 certificate)"), fork.output());
    List<String> callbacks = List.copyOf(callbackQueries.subList(callbacksBefore, callbackQueries.size()));
    Path runFolder = fork.runFolders().stream().filter(f -> f.getFileName().toString().matches("studentloginsimulation-\\d{8}-\\d{6}"))
        .findFirst().orElseThrow(() -> new AssertionError("no FirstBell run folder:\n" + fork.output() + "\nKeycloak:\n" + KeycloakServer.tail(keycloak.log())));
    SummarySchema.assertValid(runFolder.resolve(RunFiles.SUMMARY));
    Summary summary = RunFiles.readSummary(runFolder.resolve(RunFiles.SUMMARY));
    List<LoginRecord> rows = LedgerCsv.read(runFolder.resolve("logins.csv"));
    Run run = new Run(label, fork, summary, rows.stream().filter(LoginRecord::judged).toList(),
        rows.stream().filter(r -> r.phase().equals(LoginRecord.PREFLIGHT)).toList(), callbacks, offered);
    System.out.println(outcome(run));
    return run;
  }

  /** @return e.g. {@code Keycloak, confidential client (…): 40 logins at 2/s, 40 succeeded (…), p95 180 ms, failures: none (exit status 0)} */
  private static String outcome(Run run) {
    Summary s = run.summary;
    String failures = s.failures().isEmpty() ? "none" : s.failures().stream()
        .map(f -> f.count() + " at \"" + f.step() + "\" as " + f.kind()).collect(Collectors.joining(", "));
    String p95 = s.logins().succeeded() == 0 ? "n/a (none succeeded)" : s.latency().p95Ms() + " ms";
    String checked = s.logins().succeeded() == 0 ? "" : " (each with its ID token and userinfo checked)";
    return String.format(Locale.ROOT, "Keycloak, %s: %d logins at %d/s, %d succeeded%s, p95 %s, failures: %s (exit status %d)", run.label,
        s.logins().attempted(), RATE, s.logins().succeeded(), checked, p95, failures, run.fork.exitCode());
  }

  /** The relying party's callback: records where Keycloak sent the browser and answers as an app would. */
  private static void answerCallback(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      callbackQueries.add(query == null ? "" : query);
      byte[] page = "<html><head><title>FirstBell test app</title></head><body><p>Signed in callback</p></body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(KeycloakOidcTest.class.getClassLoader().getResource(name).toURI());
  }
}
