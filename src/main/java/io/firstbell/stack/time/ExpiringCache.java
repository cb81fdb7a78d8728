package io.firstbell.stack.time;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Values under unguessable keys (portal sessions, authorization codes, access tokens) that live a
 * fixed time from when they are stored, at most {@code max} of them: a Caffeine cache that expires
 * values after write on the stack's clock ({@link StackClock#nanos()} is its ticker).
 *
 * <p>A value is gone from exactly its lifetime on: one nanosecond before, it is found; at its
 * lifetime, not. Storing one more than {@code max} evicts the oldest: the value that would expire
 * first ends early, and is gone exactly as an expired one is, and is counted in {@link #stats()}.
 * Caffeine's own size bound ({@code maximumSize}) is not used because its admission policy keeps
 * entries it has seen used over new ones, so a full store would drop sessions of logins in progress
 * rather than the oldest; the oldest come from Caffeine's write order instead.
 *
 * <p>Expiry, eviction and their bookkeeping run on the calling thread: once {@link #put} returns,
 * no more than {@code max} values are held.
 *
 * @param <V> the values
 */
public final class ExpiringCache<V> {

  private final String name;
  private final long max;
  private final BiConsumer<String, V> gone;
  private final LongAdder evicted = new LongAdder();
  private final Cache<String, V> cache;
  private final Policy.FixedExpiration<String, V> writeOrder;

  /** A cache that drops values silently. */
  public ExpiringCache(String name, StackClock clock, Duration lifetime, long max) {
    this(name, clock, lifetime, max, (key, value) -> {});
  }

  /**
   * @param name how telemetry names this cache, e.g. {@code sessions}
   * @param lifetime how long a value lives from when it is stored
   * @param max the most values held, at least 1
   * @param gone told of every value that expired or was evicted (not of those {@link #remove removed}),
   *     on the calling thread, as part of dropping it
   */
  public ExpiringCache(String name, StackClock clock, Duration lifetime, long max, BiConsumer<String, V> gone) {
    if (max < 1) throw new IllegalArgumentException(name + ": max is " + max + " but must be at least 1");
    this.name = name;
    this.max = max;
    this.gone = gone;
    this.cache = Caffeine.newBuilder()
        .ticker(clock::nanos)
        .expireAfterWrite(lifetime)
        .executor(Runnable::run)
        .<String, V>evictionListener((key, value, cause) -> gone.accept(key, value))
        .build();
    this.writeOrder = cache.policy().expireAfterWrite().orElseThrow();
  }

  /** Stores {@code value} under {@code key}, for the cache's lifetime from now; evicts the oldest beyond {@code max}. */
  public void put(String key, V value) {
    cache.put(key, value);
    if (cache.estimatedSize() > max) evictOldest();
  }

  /** @return the live value under {@code key}, if any (none for a null key) */
  public Optional<V> find(String key) {
    return key == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(key));
  }

  /** @return the live value under {@code key}, now removed; null when there is none (an expired one counts as gone) */
  public V remove(String key) {
    return key == null ? null : cache.asMap().remove(key);
  }

  /** What a cache holds: its name, its values (once those expired by now are dropped), its maximum, its evictions. */
  public record Stats(String name, long size, long max, long evicted) {}

  /** @return what this cache holds now */
  public Stats stats() {
    cache.cleanUp();
    return new Stats(name, cache.estimatedSize(), max, evicted.sum());
  }

  /** Removes the oldest values, those expired by now first, until at most {@code max} are held. */
  private synchronized void evictOldest() {
    while (cache.estimatedSize() > max) {
      // the snapshot first drops what has expired; then its first entry is the oldest live one
      Map.Entry<String, V> oldest = writeOrder.oldest(entries -> entries.findFirst().orElse(null));
      if (oldest == null) return;
      if (cache.asMap().remove(oldest.getKey(), oldest.getValue())) {
        evicted.increment();
        gone.accept(oldest.getKey(), oldest.getValue());
      }
    }
  }
}
