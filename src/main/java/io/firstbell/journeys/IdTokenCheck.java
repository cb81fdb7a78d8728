package io.firstbell.journeys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The checks a relying party makes on the ID token of a code exchange (OpenID Connect Core 3.1.3.7): signed by a key of the
 * provider's JWKS, issued by the issuer, to this client, not expired, not issued in the future and carrying the nonce sent.
 * Times are compared with a clock skew allowed either way.
 *
 * @param issuer the provider's issuer (a trailing slash on either side is not a difference)
 * @param clientId the client the token must be for ({@code aud})
 * @param clockSkew how far the provider's clock may be from FirstBell's
 */
public record IdTokenCheck(String issuer, String clientId, Duration clockSkew) {

  /** The failure kind of an ID token that is not a signed JWT with readable claims. */
  public static final String MALFORMED = "check-id-token-malformed";
  /** The failure kind of an ID token whose header no key of the provider's JWKS matches (e.g. an unknown {@code kid}), or of a JWKS that is not one. */
  public static final String KEY = "check-id-token-key";
  /** The failure kind of an ID token whose signature does not verify with the provider's key, or of an unsupported algorithm. */
  public static final String SIGNATURE = "check-id-token-signature";
  /** The failure kind of an ID token whose {@code iss} is not the issuer. */
  public static final String ISS = "check-id-token-iss";
  /** The failure kind of an ID token whose {@code aud} does not contain the client id. */
  public static final String AUD = "check-id-token-aud";
  /** The failure kind of an ID token without {@code exp}, or expired. */
  public static final String EXP = "check-id-token-exp";
  /** The failure kind of an ID token without {@code iat}, or issued in the future. */
  public static final String IAT = "check-id-token-iat";
  /** The failure kind of an ID token whose {@code nonce} is not the one sent. */
  public static final String NONCE = "check-id-token-nonce";

  /**
   * Why a check failed.
   *
   * @param kind the failure kind the ledger records, one of this class's constants
   * @param detail what was found, for the failure sample (never the token itself)
   */
  public record Failure(String kind, String detail) {}

  /**
   * @param idToken the {@code id_token} of the token response
   * @param jwks the provider's JWKS document
   * @param nonce the {@code nonce} the authorization request sent
   * @param now the current time
   * @return null when every check passes, else the first that failed
   */
  public Failure failure(String idToken, String jwks, String nonce, Instant now) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(idToken);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return new Failure(MALFORMED, "the ID token is not a signed JWT with JSON claims: " + e.getMessage());
    }
    Failure signature = signatureFailure(jwt, jwks);
    if (signature != null) return signature;
    if (!trimmed(issuer).equals(trimmed(claims.getIssuer()))) {
      return new Failure(ISS, "the ID token's iss is " + claims.getIssuer() + ", not the issuer " + issuer);
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(clientId)) {
      return new Failure(AUD, "the ID token's aud " + claims.getAudience() + " does not contain the client id " + clientId);
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) return new Failure(EXP, "the ID token has no exp");
    if (!now.isBefore(exp.toInstant().plus(clockSkew))) {
      return new Failure(EXP, "the ID token expired at " + exp.toInstant() + " (now " + now + ", clock skew " + clockSkew.toSeconds() + "s)");
    }
    Date iat = claims.getIssueTime();
    if (iat == null) return new Failure(IAT, "the ID token has no iat");
    if (iat.toInstant().isAfter(now.plus(clockSkew))) {
      return new Failure(IAT, "the ID token was issued at " + iat.toInstant() + ", in the future (now " + now + ", clock skew "
          + clockSkew.toSeconds() + "s)");
    }
    Object sent = claims.getClaim("nonce");
    if (!nonce.equals(sent)) {
      return new Failure(NONCE, sent == null ? "the ID token has no nonce" : "the ID token's nonce is not the one sent");
    }
    return null;
  }

  /** @return null when a key of {@code jwks} that matches the token's header verifies its signature */
  private static Failure signatureFailure(SignedJWT jwt, String jwks) {
    JWKSet keys;
    try {
      keys = JWKSet.parse(jwks);
    } catch (ParseException | RuntimeException e) {
      return new Failure(KEY, "the provider's JWKS is not a JWK set: " + e.getMessage());
    }
    String header = "alg " + jwt.getHeader().getAlgorithm() + (jwt.getHeader().getKeyID() == null ? "" : ", kid " + jwt.getHeader().getKeyID());
    JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
    if (matcher == null) return new Failure(SIGNATURE, "the ID token's algorithm is not supported (" + header + ")");
    List<JWK> candidates = new JWKSelector(matcher).select(keys);
    if (candidates.isEmpty()) return new Failure(KEY, "no key of the provider's JWKS matches the ID token (" + header + ")");
    for (JWK key : candidates) {
      try {
        JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : key instanceof ECKey ec ? new ECDSAVerifier(ec) : null;
        if (verifier != null && jwt.verify(verifier)) return null;
      } catch (JOSEException | RuntimeException e) {
        // a key that cannot verify this token is not the one that signed it
      }
    }
    return new Failure(SIGNATURE, "the ID token's signature does not verify with the provider's key (" + header + ")");
  }

  private static String trimmed(String s) {
    return s == null ? "" : s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
