package io.firstbell.stack.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * The reference stack's one source of time, passed from {@code ReferenceStack} to every part that
 * reads time or waits for it: session, code and token expiry, ID token timestamps, the capacity
 * model's instances, deadlines, control loop and events, and the modelled time a request or a
 * datastore read holds its place. A test that substitutes its own clock pins every timing rule with
 * exact numbers.
 *
 * <p>{@link #instant()} and {@link #nanos()} tell the same time in two forms: a point in calendar
 * time, and a nanosecond count whose differences are elapsed time.
 */
public interface StackClock {

  /** @return the time now, for expiry and timestamps */
  Instant instant();

  /**
   * @return a monotonic reading in nanoseconds, for elapsed time and deadlines; only differences
   *     between two readings mean anything
   */
  long nanos();

  /**
   * Blocks the calling thread until {@link #nanos()} reaches {@code deadlineNanos}: how modelled
   * time is spent. Returns early, with the thread's interrupt flag set, when the thread is interrupted.
   */
  void sleepUntil(long deadlineNanos);

  /**
   * Waits for one of {@code permits} until {@link #nanos()} reaches {@code deadlineNanos}.
   *
   * @return whether a permit was taken
   */
  boolean acquireBy(Semaphore permits, long deadlineNanos) throws InterruptedException;

  /** @return the milliseconds from the reading {@code startNanos} to now */
  default long millisSince(long startNanos) {
    return Duration.ofNanos(nanos() - startNanos).toMillis();
  }

  /** @return the system clock: calendar time from the system, elapsed time from {@link System#nanoTime()} */
  static StackClock system() {
    return SystemClock.INSTANCE;
  }
}
