package io.firstbell.stack.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Portal sessions on the stack's clock: they end exactly at their lifetime, and a full store evicts the oldest. */
class SessionStoreTest {

  private static final Duration TTL = Duration.ofHours(8);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));

  @Test
  void sessionIsLiveOneNanosecondBeforeItsTtlAndGoneAtIt() {
    SessionStore sessions = new SessionStore(clock, TTL, 10);
    SessionStore.Session s = sessions.create(42);

    clock.advance(TTL.minusNanos(1));
    assertEquals(42, sessions.find(s.id()).orElseThrow().userId());

    clock.advance(Duration.ofNanos(1));
    assertTrue(sessions.find(s.id()).isEmpty());
  }

  @Test
  void readingASessionDoesNotExtendIt() {
    SessionStore sessions = new SessionStore(clock, TTL, 10);
    SessionStore.Session s = sessions.create(42);
    clock.advance(TTL.minusSeconds(1));
    assertTrue(sessions.find(s.id()).isPresent());

    clock.advance(Duration.ofSeconds(1));
    assertTrue(sessions.find(s.id()).isEmpty(), "the lifetime counts from the login, not from the last request");
  }

  @Test
  void fullStoreKeepsItsMaximumAndEvictsTheOldestSession() {
    SessionStore sessions = new SessionStore(clock, TTL, 2);
    SessionStore.Session first = sessions.create(1);
    SessionStore.Session second = sessions.create(2);
    SessionStore.Session third = sessions.create(3);

    assertFalse(sessions.find(first.id()).isPresent());
    assertTrue(sessions.find(second.id()).isPresent());
    assertTrue(sessions.find(third.id()).isPresent());
    assertEquals(2, sessions.stats().size());
    assertEquals(1, sessions.stats().evicted());
  }

  @Test
  void loggedOutSessionIsGoneAndNotCountedAsEvicted() {
    SessionStore sessions = new SessionStore(clock, TTL, 2);
    SessionStore.Session s = sessions.create(7);

    sessions.remove(s.id());

    assertTrue(sessions.find(s.id()).isEmpty());
    assertEquals(0, sessions.stats().evicted());
  }
}
