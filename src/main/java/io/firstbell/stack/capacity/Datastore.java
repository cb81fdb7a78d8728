package io.firstbell.stack.capacity;

import io.firstbell.stack.roster.ReadGate;
import io.firstbell.stack.roster.RosterException;
import io.firstbell.stack.time.StackClock;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The datastore's read-concurrency ceiling: at most {@code max-concurrent-reads} reads at once, each
 * holding its place for the modelled {@code read-time} (its real query included); a read that cannot
 * get a place within {@code wait-timeout} fails. Only the reads of a modelled request ({@link Work})
 * pass here; others (start-up, admin) go straight to the database.
 */
final class Datastore {

  private final Semaphore permits;
  private final int ceiling;
  private final long readNanos;
  private final long waitTimeoutNanos;
  private final AtomicInteger inUse = new AtomicInteger();
  private final LongAdder reads = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final StackClock clock;

  Datastore(CapacitySettings settings, StackClock clock) {
    this.clock = clock;
    this.ceiling = settings.datastoreCeiling();
    this.permits = new Semaphore(ceiling, true);
    this.readNanos = settings.readTime().toNanos();
    this.waitTimeoutNanos = settings.datastoreWaitTimeout().toNanos();
  }

  /** @return the result of {@code read}, made for {@code work} once the ceiling lets it through */
  <T> T read(Work work, ReadGate.Read<T> read) throws SQLException {
    work.checkDeadline();
    reads.increment();
    try {
      if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
        waits.increment();
        work.instance.readWaited();
        long deadline = clock.nanos() + waitTimeoutNanos;
        if (work.timeouts && work.deadlineNanos - deadline < 0) {
          deadline = work.deadlineNanos;
        }
        if (!clock.acquireBy(permits, deadline)) {
          failures.increment();
          work.checkDeadline();
          throw new RosterException("Datastore read-concurrency ceiling (" + ceiling + " reads) still full after "
              + TimeUnit.NANOSECONDS.toMillis(waitTimeoutNanos) + " ms", null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RosterException("Interrupted while waiting for the datastore", e);
    }
    long start = clock.nanos();
    inUse.incrementAndGet();
    work.instance.readStarted();
    try {
      T result = read.run();
      clock.sleepUntil(start + readNanos);
      return result;
    } finally {
      work.instance.readEnded();
      inUse.decrementAndGet();
      permits.release();
    }
  }

  int ceiling() {
    return ceiling;
  }

  int inUse() {
    return inUse.get();
  }

  long reads() {
    return reads.sum();
  }

  long waits() {
    return waits.sum();
  }

  long failures() {
    return failures.sum();
  }
}
