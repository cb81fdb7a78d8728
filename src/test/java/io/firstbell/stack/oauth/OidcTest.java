package io.firstbell.stack.oauth;

import static io.firstbell.stack.TestStacks.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.firstbell.stack.Browser;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.ReferenceStackExtension;
import io.firstbell.stack.TestStacks;
import io.firstbell.stack.roster.User;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OpenID Connect: discovery, signed ID tokens verifiable with the published JWKS, userinfo, client_secret_post. */
class OidcTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  private static JsonNode discovery;

  @BeforeAll
  static void readDiscovery(ReferenceStack stack) {
    HttpResponse<String> r = new Browser().get(stack.portalUrl("/.well-known/openid-configuration"));
    assertEquals(200, r.statusCode(), r::body);
    discovery = json(r);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Logs {@code user} in, authorizes with {@code extra} and redeems the code; @return the token response */
  private static JsonNode tokens(ReferenceStack stack, User user, String extra) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, user);
    String code = TestStacks.authorizeCode(browser, stack, extra);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", stack.appUrl("/oauth/callback"));
    HttpResponse<String> r = TestStacks.tokenRequest(stack, form, TestStacks.sampleAppBasic());
    assertEquals(200, r.statusCode(), r::body);
    return json(r);
  }

  @Test
  void discoveryDocumentNamesTheIssuerAndItsEndpoints(ReferenceStack stack) {
    String issuer = stack.portalUrl("");
    assertEquals(issuer, discovery.path("issuer").asText());
    assertEquals(issuer + "/oauth/authorize", discovery.path("authorization_endpoint").asText());
    assertEquals(issuer + "/oauth/tokens", discovery.path("token_endpoint").asText());
    assertEquals(issuer + "/userinfo", discovery.path("userinfo_endpoint").asText());
    assertEquals(issuer + "/.well-known/jwks.json", discovery.path("jwks_uri").asText());
    assertEquals(List.of("code"), strings(discovery.path("response_types_supported")));
    assertEquals(List.of("authorization_code"), strings(discovery.path("grant_types_supported")));
    assertEquals(List.of("RS256"), strings(discovery.path("id_token_signing_alg_values_supported")));
    assertEquals(List.of("client_secret_basic", "client_secret_post"), strings(discovery.path("token_endpoint_auth_methods_supported")));
    assertTrue(strings(discovery.path("scopes_supported")).contains("openid"));
    assertTrue(strings(discovery.path("claims_supported")).containsAll(List.of("sub", "iss", "aud", "exp", "iat", "nonce")));
  }

  @Test
  void idTokenIsSignedWithTheKeyPublishedAtJwksUriAndNamesUserClientAndNonce(ReferenceStack stack) throws Exception {
    User student = TestStacks.passwordStudent(stack, 0);
    JsonNode tokens = tokens(stack, student, "&scope=openid&nonce=n");
    assertEquals("openid", tokens.path("scope").asText());
    String idToken = tokens.path("id_token").asText(null);
    assertNotNull(idToken, tokens::toString);

    HttpResponse<String> jwksResponse = new Browser().get(discovery.path("jwks_uri").asText());
    assertEquals(200, jwksResponse.statusCode());
    JWKSet jwks = JWKSet.parse(jwksResponse.body());
    SignedJWT jwt = SignedJWT.parse(idToken);
    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertNotNull(key, "the token's kid is in the JWKS");
    assertFalse(key.isPrivate(), "the JWKS publishes the public key only");
    assertTrue(jwt.verify(new RSASSAVerifier(key)), "RS256 signature verifies with the JWKS key");

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals(stack.portalUrl(""), claims.getIssuer());
    assertEquals(List.of(TestStacks.SAMPLE_CLIENT_ID), claims.getAudience());
    assertEquals(String.valueOf(student.id()), claims.getSubject());
    assertEquals("n", claims.getStringClaim("nonce"));
    assertEquals(student.username(), claims.getStringClaim("preferred_username"));
    assertEquals(student.name(), claims.getStringClaim("name"));
    assertEquals("student", claims.getStringClaim("user_type"));
    assertEquals(student.districtSlug(), claims.getStringClaim("district"));
    assertEquals(3600_000L, claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());
  }

  @Test
  void anIdTokenWhoseClaimsWereAlteredNoLongerVerifiesWithThePublishedKey(ReferenceStack stack) throws Exception {
    JsonNode tokens = tokens(stack, TestStacks.passwordStudent(stack, 1), "&scope=openid");
    String idToken = tokens.path("id_token").asText();
    SignedJWT jwt = SignedJWT.parse(idToken);
    RSAKey key = (RSAKey) JWKSet.parse(new Browser().get(discovery.path("jwks_uri").asText()).body()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(jwt.verify(new RSASSAVerifier(key)), "the token as issued verifies");

    // the same header and signature over a payload that names another user
    String[] parts = idToken.split("\\.");
    String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    String forged = claims.replace("\"sub\":\"" + jwt.getJWTClaimsSet().getSubject() + "\"", "\"sub\":\"1\"");
    assertFalse(forged.equals(claims), claims);
    SignedJWT tampered = SignedJWT.parse(parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2]);

    assertFalse(tampered.verify(new RSASSAVerifier(key)));
  }

  @Test
  void idTokenWithoutNonceInTheRequestCarriesNone(ReferenceStack stack) throws Exception {
    JsonNode tokens = tokens(stack, TestStacks.passwordStudent(stack, 1), "&scope=" + Browser.encode("openid profile"));
    assertEquals("openid profile", tokens.path("scope").asText());
    assertNull(SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet().getClaim("nonce"));
  }

  @Test
  void scopeWithoutOpenidBuysNoIdToken(ReferenceStack stack) {
    JsonNode tokens = tokens(stack, TestStacks.passwordStudent(stack, 1), "&scope=profile");
    assertFalse(tokens.has("id_token"));
  }

  @Test
  void userinfoNamesTheSubjectOnGetAndPost(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 2);
    String accessToken = tokens(stack, student, "&scope=openid").path("access_token").asText();

    HttpResponse<String> get = TestStacks.getWith(stack, "/userinfo", "Bearer " + accessToken);
    HttpResponse<String> post = new Browser().send(HttpRequest.newBuilder(URI.create(stack.portalUrl("/userinfo")))
        .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.noBody()));

    for (HttpResponse<String> r : List.of(get, post)) {
      assertEquals(200, r.statusCode(), r::body);
      JsonNode info = json(r);
      assertEquals(String.valueOf(student.id()), info.path("sub").asText());
      assertEquals(student.username(), info.path("preferred_username").asText());
      assertEquals(student.name(), info.path("name").asText());
      assertEquals(student.firstName(), info.path("given_name").asText());
      assertEquals(student.lastName(), info.path("family_name").asText());
      assertEquals("student", info.path("user_type").asText());
      assertEquals(student.districtSlug(), info.path("district").asText());
    }
  }

  @Test
  void userinfoWithoutTokenIsUnauthorized(ReferenceStack stack) {
    TestStacks.assertOAuthError(TestStacks.getWith(stack, "/userinfo", null), 401, "invalid_request", "A bearer token is required.");
  }

  @Test
  void clientSecretPostAuthenticatesTheClient(ReferenceStack stack) {
    Browser browser = new Browser();
    TestStacks.loggedIn(browser, stack, TestStacks.passwordStudent(stack, 3));
    String code = TestStacks.authorizeCode(browser, stack, "&scope=openid&nonce=p");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", stack.appUrl("/oauth/callback"));
    form.put("client_id", TestStacks.SAMPLE_CLIENT_ID);
    form.put("client_secret", TestStacks.SAMPLE_CLIENT_SECRET);

    HttpResponse<String> r = TestStacks.tokenRequest(stack, form, null);

    assertEquals(200, r.statusCode(), r::body);
    assertFalse(json(r).path("id_token").asText("").isEmpty());
  }

  @Test
  void clientSecretPostWithWrongSecretIsInvalidClient(ReferenceStack stack) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", "whatever");
    form.put("client_id", TestStacks.SAMPLE_CLIENT_ID);
    form.put("client_secret", "wrong");

    TestStacks.assertOAuthError(TestStacks.tokenRequest(stack, form, null), 401, "invalid_client", "Client authentication failed.");
  }
}
