package io.firstbell.stack;

import io.firstbell.stack.time.StackClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StackClock} that a test moves forward. Standing still ({@link #MutableClock(Instant)},
 * {@link #startingNow()}), no modelled time passes until the test {@link #advance advances} it: a
 * 20 ms service time or a 1 s queue timeout ends exactly when the test has moved the clock 20 ms or
 * 1 s on. Running ({@link #runningFromNow()}), it follows real time and jumps forward when advanced:
 * for tests over HTTP that move past session, code or token lifetimes while the stack serves as usual.
 *
 * <p>{@link #nanos()} counts nanoseconds since the epoch, so it tells the same time as {@link #instant()}.
 */
public final class MutableClock implements StackClock {

  /** How often a wait for a permit looks at the clock again. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long startEpochNanos;
  private final boolean running;
  private final long realStart = System.nanoTime();
  private volatile long advancedNanos;

  /** A clock standing at {@code start}. */
  public MutableClock(Instant start) {
    this(start, false);
  }

  private MutableClock(Instant start, boolean running) {
    this.startEpochNanos = Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000_000L), start.getNano());
    this.running = running;
  }

  /** @return a clock standing at the current system time */
  public static MutableClock startingNow() {
    return new MutableClock(Instant.now(), false);
  }

  /** @return a clock that starts at the current system time and follows real time */
  public static MutableClock runningFromNow() {
    return new MutableClock(Instant.now(), true);
  }

  /** Moves the clock forward by {@code amount}, waking whatever waits for it. */
  public synchronized void advance(Duration amount) {
    advancedNanos += amount.toNanos();
    notifyAll();
  }

  @Override
  public long nanos() {
    return startEpochNanos + advancedNanos + (running ? System.nanoTime() - realStart : 0);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(0, nanos());
  }

  private int sleepers;

  /** @return how many threads are sleeping on this clock now: a test advances it once the work it times has begun to sleep */
  public synchronized int sleepers() {
    return sleepers;
  }

  @Override
  public synchronized void sleepUntil(long deadlineNanos) {
    long remaining;
    sleepers++;
    try {
      while ((remaining = deadlineNanos - nanos()) > 0) {
        if (running) {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } else {
          wait();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sleepers--;
    }
  }

  @Override
  public boolean acquireBy(Semaphore permits, long deadlineNanos) throws InterruptedException {
    while (deadlineNanos - nanos() > 0) {
      if (permits.tryAcquire(POLL_NANOS, TimeUnit.NANOSECONDS)) return true;
    }
    return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return (running ? "a running" : "a standing") + " test clock at " + instant();
  }
}
