package io.firstbell.stack.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.firstbell.stack.roster.User;
import io.firstbell.stack.time.StackClock;
import java.time.Instant;
import java.util.Date;

/** Signs OpenID Connect ID tokens with a fresh RS256 key and publishes its public half as a JWKS. */
public final class IdTokens {

  private final RSAKey key;
  private final RSASSASigner signer;
  private final StackClock clock;
  private final long lifetimeSeconds;

  public IdTokens(StackClock clock, long lifetimeSeconds) {
    try {
      this.key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint(true).generate();
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not create the ID token signing key", e);
    }
    this.clock = clock;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  /** @return a signed ID token for {@code user}, issued by {@code issuer} to {@code clientId} */
  public String issue(String issuer, String clientId, User user, String nonce) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(String.valueOf(user.id()))
        .audience(clientId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
        .claim("preferred_username", user.username())
        .claim("name", user.name())
        .claim("user_type", user.type().wireName())
        .claim("district", user.districtSlug());
    if (nonce != null) claims.claim("nonce", nonce);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an ID token", e);
    }
    return jwt.serialize();
  }

  /** @return the JWKS document (public keys only) */
  public String jwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /** @return the public signing key, for verifying tokens */
  public RSAKey publicKey() {
    return key.toPublicJWK();
  }
}
