package io.firstbell.stack.time;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The {@link StackClock} of a running stack: the system's calendar time and {@link System#nanoTime()}. */
final class SystemClock implements StackClock {

  static final SystemClock INSTANCE = new SystemClock();

  private final Clock calendar = Clock.systemUTC();

  private SystemClock() {}

  @Override
  public Instant instant() {
    return calendar.instant();
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public void sleepUntil(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - nanos()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean acquireBy(Semaphore permits, long deadlineNanos) throws InterruptedException {
    return permits.tryAcquire(Math.max(0, deadlineNanos - nanos()), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "the system clock";
  }
}
