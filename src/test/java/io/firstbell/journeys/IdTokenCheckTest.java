package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The ID token checks of the OIDC journey, on tokens signed here as a provider would sign them. */
class IdTokenCheckTest {

  private static final String ISSUER = "https://sso.example.org/realms/school";
  private static final String CLIENT = "firstbell";
  private static final String NONCE = "n-0S6_WzA2Mj";
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
  private static final IdTokenCheck CHECK = new IdTokenCheck(ISSUER, CLIENT, Duration.ofSeconds(60));

  private static final RSAKey KEY = key("k1");
  private static final RSAKey OTHER = key("k1");
  private static final String JWKS = new JWKSet(KEY.toPublicJWK()).toString();

  private static RSAKey key(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return an ID token that passes every check, its claims changed by {@code change}, signed by {@code signer} as {@code kid} */
  private static String token(RSAKey signer, String kid, UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(List.of(CLIENT, "another-app"))
        .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(300))).claim("nonce", NONCE);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), change.apply(claims).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private static String token(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
    return token(KEY, "k1", change);
  }

  private static String kind(String token) {
    IdTokenCheck.Failure f = CHECK.failure(token, JWKS, NONCE, NOW);
    assertNotNull(f, "the token passed every check");
    assertFalse(f.detail().contains(token), f.detail());
    return f.kind();
  }

  @Test
  void aTokenSignedByTheProvidersKeyForThisClientWithTheNonceSentPasses() throws JOSEException {
    assertNull(CHECK.failure(token(c -> c), JWKS, NONCE, NOW));
  }

  @Test
  void anIssuerWithATrailingSlashIsTheSameIssuer() throws JOSEException {
    assertNull(CHECK.failure(token(c -> c.issuer(ISSUER + "/")), JWKS, NONCE, NOW));
  }

  @Test
  void anAudienceWithoutTheClientIdFailsAsAud() throws JOSEException {
    assertEquals(IdTokenCheck.AUD, kind(token(c -> c.audience("another-app"))));
    assertEquals(IdTokenCheck.AUD, kind(token(c -> c.audience((String) null))));
  }

  @Test
  void aNonceOtherThanTheOneSentFailsAsNonce() throws JOSEException {
    assertEquals(IdTokenCheck.NONCE, kind(token(c -> c.claim("nonce", "someone-elses"))));
    assertEquals(IdTokenCheck.NONCE, kind(token(c -> c.claim("nonce", null))));
  }

  @Test
  void anotherIssuerFailsAsIss() throws JOSEException {
    assertEquals(IdTokenCheck.ISS, kind(token(c -> c.issuer("https://evil.example.org/realms/school"))));
    assertEquals(IdTokenCheck.ISS, kind(token(c -> c.issuer(null))));
  }

  @Test
  void anExpiredTokenFailsAsExpBeyondTheClockSkewOnly() throws JOSEException {
    assertEquals(IdTokenCheck.EXP, kind(token(c -> c.expirationTime(Date.from(NOW.minusSeconds(61))))));
    assertEquals(IdTokenCheck.EXP, kind(token(c -> c.expirationTime(null))));
    assertNull(CHECK.failure(token(c -> c.expirationTime(Date.from(NOW.minusSeconds(30)))), JWKS, NONCE, NOW));
  }

  @Test
  void aTokenIssuedInTheFutureFailsAsIatBeyondTheClockSkewOnly() throws JOSEException {
    assertEquals(IdTokenCheck.IAT, kind(token(c -> c.issueTime(Date.from(NOW.plusSeconds(120))))));
    assertEquals(IdTokenCheck.IAT, kind(token(c -> c.issueTime(null))));
    assertNull(CHECK.failure(token(c -> c.issueTime(Date.from(NOW.plusSeconds(30)))), JWKS, NONCE, NOW));
  }

  @Test
  void aTokenSignedByAnotherKeyWithTheSameKidFailsAsSignature() throws JOSEException {
    assertEquals(IdTokenCheck.SIGNATURE, kind(token(OTHER, "k1", c -> c)));
  }

  @Test
  void aTamperedTokenFailsAsSignature() throws JOSEException {
    String[] parts = token(c -> c).split("\\.");
    String forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)))
            .claim("nonce", NONCE).subject("mallory").build()).getPayload().toBase64URL().toString();
    assertEquals(IdTokenCheck.SIGNATURE, kind(parts[0] + "." + forged + "." + parts[2]));
  }

  @Test
  void aKidTheProvidersJwksDoesNotHaveFailsAsKey() throws JOSEException {
    assertEquals(IdTokenCheck.KEY, kind(token(KEY, "rotated-away", c -> c)));
  }

  @Test
  void anUnsignedOrGarbledTokenFailsAsMalformed() {
    assertEquals(IdTokenCheck.MALFORMED, kind("h.p.s"));
    assertEquals(IdTokenCheck.MALFORMED, kind("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."));
  }

  @Test
  void aJwksThatIsNotOneFailsAsKey() throws JOSEException {
    assertEquals(IdTokenCheck.KEY, CHECK.failure(token(c -> c), "<html>not json</html>", NONCE, NOW).kind());
  }
}
