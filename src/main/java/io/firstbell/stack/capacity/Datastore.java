package io.firstbell.stack.capacity;

import io.firstbell.stack.roster.ReadGate;
import io.firstbell.stack.roster.RosterException;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The datastore's read-concurrency ceiling: at most {@code max-concurrent-reads} reads at once, each
 * holding its place for the modelled {@code read-time} (its real query included); a read that cannot
 * get a place within {@code wait-timeout} fails. Reads outside a modelled request (start-up, admin)
 * pass straight through.
 */
final class Datastore implements ReadGate {

  private final Semaphore permits;
  private final int ceiling;
  private final long readNanos;
  private final long waitTimeoutNanos;
  private final AtomicInteger inUse = new AtomicInteger();
  private final LongAdder reads = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final LongAdder failures = new LongAdder();

  Datastore(CapacitySettings settings) {
    this.ceiling = settings.datastoreCeiling();
    this.permits = new Semaphore(ceiling, true);
    this.readNanos = settings.readTime().toNanos();
    this.waitTimeoutNanos = settings.datastoreWaitTimeout().toNanos();
  }

  @Override
  public <T> T read(Read<T> read) throws SQLException {
    Work work = Work.CURRENT.get();
    if (work == null) {
      return read.run();
    }
    work.checkDeadline();
    reads.increment();
    try {
      if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
        waits.increment();
        work.instance.readWaited();
        long wait = waitTimeoutNanos;
        if (work.timeouts) {
          wait = Math.min(wait, Math.max(0, work.deadlineNanos - System.nanoTime()));
        }
        if (!permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
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
    long start = System.nanoTime();
    inUse.incrementAndGet();
    work.instance.readStarted();
    try {
      T result = read.run();
      Pacing.sleepUntil(start + readNanos);
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
