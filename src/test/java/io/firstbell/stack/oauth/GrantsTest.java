package io.firstbell.stack.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.MutableClock;
import io.firstbell.stack.oauth.Grants.CodeProblem;
import io.firstbell.stack.time.ExpiringCache;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Codes and access tokens on the stack's clock: exact lifetimes, and eviction at their maximums that behaves as expiry. */
class GrantsTest {

  private static final Duration CODE_TTL = Duration.ofSeconds(60);
  private static final Duration TOKEN_TTL = Duration.ofHours(1);
  private static final String CLIENT = "client";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));

  private Grants grants(long maxCodes, long maxTokens) {
    return new Grants(clock, CODE_TTL, maxCodes, TOKEN_TTL, maxTokens);
  }

  private static Grants.Code code(Grants grants) {
    return grants.issueCode(7, CLIENT, null, "", null);
  }

  private static CodeProblem problem(Grants grants, String code) {
    return grants.redeem(code, CLIENT).problem();
  }

  @Test
  void codeRedeemsOneNanosecondBeforeItsTtl() {
    Grants grants = grants(10, 10);
    Grants.Code code = code(grants);
    clock.advance(CODE_TTL.minusNanos(1));

    Grants.Redemption r = grants.redeem(code.value(), CLIENT);

    assertNull(r.problem());
    assertEquals(7, r.code().userId());
  }

  @Test
  void codeHasExpiredAtItsTtl() {
    Grants grants = grants(10, 10);
    Grants.Code code = code(grants);
    clock.advance(CODE_TTL);

    assertEquals(CodeProblem.EXPIRED, problem(grants, code.value()));
  }

  @Test
  void expiredCodeIsStillNamedExpiredOneCodeLifetimeLaterThenUnknown() {
    Grants grants = grants(10, 10);
    Grants.Code code = code(grants);
    clock.advance(CODE_TTL);
    code(grants); // any activity drops the expired code, remembering it as spent
    clock.advance(CODE_TTL.minusNanos(1));
    assertEquals(CodeProblem.EXPIRED, problem(grants, code.value()));

    clock.advance(Duration.ofNanos(1));
    assertEquals(CodeProblem.UNKNOWN, problem(grants, code.value()));
  }

  @Test
  void accessTokenIsLiveOneNanosecondBeforeItsTtlAndGoneAtIt() {
    Grants grants = grants(10, 10);
    Grants.AccessToken token = grants.issueToken(grants.redeem(code(grants).value(), CLIENT).code());

    clock.advance(TOKEN_TTL.minusNanos(1));
    assertEquals(7, grants.token(token.value()).orElseThrow().userId());

    clock.advance(Duration.ofNanos(1));
    assertTrue(grants.token(token.value()).isEmpty());
  }

  @Test
  void reusedCodeRevokesTheTokenItBought() {
    Grants grants = grants(10, 10);
    Grants.Code code = code(grants);
    Grants.AccessToken token = grants.issueToken(grants.redeem(code.value(), CLIENT).code());

    assertEquals(CodeProblem.REUSED, problem(grants, code.value()));
    assertTrue(grants.token(token.value()).isEmpty());
    assertEquals(CodeProblem.REUSED, problem(grants, code.value()), "and stays reused");
  }

  @Test
  void codeEvictedForRoomIsRefusedAsExpired() {
    Grants grants = grants(2, 10);
    Grants.Code oldest = code(grants);
    Grants.Code second = code(grants);
    Grants.Code third = code(grants);

    assertEquals(CodeProblem.EXPIRED, problem(grants, oldest.value()));
    assertNull(problem(grants, second.value()));
    assertNull(problem(grants, third.value()));
    assertEquals(1, grants.stats().get(0).evicted(), "codes evicted");
  }

  @Test
  void tokenEvictedForRoomIsGoneAsAnExpiredOne() {
    Grants grants = grants(10, 2);
    Grants.AccessToken oldest = grants.issueToken(grants.redeem(code(grants).value(), CLIENT).code());
    Grants.AccessToken second = grants.issueToken(grants.redeem(code(grants).value(), CLIENT).code());
    Grants.AccessToken third = grants.issueToken(grants.redeem(code(grants).value(), CLIENT).code());

    assertTrue(grants.token(oldest.value()).isEmpty());
    assertTrue(grants.token(second.value()).isPresent());
    assertTrue(grants.token(third.value()).isPresent());
    assertEquals(new ExpiringCache.Stats("accessTokens", 2, 2, 1), grants.stats().get(2));
  }

  @Test
  void codeForAnotherClientIsRefusedAndThenSpent() {
    Grants grants = grants(10, 10);
    Grants.Code code = code(grants);

    assertEquals(CodeProblem.WRONG_CLIENT, grants.redeem(code.value(), "someone-else").problem());
    assertEquals(CodeProblem.REUSED, problem(grants, code.value()));
  }
}
