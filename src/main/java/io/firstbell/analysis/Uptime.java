package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Uptime by the industry metric: logins are grouped into windows by attempt start (their scheduled
 * start); a window is down when more than {@code downThreshold} of the logins attempted in it failed.
 * A window with no attempts is reported as empty, never as up. Pure: a function of the records and
 * the run's bounds.
 */
public final class Uptime {

  /** What a window was. */
  public enum State { UP, DOWN, EMPTY }

  /** One window: its start (epoch ms), its logins and its state. */
  public record Window(long startMs, long attempted, long failed, State state) {

    /** @return the failed share of the window's attempts, 0 when empty */
    public double failedShare() {
      return attempted == 0 ? 0 : failed / (double) attempted;
    }
  }

  /**
   * The uptime of a run.
   *
   * @param windows every window from the run's start to its end, in order
   * @param uptimePercent up windows over windows with attempts (empty windows count for neither), 100 when there are none
   * @param worst the window with the highest failed share, or null when no window had attempts
   */
  public record Report(long windowMs, double downThreshold, List<Window> windows, long up, long down, long empty, double uptimePercent, Window worst) {

    /** @return one character per window: '+' up, 'x' down, '.' empty */
    public String strip() {
      StringBuilder sb = new StringBuilder(windows.size());
      for (Window w : windows) sb.append(w.state() == State.UP ? '+' : w.state() == State.DOWN ? 'x' : '.');
      return sb.toString();
    }
  }

  private Uptime() {}

  /**
   * @param records the run's logins
   * @param runStartMs the first window's start
   * @param runEndMs the run's end: the last window is the one holding the moment just before it
   * @param windowMs the window length
   * @param downThreshold a window is down when its failed share is strictly above this
   * @return the uptime report
   */
  public static Report compute(List<LoginRecord> records, long runStartMs, long runEndMs, long windowMs, double downThreshold) {
    if (windowMs <= 0) throw new IllegalArgumentException("The uptime window must be positive, not " + windowMs + " ms");
    long start = runStartMs;
    for (LoginRecord r : records) start = Math.min(start, r.scheduledStartMs());
    long end = Math.max(runEndMs, start + 1);
    int n = (int) ((end - 1 - start) / windowMs) + 1;
    long[] attempted = new long[n];
    long[] failed = new long[n];
    for (LoginRecord r : records) {
      int i = (int) Math.min(n - 1, (r.scheduledStartMs() - start) / windowMs);
      attempted[i]++;
      if (!r.succeeded()) failed[i]++;
    }
    List<Window> windows = new ArrayList<>(n);
    long up = 0;
    long down = 0;
    long empty = 0;
    Window worst = null;
    for (int i = 0; i < n; i++) {
      State state;
      if (attempted[i] == 0) {
        state = State.EMPTY;
        empty++;
      } else if (failed[i] / (double) attempted[i] > downThreshold) { // the share, as Window.failedShare(): no rounding surprise
        state = State.DOWN;
        down++;
      } else {
        state = State.UP;
        up++;
      }
      Window w = new Window(start + i * windowMs, attempted[i], failed[i], state);
      windows.add(w);
      if (w.state() != State.EMPTY && (worst == null || w.failedShare() > worst.failedShare())) worst = w;
    }
    double percent = up + down == 0 ? 100.0 : 100.0 * up / (up + down);
    return new Report(windowMs, downThreshold, List.copyOf(windows), up, down, empty, percent, worst);
  }
}
