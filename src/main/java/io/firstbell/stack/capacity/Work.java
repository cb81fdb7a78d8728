package io.firstbell.stack.capacity;

/** The request a worker thread is serving: its instance and its deadline (System.nanoTime). */
final class Work {

  static final ThreadLocal<Work> CURRENT = new ThreadLocal<>();

  final Instance instance;
  final long deadlineNanos;
  final boolean timeouts;

  Work(Instance instance, long deadlineNanos, boolean timeouts) {
    this.instance = instance;
    this.deadlineNanos = deadlineNanos;
    this.timeouts = timeouts;
  }

  /** Cancels the work when timeouts are on and its client has given up. */
  void checkDeadline() {
    if (timeouts && System.nanoTime() - deadlineNanos > 0) {
      throw new WorkCancelledException();
    }
  }
}
