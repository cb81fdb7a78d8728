package io.firstbell.stack.portal;

import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.time.ExpiringMap;
import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Portal sessions: an unguessable id mapped to a user until it expires or the user logs out. */
public final class SessionStore {

  /** One logged-in user. */
  public record Session(String id, long userId, Instant expiresAt) {}

  private final ExpiringMap<Session> sessions;
  private final StackClock clock;
  private final Duration ttl;
  /** The size at which expired sessions are purged next: doubled after each purge, so a purge that frees little is not repeated on every login. */
  private volatile int purgeAt = 200_000;

  /** Sessions on {@code clock} that live for {@code ttl}. */
  public SessionStore(StackClock clock, Duration ttl) {
    this.sessions = new ExpiringMap<>(clock, Session::expiresAt);
    this.clock = clock;
    this.ttl = ttl;
  }

  /** @return a new session for {@code userId} */
  public Session create(long userId) {
    if (sessions.size() > purgeAt) {
      synchronized (this) {
        if (sessions.size() > purgeAt) {
          sessions.purgeExpired(clock.instant());
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
    return sessions.live(id);
  }

  /** Ends a session. */
  public void remove(String id) {
    sessions.remove(id);
  }

  /** @return sessions held: the live ones, and expired ones not purged yet */
  public int size() {
    return sessions.size();
  }
}
