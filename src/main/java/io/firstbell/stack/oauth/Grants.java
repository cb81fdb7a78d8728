package io.firstbell.stack.oauth;

import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.time.ExpiringCache;
import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authorization codes and the access tokens they buy. Codes are single-use and expire after the
 * configured time; a code presented twice revokes the token it bought (RFC 6749 section 4.1.2).
 *
 * <p>Codes and tokens are each held up to a maximum; one evicted to stay within it is refused exactly
 * as an expired one. A spent code (redeemed, expired or evicted) is remembered for one further code
 * lifetime, so that presenting it again is answered as reused or expired rather than unknown.
 */
public final class Grants {

  /**
   * What a code stands for. {@code redirectUri} is null when the authorization request carried none
   * (instant login); {@code codeChallenge} is the request's S256 PKCE challenge, or null when it had none.
   */
  public record Code(String value, long userId, String clientId, String redirectUri, String scope, String nonce, String codeChallenge) {}

  /** What an access token stands for. */
  public record AccessToken(String value, long userId, String clientId, String scope) {}

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

  /** A code that can no longer be redeemed: why, and the access token it bought, if any. */
  private record Spent(CodeProblem problem, String token) {
    static final Spent EXPIRED = new Spent(CodeProblem.EXPIRED, null);
    static final Spent USED = new Spent(CodeProblem.REUSED, null);
  }

  private final ExpiringCache<Spent> spent;
  private final ExpiringCache<Code> codes;
  private final ExpiringCache<AccessToken> tokens;
  private final Duration tokenTtl;

  /**
   * Grants on {@code clock}: at most {@code maxCodes} codes, each living for {@code codeTtl}, and at
   * most {@code maxTokens} access tokens, each living for {@code tokenTtl}.
   */
  public Grants(StackClock clock, Duration codeTtl, long maxCodes, Duration tokenTtl, long maxTokens) {
    this.spent = new ExpiringCache<>("spentCodes", clock, codeTtl, maxCodes);
    this.codes = new ExpiringCache<>("codes", clock, codeTtl, maxCodes, (value, code) -> spent.put(value, Spent.EXPIRED));
    this.tokens = new ExpiringCache<>("accessTokens", clock, tokenTtl, maxTokens);
    this.tokenTtl = tokenTtl;
  }

  /** @return a new code for this user and client, without a PKCE challenge */
  public Code issueCode(long userId, String clientId, String redirectUri, String scope, String nonce) {
    return issueCode(userId, clientId, redirectUri, scope, nonce, null);
  }

  /** @return a new code for this user and client, bound to the S256 {@code codeChallenge} unless it is null */
  public Code issueCode(long userId, String clientId, String redirectUri, String scope, String nonce, String codeChallenge) {
    Code code = new Code(Tokens.random(24), userId, clientId, redirectUri, scope, nonce, codeChallenge);
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
    if (code == null) {
      Spent s = spent.find(value).orElse(null);
      if (s == null) return new Redemption(null, CodeProblem.UNKNOWN);
      if (s.token() != null) tokens.remove(s.token());
      return new Redemption(null, s.problem());
    }
    spent.put(value, Spent.USED);
    if (!code.clientId().equals(clientId)) {
      return new Redemption(null, CodeProblem.WRONG_CLIENT);
    }
    return new Redemption(code, null);
  }

  /** @return a new access token for a redeemed code */
  public AccessToken issueToken(Code code) {
    AccessToken token = new AccessToken(Tokens.random(32), code.userId(), code.clientId(), code.scope());
    tokens.put(token.value(), token);
    spent.put(code.value(), new Spent(CodeProblem.REUSED, token.value()));
    return token;
  }

  /** @return the live access token with this value, if any */
  public Optional<AccessToken> token(String value) {
    return tokens.find(value);
  }

  /** @return the access token lifetime in seconds */
  public long tokenTtlSeconds() {
    return tokenTtl.toSeconds();
  }

  /** @return the codes, spent codes and access tokens held, their maximums and evictions */
  public List<ExpiringCache.Stats> stats() {
    return List.of(codes.stats(), spent.stats(), tokens.stats());
  }
}
