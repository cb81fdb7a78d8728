package io.firstbell.report;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exit status of a FirstBell run, decided by FirstBell's own login-level verdict rather than by Gatling's
 * request-level assertions. Gatling ends its JVM with {@code System.exit} once its report is written; a status set
 * here replaces Gatling's when the JVM shuts down, so Gatling's report is still complete.
 *
 * <p>The JVM runs its shutdown hooks at once and in no order, so FirstBell has one: it first runs, in order, what must
 * happen before the JVM ends ({@link #beforeExit}: an interrupted run's results), then applies the status.
 */
public final class ExitStatus {

  /** The run's verdict failed: the login SLO was not met, or a search found no trustworthy answer. */
  public static final int VERDICT_FAILED = 2;
  /** The preflight login of a journey failed (or the target was unreachable): no load was sent. */
  public static final int PREFLIGHT_FAILED = 3;
  /** The run ended before its plan did: a signal (Ctrl-C, SIGTERM), the load generator stopping, a full disk. */
  public static final int INTERRUPTED = 4;

  private static final AtomicInteger STATUS = new AtomicInteger();
  private static final List<Runnable> BEFORE_EXIT = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExitStatus::shutDown, "firstbell-exit-status"));
  }

  private ExitStatus() {}

  /** Makes the JVM exit with {@code status} (the highest one set wins) when it shuts down. */
  public static void failWith(int status) {
    STATUS.getAndAccumulate(status, Math::max);
  }

  /** Runs {@code action} when the JVM shuts down, before the status is applied (a failure in it is printed, not thrown). */
  public static void beforeExit(Runnable action) {
    BEFORE_EXIT.add(action);
  }

  /** @return the status set so far, 0 when none */
  public static int status() {
    return STATUS.get();
  }

  private static void shutDown() {
    for (Runnable action : BEFORE_EXIT) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        System.err.println("FirstBell: while shutting down: " + e);
      }
    }
    System.out.flush();
    System.err.flush();
    if (STATUS.get() != 0) Runtime.getRuntime().halt(STATUS.get());
  }
}
