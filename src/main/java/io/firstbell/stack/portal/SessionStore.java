package io.firstbell.stack.portal;

import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Portal sessions: an unguessable id mapped to a user until it expires or the user logs out. */
public final class SessionStore {

  /** One logged-in user. */
  public record Session(String id, long userId, Instant expiresAt) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final StackClock clock;
  private final Duration ttl;
  /** The size at which expired sessions are purged next: doubled after each purge, so a purge that frees little is not repeated on every login. */
  private volatile int purgeAt = 200_000;

  public SessionStore(StackClock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** @return a new session for {@code userId} */
  public Session create(long userId) {
    if (sessions.size() > purgeAt) {
      synchronized (this) {
        if (sessions.size() > purgeAt) {
          purgeExpired();
          purgeAt = Math.max(200_000, 2 * sessions.size());
        }
      }
    }
    Session s = new Session(Tokens.random(24), userId, clock.instant().plus(ttl));
    sessions.put(s.id(), s);
    return s;
  }

  /** @return the live session with this id, if any */
  public Optional<Session> find(String id) {
    if (id == null) return Optional.empty();
    Session s = sessions.get(id);
    if (s == null) return Optional.empty();
    if (!clock.instant().isBefore(s.expiresAt())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Ends a session. */
  public void remove(String id) {
    if (id != null) sessions.remove(id);
  }

  /** @return live sessions */
  public int size() {
    return sessions.size();
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
  }
}
