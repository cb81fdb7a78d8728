package io.firstbell.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firstbell.target.CredentialsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Keycloak realm the suite logs in to, and its users' credentials in FirstBell's CSV format: both generated from one
 * seed, so the shipped files ({@code src/test/resources/keycloak/}) are reproducible. Run {@link #main} to write them again
 * after a change here; {@code KeycloakRealmTest} fails while the shipped files differ from what this class writes.
 */
public final class KeycloakRealm {

  /** The realm's name: its issuer is {@code https://<host>/realms/firstbell}. */
  public static final String NAME = "firstbell";
  /** A confidential client: authenticates at the token endpoint with its secret (client_secret_basic). */
  public static final String CONFIDENTIAL = "firstbell-confidential";
  /** The confidential client's secret (a test realm's; never a real one). */
  public static final String CONFIDENTIAL_SECRET = "confidential-test-secret";
  /** A public client (no secret) that Keycloak lets in only with an S256 PKCE challenge. */
  public static final String PKCE_PUBLIC = "firstbell-pkce-public";
  /** A confidential client whose browser flow is identifier-first: a username page, then a password page. */
  public static final String IDENTIFIER_FIRST = "firstbell-identifier-first";
  /** The identifier-first client's secret. */
  public static final String IDENTIFIER_FIRST_SECRET = "identifier-first-test-secret";
  /**
   * The redirect URI every client registers. Keycloak matches an {@code http} redirect URI on a loopback address whatever
   * its port (RFC 8252, section 7.3), so a test may capture it on any free port: {@code http://127.0.0.1:<port>/firstbell/callback}.
   */
  public static final String REDIRECT_URI = "http://127.0.0.1/firstbell/callback";
  /** The path of the redirect URI. */
  public static final String REDIRECT_PATH = "/firstbell/callback";
  /**
   * Keycloak's default password hash (argon2) doubles what a login costs it: measured on this suite's 2-core machine, about
   * 190 ms of Keycloak's CPU per login against 85 ms with PBKDF2 at 1000 iterations, and importing 300 users takes some
   * 35 s instead of a second. A realm's password policy is its own setting, so this is a configuration any Keycloak may
   * have, not a shortcut around the login.
   */
  public static final String PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1000)";
  /** The shipped realm, as Keycloak imports it. */
  public static final String REALM_RESOURCE = "keycloak/firstbell-realm.json";
  /** The shipped credentials of the realm's users. */
  public static final String CREDENTIALS_RESOURCE = "keycloak/firstbell-credentials.csv";

  private static final long SEED = 2026;
  private static final int STUDENTS = 270;
  private static final int TEACHERS = 30;
  private static final List<String> DISTRICTS = List.of("cedar-falls", "maple-grove", "river-bend");
  /** The identifier-first flow's id: the client's flow binding override names the flow by id. */
  private static final String IDENTIFIER_FIRST_FLOW_ID = "6f1c2d1e-4b1a-4d3e-9a5c-1f0e2b3c4d5e";
  /** Characters a password holds besides letters and digits: each means something in a query or a form body. */
  private static final String SPECIALS = "&=+%#? ";
  private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One user of the realm, as the credentials CSV lists it. */
  public record User(String username, String password, String userType, String district) {}

  private KeycloakRealm() {}

  /** Writes the realm and the credentials into {@code args[0]} (default {@code src/test/resources/keycloak}). */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/keycloak");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(Path.of(REALM_RESOURCE).getFileName()), realmJson(), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(Path.of(CREDENTIALS_RESOURCE).getFileName()), credentialsCsv(), StandardCharsets.UTF_8);
    System.out.println("wrote the realm and the credentials of " + users().size() + " users to " + folder);
  }

  /** @return the realm's users: {@value #STUDENTS} students then {@value #TEACHERS} teachers, spread over the districts */
  public static List<User> users() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<User> users = new ArrayList<>();
    for (int i = 1; i <= STUDENTS + TEACHERS; i++) {
      boolean student = i <= STUDENTS;
      String username = String.format(Locale.ROOT, student ? "student%03d" : "teacher%03d", student ? i : i - STUDENTS);
      users.add(new User(username, password(random), student ? "student" : "teacher", DISTRICTS.get(i % DISTRICTS.size())));
    }
    return users;
  }

  /** @return twelve characters, one of them a character that means something in a form body, never first or last */
  private static String password(SplittableRandom random) {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < 11; i++) p.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    p.insert(1 + random.nextInt(10), SPECIALS.charAt(random.nextInt(SPECIALS.length())));
    return p.toString();
  }

  /** @return the credentials CSV ({@link CredentialsFile#HEADER}); usernames are lower-case, as Keycloak stores them */
  public static String credentialsCsv() {
    StringBuilder csv = new StringBuilder(CredentialsFile.HEADER).append('\n');
    for (User u : users()) {
      csv.append(String.join(",", u.username(), u.password(), u.userType(), u.district(), "password")).append('\n');
    }
    return csv.toString();
  }

  /** @return the realm as Keycloak's import reads it */
  public static String realmJson() throws IOException {
    Map<String, Object> realm = new LinkedHashMap<>();
    realm.put("realm", NAME);
    realm.put("enabled", true);
    realm.put("sslRequired", "external");
    realm.put("passwordPolicy", PASSWORD_POLICY);
    realm.put("bruteForceProtected", false); // the load logs the same users in again and again
    realm.put("clients", List.of(
        client(CONFIDENTIAL, "FirstBell confidential client", CONFIDENTIAL_SECRET, Map.of(), Map.of()),
        client(PKCE_PUBLIC, "FirstBell public client (PKCE)", null, Map.of("pkce.code.challenge.method", "S256"), Map.of()),
        client(IDENTIFIER_FIRST, "FirstBell identifier-first client", IDENTIFIER_FIRST_SECRET, Map.of(),
            Map.of("browser", IDENTIFIER_FIRST_FLOW_ID))));
    realm.put("authenticationFlows", List.of(identifierFirstFlow()));
    List<Object> users = new ArrayList<>();
    for (User u : users()) users.add(user(u));
    realm.put("users", users);
    return JSON.writeValueAsString(realm) + "\n";
  }

  private static Map<String, Object> client(String id, String name, String secret, Map<String, String> attributes,
      Map<String, String> flowOverrides) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("clientId", id);
    c.put("name", name);
    c.put("enabled", true);
    c.put("protocol", "openid-connect");
    c.put("publicClient", secret == null);
    if (secret != null) {
      c.put("clientAuthenticatorType", "client-secret");
      c.put("secret", secret);
    }
    c.put("standardFlowEnabled", true);
    c.put("implicitFlowEnabled", false);
    c.put("directAccessGrantsEnabled", false);
    c.put("serviceAccountsEnabled", false);
    c.put("redirectUris", List.of(REDIRECT_URI));
    c.put("attributes", attributes);
    if (!flowOverrides.isEmpty()) c.put("authenticationFlowBindingOverrides", flowOverrides);
    return c;
  }

  /** A browser flow that asks for the username on one page ("Username Form"), then for the password on the next ("Password Form"). */
  private static Map<String, Object> identifierFirstFlow() {
    Map<String, Object> flow = new LinkedHashMap<>();
    flow.put("id", IDENTIFIER_FIRST_FLOW_ID);
    flow.put("alias", "identifier first browser");
    flow.put("description", "the username on one page, then the password on the next");
    flow.put("providerId", "basic-flow");
    flow.put("topLevel", true);
    flow.put("builtIn", false);
    flow.put("authenticationExecutions", List.of(execution("auth-username-form", 10), execution("auth-password-form", 20)));
    return flow;
  }

  private static Map<String, Object> execution(String authenticator, int priority) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("authenticator", authenticator);
    e.put("authenticatorFlow", false);
    e.put("requirement", "REQUIRED");
    e.put("priority", priority);
    e.put("userSetupAllowed", false);
    return e;
  }

  /** A user with the names and verified email Keycloak's default user profile requires (else it asks for them at login). */
  private static Map<String, Object> user(User u) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", u.username());
    user.put("enabled", true);
    user.put("email", u.username() + "@" + u.district() + ".firstbell.test");
    user.put("emailVerified", true);
    user.put("firstName", Character.toUpperCase(u.userType().charAt(0)) + u.userType().substring(1));
    user.put("lastName", u.username().replaceAll("\\D", ""));
    Map<String, Object> password = new LinkedHashMap<>();
    password.put("type", "password");
    password.put("value", u.password());
    password.put("temporary", false);
    user.put("credentials", List.of(password));
    return user;
  }
}
