package io.firstbell.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firstbell.target.CredentialsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped Keycloak realm and its credentials CSV: reproducible from their generator, and one user for one user. */
class KeycloakRealmTest {

  private static final Path SHIPPED = Path.of("src/test/resources");

  @Test
  void theShippedRealmAndCredentialsAreWhatTheGeneratorWrites() throws Exception {
    String fix = " differs from what KeycloakRealm writes: run ./mvnw -o -q test-compile exec:java"
        + " -Dexec.mainClass=io.firstbell.keycloak.KeycloakRealm -Dexec.classpathScope=test, and commit both files";
    assertEquals(KeycloakRealm.realmJson(), Files.readString(SHIPPED.resolve(KeycloakRealm.REALM_RESOURCE), StandardCharsets.UTF_8),
        KeycloakRealm.REALM_RESOURCE + fix);
    assertEquals(KeycloakRealm.credentialsCsv(), Files.readString(SHIPPED.resolve(KeycloakRealm.CREDENTIALS_RESOURCE), StandardCharsets.UTF_8),
        KeycloakRealm.CREDENTIALS_RESOURCE + fix);
  }

  @Test
  void everyRowOfTheCredentialsIsAUserOfTheRealmWithThatPassword() throws Exception {
    CredentialsFile.Contents csv = CredentialsFile.read(SHIPPED.resolve(KeycloakRealm.CREDENTIALS_RESOURCE));
    JsonNode realm = new ObjectMapper().readTree(SHIPPED.resolve(KeycloakRealm.REALM_RESOURCE).toFile());
    List<Map.Entry<String, String>> realmUsers = new ArrayList<>();
    for (JsonNode u : realm.get("users")) {
      assertTrue(u.get("enabled").asBoolean() && u.get("emailVerified").asBoolean(), u.toString());
      realmUsers.add(Map.entry(u.get("username").asText(), u.get("credentials").get(0).get("value").asText()));
    }
    List<Map.Entry<String, String>> csvUsers = csv.users().stream().map(u -> Map.entry(u.username(), u.password())).toList();
    assertEquals(300, csvUsers.size());
    assertEquals(List.of(), csv.duplicates());
    assertEquals(realmUsers, csvUsers);
    // Keycloak stores usernames in lower case, and its userinfo preferred_username is what FirstBell compares with the username
    assertTrue(csv.users().stream().allMatch(u -> u.username().equals(u.username().toLowerCase(java.util.Locale.ROOT))));
    assertTrue(csv.users().stream().anyMatch(u -> u.userType().equals("teacher")) && csv.users().stream().anyMatch(u -> u.userType().equals("student")));
  }

  @Test
  void thePkceClientIsPublicWithS256AndTheIdentifierFirstClientIsBoundToTheUsernameThenPasswordFlow() throws Exception {
    JsonNode realm = new ObjectMapper().readTree(SHIPPED.resolve(KeycloakRealm.REALM_RESOURCE).toFile());
    JsonNode pkce = client(realm, KeycloakRealm.PKCE_PUBLIC);
    assertTrue(pkce.get("publicClient").asBoolean(), pkce.toString());
    assertEquals("S256", pkce.get("attributes").get("pkce.code.challenge.method").asText());
    JsonNode confidential = client(realm, KeycloakRealm.CONFIDENTIAL);
    assertEquals(KeycloakRealm.CONFIDENTIAL_SECRET, confidential.get("secret").asText());
    String flowId = client(realm, KeycloakRealm.IDENTIFIER_FIRST).get("authenticationFlowBindingOverrides").get("browser").asText();
    JsonNode flow = null;
    for (JsonNode f : realm.get("authenticationFlows")) if (f.get("id").asText().equals(flowId)) flow = f;
    assertTrue(flow != null, "the identifier-first client's browser flow " + flowId + " is one of the realm's flows");
    List<String> steps = new ArrayList<>();
    for (JsonNode e : flow.get("authenticationExecutions")) steps.add(e.get("authenticator").asText() + " " + e.get("requirement").asText());
    assertEquals(List.of("auth-username-form REQUIRED", "auth-password-form REQUIRED"), steps);
  }

  private static JsonNode client(JsonNode realm, String clientId) {
    for (JsonNode c : realm.get("clients")) if (c.get("clientId").asText().equals(clientId)) return c;
    throw new AssertionError("the realm has no client " + clientId);
  }
}
