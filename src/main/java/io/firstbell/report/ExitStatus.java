package io.firstbell.report;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exit status of a FirstBell run, decided by FirstBell's own login-level verdict rather than by Gatling's
 * request-level assertions. Gatling ends its JVM with {@code System.exit} once its report is written; a status set
 * here replaces Gatling's when the JVM shuts down, so Gatling's report is still complete.
 */
public final class ExitStatus {

  /** The run's verdict failed: the login SLO was not met, or a search found no trustworthy answer. */
  public static final int VERDICT_FAILED = 2;
  /** The preflight login of a journey failed (or the target was unreachable): no load was sent. */
  public static final int PREFLIGHT_FAILED = 3;

  private static final AtomicInteger STATUS = new AtomicInteger();

  private ExitStatus() {}

  /** Makes the JVM exit with {@code status} (the highest one set wins) when it shuts down. */
  public static void failWith(int status) {
    int before = STATUS.getAndAccumulate(status, Math::max);
    if (before == 0) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(STATUS.get());
      }, "firstbell-exit-status"));
    }
  }

  /** @return the status set so far, 0 when none */
  public static int status() {
    return STATUS.get();
  }
}
