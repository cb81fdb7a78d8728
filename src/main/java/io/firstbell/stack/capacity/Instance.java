package io.firstbell.stack.capacity;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One modelled instance of the portal: {@code slots} concurrent workers, a bounded wait queue, and
 * the facts health checks and the autoscaler read (busy slot-time, completions, datastore waits).
 * Times are nanoseconds on the model's clock.
 */
final class Instance {

  enum State { PENDING, READY, DRAINING }

  final String id;
  final int slotCount;
  final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  volatile State state;
  volatile long readyAtNanos;
  volatile long unhealthyUntilNanos = Long.MIN_VALUE;

  // busy slot-time accounting (guarded by this)
  private int inUse;
  private long busyIntegral;
  private long lastChange;
  private long lastCompletion;
  private long completed;

  // datastore facts since the last health check (guarded by this)
  private int readsInFlight;
  private int peakReadsSinceCheck;
  private long datastoreWaitsSinceCheck;

  Instance(String id, int slots, State state, long readyAtNanos, long now) {
    this.id = id;
    this.slotCount = slots;
    this.slots = new Semaphore(slots, true);
    this.state = state;
    this.readyAtNanos = readyAtNanos;
    this.lastChange = now;
    this.lastCompletion = now;
  }

  /** @return whether a place in the wait queue was free (and is now taken) */
  boolean enqueue(int capacity) {
    while (true) {
      int w = waiting.get();
      if (w >= capacity) return false;
      if (waiting.compareAndSet(w, w + 1)) return true;
    }
  }

  void dequeue() {
    waiting.decrementAndGet();
  }

  int waiting() {
    return waiting.get();
  }

  synchronized void slotTaken(long now) {
    advance(now);
    inUse++;
  }

  synchronized void slotReleased(long now) {
    advance(now);
    inUse--;
    completed++;
    lastCompletion = now;
  }

  synchronized int inUse() {
    return inUse;
  }

  /** @return requests holding or waiting for a slot: what the front door balances on */
  int outstanding() {
    return inUseUnsynchronized() + waiting.get();
  }

  private int inUseUnsynchronized() {
    return slotCount - slots.availablePermits();
  }

  /** @return slot-nanoseconds spent busy since the instance was created, up to {@code now} */
  synchronized long busyIntegral(long now) {
    advance(now);
    return busyIntegral;
  }

  synchronized long lastCompletion() {
    return lastCompletion;
  }

  synchronized long completed() {
    return completed;
  }

  synchronized void readStarted() {
    readsInFlight++;
    peakReadsSinceCheck = Math.max(peakReadsSinceCheck, readsInFlight);
  }

  synchronized void readEnded() {
    readsInFlight--;
  }

  synchronized void readWaited() {
    datastoreWaitsSinceCheck++;
  }

  /** @return {peak concurrent reads, reads that waited} since the last call, and starts a new period */
  synchronized long[] takeDatastoreFacts() {
    long[] facts = {peakReadsSinceCheck, datastoreWaitsSinceCheck};
    peakReadsSinceCheck = readsInFlight;
    datastoreWaitsSinceCheck = 0;
    return facts;
  }

  boolean healthy(long now) {
    return now >= unhealthyUntilNanos;
  }

  private void advance(long now) {
    if (now > lastChange) {
      busyIntegral += (long) inUse * (now - lastChange);
      lastChange = now;
    }
  }
}
