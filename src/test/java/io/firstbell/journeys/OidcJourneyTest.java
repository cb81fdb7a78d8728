package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIDC journey, run by Gatling (in a forked JVM, as Gatling exits when done) against a small local
 * provider whose clients each show a different login form, return a different state, demand PKCE or
 * issue a different ID token: the form is submitted as its method says, a code that comes back without
 * the state sent is never exchanged, the verifier goes with the code, and an ID token for another
 * audience or nonce fails the login at the exchange.
 */
class OidcJourneyTest {

  private static final String USERNAME = "alice";
  /** Characters that mean something in a query or a form body, to see them arrive intact. */
  private static final String PASSWORD = "p&ss w=rd+%?#";

  /** A client the provider gives a token only with the verifier of the S256 challenge its authorization request sent. */
  private static final String PKCE_ONLY = "pkce-only";
  /** The same, played by a journey with PKCE off. */
  private static final String PKCE_ONLY_WITHOUT_PKCE = "pkce-only-pkce-off";
  /** A public client: PKCE, its id in the token request, no secret. */
  private static final String PUBLIC = "public-client";
  /** Identifier-first: a username form, then (after a redirect) a password form that shows the username again. */
  private static final String IDENTIFIER_FIRST = "identifier-first";
  /** Identifier-first, but the page after the username has no login form. */
  private static final String IDENTIFIER_NO_PASSWORD = "identifier-no-password";
  /** Identifier-first, but every page asks for the username again. */
  private static final String IDENTIFIER_LOOP = "identifier-loop";
  /** The provider's signing key, published at its jwks_uri. */
  private static final RSAKey KEY = signingKey();
  /** client id: the authorization request its login sent */
  private static final Map<String, Received> authorizations = new ConcurrentHashMap<>();

  /** client id: the login form its login page shows ({@code %s}: the hidden inputs, then the credentials inputs) */
  private static final Map<String, String> FORMS = Map.ofEntries(
      Map.entry("get-form", "<form action=\"/login?dropped=1\" method=\"get\">%s</form>"),
      Map.entry("post-form", "<form action=\"/login?kept=1\" method=\"POST\">%s</form>"),
      Map.entry("no-method-form", "<form action=\"/login\">%s</form>"),
      Map.entry("dialog-form", "<form action=\"/login\" method=\"dialog\">%s</form>"),
      Map.entry("wrong-state", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("no-state", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry(PKCE_ONLY, "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry(PKCE_ONLY_WITHOUT_PKCE, "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry(PUBLIC, "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("wrong-aud", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("wrong-nonce", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("wrong-userinfo", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("refused-at-authorize", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry("denied-after-login", "<form action=\"/login\" method=\"post\">%s</form>"),
      Map.entry(IDENTIFIER_FIRST, "<form action=\"/identify\" method=\"post\">%s</form>"),
      Map.entry(IDENTIFIER_NO_PASSWORD, "<form action=\"/identify\" method=\"post\">%s</form>"),
      Map.entry(IDENTIFIER_LOOP, "<form action=\"/identify\" method=\"post\">%s</form>"));

  /** A request the provider received. */
  record Received(String method, String path, String query, String contentType, String authorization, String body) {

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
        "oidc.password", PASSWORD, "oidc.ledger", csv.toString(), "oidc.pkce-off", PKCE_ONLY_WITHOUT_PKCE, "oidc.public", PUBLIC));
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

  // --- PKCE and client authentication ------------------------------------------------------------

  @Test
  void aPkceOnlyClientExchangesItsCodeWithTheVerifierOfTheS256ChallengeItSent() {
    Received authorization = authorizations.get(PKCE_ONLY);
    assertEquals("S256", authorization.param("code_challenge_method"), authorization.query());
    Received exchange = onlyExchange(PKCE_ONLY);
    String verifier = exchange.param("code_verifier");
    assertTrue(verifier != null && verifier.matches("[A-Za-z0-9._~-]{43,128}"), exchange.body());
    assertEquals(authorization.param("code_challenge"), Pkce.challenge(verifier));
    assertSucceeded(PKCE_ONLY);
  }

  @Test
  void aPkceOnlyProviderRefusesATokenRequestWithoutAVerifierAndTheLoginFailsAtTheExchange() {
    assertNull(authorizations.get(PKCE_ONLY_WITHOUT_PKCE).param("code_challenge"));
    assertNull(onlyExchange(PKCE_ONLY_WITHOUT_PKCE).param("code_verifier"));
    assertFailed(PKCE_ONLY_WITHOUT_PKCE, "Exchange code", "http-400");
  }

  @Test
  void everyLoginSendsAVerifierOfItsOwn() {
    List<String> verifiers = received.stream().filter(r -> r.path().equals("/token")).map(r -> r.param("code_verifier"))
        .filter(v -> v != null).toList();
    assertTrue(verifiers.size() >= 2, verifiers.toString());
    assertEquals(verifiers.size(), verifiers.stream().distinct().count(), verifiers.toString());
  }

  @Test
  void aClientWithASecretSendsItAsHttpBasic() {
    Received exchange = onlyExchange("post-form");
    assertTrue(exchange.authorization().startsWith("Basic "), exchange.authorization());
    assertNull(exchange.param("client_secret"));
  }

  @Test
  void aPublicClientSendsItsIdAndNoSecretAndLogsIn() {
    Received exchange = onlyExchange(PUBLIC);
    assertEquals("null", exchange.authorization());
    assertEquals(PUBLIC, exchange.param("client_id"));
    assertNull(exchange.param("client_secret"));
    assertSucceeded(PUBLIC);
  }

  // --- the ID token -----------------------------------------------------------------------------

  @Test
  void anErrorAtTheRedirectUriInsteadOfTheLoginPageFailsStartAuthorizationWithTheErrorAndTheRedirectUriIsNeverRequested() {
    assertFailed("refused-at-authorize", "Start authorization", LoginSteps.AUTHORIZATION_ERROR);
    assertTrue(output.contains("kind=" + LoginSteps.AUTHORIZATION_ERROR + ", status=302, url=http://127.0.0.1:" + provider.getAddress().getPort()
        + "/authorize?"), "the failure sample keeps where it was:\n" + output);
    assertTrue(output.contains("body=error=invalid_request: Missing parameter: code_challenge_method (the Location of a 302 from http://127.0.0.1:"
        + provider.getAddress().getPort() + "/authorize)"), "the failure sample says the error:\n" + output);
    assertTrue(logins("refused-at-authorize").isEmpty());
    assertTrue(received.stream().noneMatch(r -> r.path().equals("/cb")), "the redirect URI is never requested");
  }

  @Test
  void anErrorAtTheRedirectUriAfterTheCredentialsFailsTheLoginWithItAndNoCodeIsExchanged() {
    assertFailed("denied-after-login", "Submit credentials to the provider", LoginSteps.AUTHORIZATION_ERROR);
    assertTrue(output.contains("body=error=access_denied (at the redirect URI)"), output);
    assertTrue(exchanges("denied-after-login").isEmpty());
  }

  @Test
  void anIdTokenForAnotherAudienceFailsTheLoginAtTheExchangeAsCheckIdTokenAud() {
    assertFailed("wrong-aud", "Exchange code", "check-id-token-aud");
    assertFalse(userinfoCalled("wrong-aud"));
    assertTrue(output.contains("kind=check-id-token-aud, status=200, url=http://127.0.0.1:" + provider.getAddress().getPort()
        + "/token, body=the ID token's aud [another-app] does not contain the client id wrong-aud]"), "the failure sample says why:\n" + output);
  }

  @Test
  void anIdTokenWithAnotherNonceFailsTheLoginAtTheExchangeAsCheckIdTokenNonce() {
    assertFailed("wrong-nonce", "Exchange code", "check-id-token-nonce");
    assertFalse(userinfoCalled("wrong-nonce"));
  }

  @Test
  void theNonceSentIsInTheAuthorizationRequestAndALoginWhoseTokenCarriesItGoesOnToUserinfo() {
    assertNotNull(authorizations.get("post-form").param("nonce"));
    assertTrue(userinfoCalled("post-form"));
  }

  @Test
  void theProvidersKeysAreFetchedFromItsJwksUriBeforeEachExchange() {
    long exchanges = received.stream().filter(r -> r.path().equals("/token")).count();
    assertEquals(exchanges, received.stream().filter(r -> r.path().equals("/jwks")).count());
  }

  @Test
  void aUserinfoThatNamesAnotherUserFailsTheLoginAtUserinfoAsCheckUserinfoClaim() {
    assertTrue(userinfoCalled("wrong-userinfo"));
    assertFailed("wrong-userinfo", "Fetch userinfo", "check-userinfo-claim");
    assertTrue(output.contains("body=the userinfo preferred_username is 'bob', not the username 'alice' of the credentials"),
        "the failure sample says why:\n" + output);
  }

  // --- identifier-first logins -----------------------------------------------------------------

  @Test
  void anIdentifierFirstLoginSubmitsTheUsernameThenThePasswordFormWithTheUsernameAgainAndLogsIn() {
    List<Received> identify = received.stream().filter(r -> r.path().equals("/identify") && IDENTIFIER_FIRST.equals(r.param("client"))).toList();
    assertEquals(1, identify.size(), output);
    assertEquals(List.of("client", "state", "username", "next"), names(identify.get(0)), identify.get(0).body());
    assertEquals(USERNAME, identify.get(0).param("username"));
    assertNull(identify.get(0).param("password"));
    Received login = onlyLogin(IDENTIFIER_FIRST);
    assertEquals(List.of("client", "state", "username", "password"), names(login), login.body());
    assertEquals(PASSWORD, login.param("password"));
    assertEquals(1, exchanges(IDENTIFIER_FIRST).size());
    assertTrue(userinfoCalled(IDENTIFIER_FIRST));
    assertSucceeded(IDENTIFIER_FIRST);
  }

  @Test
  void aPageAfterTheUsernameWithoutALoginFormFailsTheLoginAtTheUsernameStepAsNoLoginForm() {
    assertEquals(List.of(), logins(IDENTIFIER_NO_PASSWORD));
    assertFailed(IDENTIFIER_NO_PASSWORD, "Submit username to the provider", "no-login-form");
  }

  @Test
  void pagesThatKeepAskingForTheUsernameFailTheLoginAfterThreePages() {
    long identify = received.stream().filter(r -> r.path().equals("/identify") && IDENTIFIER_LOOP.equals(r.param("client"))).count();
    assertEquals(Journeys.MAX_FORM_PAGES - 1, identify);
    assertFailed(IDENTIFIER_LOOP, "Submit username to the provider", "oidc-too-many-login-pages");
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

  private static Received onlyExchange(String client) {
    List<Received> exchanges = exchanges(client);
    assertEquals(1, exchanges.size(), exchanges + "\n" + output);
    return exchanges.get(0);
  }

  private static boolean userinfoCalled(String client) {
    return received.stream().anyMatch(r -> r.path().equals("/userinfo") && ("Bearer at-" + client).equals(r.authorization()));
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
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
          String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body);
      received.add(request);
      String issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
      switch (request.path()) {
        case "/.well-known/openid-configuration" -> send(exchange, 200, "application/json", "{\"issuer\":\"" + issuer
            + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"userinfo_endpoint\":\""
            + issuer + "/userinfo\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        case "/jwks" -> send(exchange, 200, "application/json", new JWKSet(KEY.toPublicJWK()).toString());
        case "/authorize" -> {
          Map<String, String> q = map(decode(request.query()));
          authorizations.put(q.get("client_id"), request);
          if (q.get("client_id").equals("refused-at-authorize")) { // RFC 6749 4.1.2.1: the error goes back to the redirect URI
            exchange.getResponseHeaders().add("Location", issuer + "/cb?error=invalid_request&error_description="
                + URLEncoder.encode("Missing parameter: code_challenge_method", StandardCharsets.UTF_8) + "&state=" + q.get("state"));
            send(exchange, 302, "text/plain", "");
            return;
          }
          String inputs = hidden("client", q.get("client_id")) + hidden("state", q.get("state"))
              + (q.get("client_id").startsWith("identifier-") ? USERNAME_INPUT + "<button name=\"next\" value=\"1\">Next</button>"
                  : "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\">");
          send(exchange, 200, "text/html", "<html><head><title>Sign in</title></head><body>"
              + FORMS.get(q.get("client_id")).formatted(inputs) + "</body></html>");
        }
        case "/identify" -> {
          String client = request.param("client");
          String inputs = hidden("client", client) + hidden("state", request.param("state"));
          switch (client) {
            case IDENTIFIER_NO_PASSWORD -> send(exchange, 200, "text/html", "<html><body><p>Check your email</p></body></html>");
            case IDENTIFIER_LOOP -> send(exchange, 200, "text/html", "<form action=\"/identify\" method=\"post\">" + inputs + USERNAME_INPUT + "</form>");
            default -> {
              exchange.getResponseHeaders().add("Location", "/password?client=" + client + "&state="
                  + URLEncoder.encode(request.param("state"), StandardCharsets.UTF_8) + "&username=" + URLEncoder.encode(request.param("username"), StandardCharsets.UTF_8));
              send(exchange, 302, "text/plain", "");
            }
          }
        }
        case "/password" -> send(exchange, 200, "text/html", "<html><head><title>Password</title></head><body><form action=\"login\" method=\"post\">"
            + hidden("client", request.param("client")) + hidden("state", request.param("state"))
            + "<input type=\"text\" name=\"username\" readonly value=\"" + request.param("username") + "\">"
            + "<input type=\"password\" name=\"password\"></form></body></html>");
        case "/login" -> {
          String client = request.param("client");
          if (!USERNAME.equals(request.param("username")) || !PASSWORD.equals(request.param("password"))) {
            send(exchange, 200, "text/html", "<p id=\"error\">Invalid username or password</p>");
            return;
          }
          if (client.equals("denied-after-login")) {
            exchange.getResponseHeaders().add("Location", issuer + "/cb?error=access_denied&state="
                + URLEncoder.encode(request.param("state"), StandardCharsets.UTF_8));
            send(exchange, 302, "text/plain", "");
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
        case "/token" -> {
          String client = request.param("code").substring("code-".length());
          Received authorization = authorizations.get(client);
          String challenge = authorization.param("code_challenge");
          String verifier = request.param("code_verifier");
          boolean pkceOnly = client.equals(PKCE_ONLY) || client.equals(PKCE_ONLY_WITHOUT_PKCE);
          if (challenge == null ? pkceOnly || verifier != null : verifier == null || !challenge.equals(Pkce.challenge(verifier))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
          }
          String aud = client.equals("wrong-aud") ? "another-app" : client;
          String nonce = client.equals("wrong-nonce") ? "not-the-one-sent" : authorization.param("nonce");
          send(exchange, 200, "application/json", "{\"access_token\":\"at-" + client + "\",\"token_type\":\"Bearer\",\"id_token\":\""
              + idToken(issuer, aud, nonce) + "\"}");
        }
        case "/userinfo" -> send(exchange, 200, "application/json", "{\"preferred_username\":\""
            + ("Bearer at-wrong-userinfo".equals(request.authorization()) ? "bob" : USERNAME) + "\"}");
        default -> send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  /** @return an ID token for alice, issued now by {@code issuer} to {@code aud} with {@code nonce}, signed with {@link #KEY} */
  private static String idToken(String issuer, String aud, String nonce) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(USERNAME).audience(aud).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(KEY));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static RSAKey signingKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("test-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The username field of an identifier-first provider's first page. */
  private static final String USERNAME_INPUT = "<input type=\"text\" name=\"username\" autocomplete=\"username\">";

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
