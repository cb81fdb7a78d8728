package io.firstbell.stack.capacity;

import io.firstbell.stack.roster.ReadGate;
import io.firstbell.stack.time.StackClock;
import java.sql.SQLException;

/**
 * A request an instance is serving: the instance it is charged to, its deadline on the model's
 * clock, and the gate its roster reads pass through (the datastore ceiling, charged to the instance).
 * The capacity model hands it to the request's handlers with {@link io.firstbell.stack.http.Dispatcher#readThrough}.
 */
final class Work implements ReadGate {

  final Instance instance;
  final long deadlineNanos;
  final boolean timeouts;
  private final Datastore datastore;
  private final StackClock clock;

  Work(Instance instance, long deadlineNanos, boolean timeouts, Datastore datastore, StackClock clock) {
    this.instance = instance;
    this.deadlineNanos = deadlineNanos;
    this.timeouts = timeouts;
    this.datastore = datastore;
    this.clock = clock;
  }

  @Override
  public <T> T read(Read<T> read) throws SQLException {
    return datastore.read(this, read);
  }

  /** Cancels the work when timeouts are on and its client has given up. */
  void checkDeadline() {
    if (timeouts && clock.nanos() - deadlineNanos > 0) {
      throw new WorkCancelledException();
    }
  }
}
