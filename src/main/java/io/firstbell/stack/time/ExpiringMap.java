package io.firstbell.stack.time;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values under unguessable keys that live until their expiry on the stack's clock (portal sessions,
 * authorization codes, access tokens): a value is expired from its expiry on, a lookup never returns
 * an expired value and drops it, and a purge drops them all.
 *
 * @param <V> the values, each knowing its expiry
 */
public final class ExpiringMap<V> {

  private final Map<String, V> entries = new ConcurrentHashMap<>();
  private final StackClock clock;
  private final Function<V, Instant> expiresAt;

  /** @param expiresAt the expiry of a value */
  public ExpiringMap(StackClock clock, Function<V, Instant> expiresAt) {
    this.clock = clock;
    this.expiresAt = expiresAt;
  }

  /** Stores {@code value} under {@code key}. */
  public void put(String key, V value) {
    entries.put(key, value);
  }

  /** @return the live value under {@code key}, if any (none for a null key); an expired one is dropped */
  public Optional<V> live(String key) {
    if (key == null) return Optional.empty();
    V value = entries.get(key);
    if (value == null) return Optional.empty();
    if (expired(value, clock.instant())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** @return whether {@code value} has expired at {@code now} */
  public boolean expired(V value, Instant now) {
    return !now.isBefore(expiresAt.apply(value));
  }

  /** @return the value under {@code key}, expired or not, now removed; null when there is none */
  public V remove(String key) {
    return key == null ? null : entries.remove(key);
  }

  /** @return whether a value, expired or not, is stored under {@code key} */
  public boolean containsKey(String key) {
    return key != null && entries.containsKey(key);
  }

  /** Drops every value that {@code filter} accepts. */
  public void removeIf(Predicate<V> filter) {
    entries.values().removeIf(filter);
  }

  /** Drops every value expired at {@code now}. */
  public void purgeExpired(Instant now) {
    removeIf(value -> expired(value, now));
  }

  /** @return the values stored, expired ones not yet dropped included */
  public int size() {
    return entries.size();
  }
}
