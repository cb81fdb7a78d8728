package io.firstbell.stack.oauth;

import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.time.ExpiringMap;
import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Authorization codes and the access tokens they buy. Codes are single-use and expire after the
 * configured time; a code presented twice revokes the tokens it bought (RFC 6749 section 4.1.2).
 */
public final class Grants {

  /** What a code stands for. {@code redirectUri} is null when the authorization request carried none (instant login). */
  public record Code(String value, long userId, String clientId, String redirectUri, String scope, String nonce, Instant expiresAt) {}

  /** What an access token stands for. */
  public record AccessToken(String value, long userId, String clientId, String scope, Instant expiresAt, String fromCode) {}

  /** Why a code was refused. */
  public enum CodeProblem {
    UNKNOWN("The authorization code is not valid"),
    REUSED("The authorization code has already been used"),
    EXPIRED("The authorization code has expired"),
    WRONG_CLIENT("The authorization code was issued to another client");

    public final String description;

    CodeProblem(String description) {
      this.description = description;
    }
  }

  /** The outcome of redeeming a code: the code, or the reason it was refused. */
  public record Redemption(Code code, CodeProblem problem) {}

  private final ExpiringMap<Code> codes;
  /** Redeemed codes, each kept until it would have expired, so that a second use is recognised. */
  private final ExpiringMap<Instant> usedCodes;
  private final ExpiringMap<AccessToken> tokens;
  private final StackClock clock;
  private final Duration codeTtl;
  private final Duration tokenTtl;
  private static final int PURGE_AT = 300_000;
  private volatile int purgeAt = PURGE_AT;

  /** Grants on {@code clock}: codes live for {@code codeTtl}, access tokens for {@code tokenTtl}. */
  public Grants(StackClock clock, Duration codeTtl, Duration tokenTtl) {
    this.codes = new ExpiringMap<>(clock, Code::expiresAt);
    this.usedCodes = new ExpiringMap<>(clock, expiresAt -> expiresAt);
    this.tokens = new ExpiringMap<>(clock, AccessToken::expiresAt);
    this.clock = clock;
    this.codeTtl = codeTtl;
    this.tokenTtl = tokenTtl;
  }

  /** @return a new code for this user and client */
  public Code issueCode(long userId, String clientId, String redirectUri, String scope, String nonce) {
    purgeIfLarge();
    Code code = new Code(Tokens.random(24), userId, clientId, redirectUri, scope, nonce, clock.instant().plus(codeTtl));
    codes.put(code.value(), code);
    return code;
  }

  /**
   * Redeems a code once, for {@code clientId}.
   *
   * @return the code, or the problem with it
   */
  public Redemption redeem(String value, String clientId) {
    Code code = codes.remove(value);
    Instant now = clock.instant();
    if (code == null) {
      if (usedCodes.containsKey(value)) {
        tokens.removeIf(t -> value.equals(t.fromCode()));
        return new Redemption(null, CodeProblem.REUSED);
      }
      return new Redemption(null, CodeProblem.UNKNOWN);
    }
    usedCodes.put(value, code.expiresAt());
    if (codes.expired(code, now)) {
      return new Redemption(null, CodeProblem.EXPIRED);
    }
    if (!code.clientId().equals(clientId)) {
      return new Redemption(null, CodeProblem.WRONG_CLIENT);
    }
    return new Redemption(code, null);
  }

  /** @return a new access token for a redeemed code */
  public AccessToken issueToken(Code code) {
    AccessToken token = new AccessToken(Tokens.random(32), code.userId(), code.clientId(), code.scope(),
        clock.instant().plus(tokenTtl), code.value());
    tokens.put(token.value(), token);
    return token;
  }

  /** @return the live access token with this value, if any */
  public Optional<AccessToken> token(String value) {
    return tokens.live(value);
  }

  /** @return the access token lifetime in seconds */
  public long tokenTtlSeconds() {
    return tokenTtl.toSeconds();
  }

  /** Purges expired grants once they number {@code purgeAt}; the next purge waits until there are twice as many as remain. */
  private void purgeIfLarge() {
    if (size() < purgeAt) return;
    synchronized (this) {
      if (size() < purgeAt) return;
      Instant now = clock.instant();
      codes.purgeExpired(now);
      usedCodes.purgeExpired(now);
      tokens.purgeExpired(now);
      purgeAt = Math.max(PURGE_AT, 2 * size());
    }
  }

  private int size() {
    return codes.size() + usedCodes.size() + tokens.size();
  }
}
