package io.firstbell.stack.capacity;

import java.util.concurrent.locks.LockSupport;

/** Holds a worker until a moment on the System.nanoTime scale: how modelled time is spent. */
final class Pacing {

  private Pacing() {}

  static void sleepUntil(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
