package io.firstbell.stack.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store behind sessions, codes and tokens: exact expiry on the stack's clock, oldest-first eviction at its maximum. */
class ExpiringCacheTest {

  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration NANO = Duration.ofNanos(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
  private final List<String> gone = new ArrayList<>();

  private ExpiringCache<String> cache(long max) {
    return new ExpiringCache<>("test", clock, LIFETIME, max, (key, value) -> gone.add(key));
  }

  @Test
  void valueIsFoundOneNanosecondBeforeItsLifetimeAndGoneAtIt() {
    ExpiringCache<String> cache = cache(10);
    cache.put("a", "A");

    clock.advance(LIFETIME.minus(NANO));
    assertEquals(Optional.of("A"), cache.find("a"));

    clock.advance(NANO);
    assertEquals(Optional.empty(), cache.find("a"));
    assertNull(cache.remove("a"), "an expired value is not handed out by remove either");
    assertEquals(List.of("a"), gone);
    assertEquals(0, cache.stats().size());
    assertEquals(0, cache.stats().evicted(), "expiry is not eviction");
  }

  @Test
  void lifetimeCountsFromTheLastPut() {
    ExpiringCache<String> cache = cache(10);
    cache.put("a", "A");
    clock.advance(LIFETIME.minusSeconds(5));
    cache.put("a", "A2");

    clock.advance(Duration.ofSeconds(5));
    assertEquals(Optional.of("A2"), cache.find("a"));
    clock.advance(LIFETIME.minusSeconds(5));
    assertEquals(Optional.empty(), cache.find("a"));
  }

  @Test
  void countStaysAtTheMaximumUnderMoreInsertsAndTheOldestIsEvicted() {
    ExpiringCache<String> cache = cache(3);
    for (int i = 1; i <= 8; i++) {
      cache.put("k" + i, "v" + i);
      clock.advance(Duration.ofSeconds(1));
      assertEquals(Math.min(i, 3), cache.stats().size(), "after " + i + " inserts");
    }

    for (int i = 1; i <= 5; i++) assertEquals(Optional.empty(), cache.find("k" + i), "k" + i + " evicted");
    for (int i = 6; i <= 8; i++) assertEquals(Optional.of("v" + i), cache.find("k" + i), "k" + i + " kept");
    assertEquals(List.of("k1", "k2", "k3", "k4", "k5"), gone, "evicted in the order they were stored, each reported gone");
    assertEquals(new ExpiringCache.Stats("test", 3, 3, 5), cache.stats());
  }

  @Test
  void theOldestIsEvictedHoweverOftenItWasRead() {
    ExpiringCache<String> cache = cache(2);
    cache.put("old", "O");
    cache.put("new", "N");
    for (int i = 0; i < 10; i++) cache.find("old");

    cache.put("newest", "X");

    assertEquals(Optional.empty(), cache.find("old"), "the oldest goes first however often it was read");
    assertEquals(Optional.of("N"), cache.find("new"));
  }

  @Test
  void anExpiredValueMakesRoomBeforeALiveOneIsEvicted() {
    ExpiringCache<String> cache = cache(2);
    cache.put("a", "A");
    clock.advance(LIFETIME);
    cache.put("b", "B");
    cache.put("c", "C");

    assertEquals(Optional.of("B"), cache.find("b"));
    assertEquals(Optional.of("C"), cache.find("c"));
    assertEquals(0, cache.stats().evicted(), "a had expired: no live value was evicted");
  }

  @Test
  void removedValuesAreNotReportedGone() {
    ExpiringCache<String> cache = cache(2);
    cache.put("a", "A");

    assertEquals("A", cache.remove("a"));
    assertNull(cache.remove("a"));
    assertNull(cache.remove(null));
    assertEquals(Optional.empty(), cache.find(null));
    assertTrue(gone.isEmpty(), gone::toString);
  }

  @Test
  void maximumBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> cache(0));
  }
}
