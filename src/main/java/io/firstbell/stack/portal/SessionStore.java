package io.firstbell.stack.portal;

import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.time.ExpiringCache;
import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.util.Optional;

/**
 * Portal sessions: an unguessable id mapped to a user until the session's lifetime ends, the user
 * logs out, or the store, holding its maximum, evicts it; an evicted session is gone exactly as an
 * expired one is, so its user is sent to log in again.
 */
public final class SessionStore {

  /** One logged-in user. */
  public record Session(String id, long userId) {}

  private final ExpiringCache<Session> sessions;

  /** At most {@code max} sessions on {@code clock}, each living for {@code ttl} from its login. */
  public SessionStore(StackClock clock, Duration ttl, long max) {
    this.sessions = new ExpiringCache<>("sessions", clock, ttl, max);
  }

  /** @return a new session for {@code userId} */
  public Session create(long userId) {
    Session s = new Session(Tokens.random(24), userId);
    sessions.put(s.id(), s);
    return s;
  }

  /** @return the live session with this id, if any */
  public Optional<Session> find(String id) {
    return sessions.find(id);
  }

  /** Ends a session. */
  public void remove(String id) {
    sessions.remove(id);
  }

  /** @return the sessions held, their maximum and evictions */
  public ExpiringCache.Stats stats() {
    return sessions.stats();
  }
}
