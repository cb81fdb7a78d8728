package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The breaking-point search as a state machine over step verdicts: coarse steps from {@code start} by
 * {@code increment} until {@code consecutive-failures} steps break the SLO, then bisection between the
 * last passing and the first failing rate until they are within {@code precision}. It also gates
 * arrivals: an open-model arrival stream at the maximum rate is thinned to the current step's rate,
 * with each admitted login's scheduled start. Time comes only from its callers.
 */
public final class BreakingPointSearch {

  /** The search's parameters ({@code firstbell.breaking-point}). */
  public record Settings(double start, double increment, Duration step, Duration settle, double max, double precision,
      int consecutiveFailures, Duration cooldown, Duration maxDuration) {

    public static Settings from(Config config) {
      Checks c = new Checks(config, "firstbell.breaking-point");
      Settings s = new Settings(c.positive("start"), c.positive("increment"), c.positiveDuration("step"), c.nonNegativeDuration("settle"),
          c.positive("max"), c.positive("precision"), c.between("consecutive-failures", 1, 100), c.nonNegativeDuration("cooldown"),
          c.positiveDuration("max-duration"));
      if (s.max() < s.start()) {
        throw new SettingsException(c.full("max") + " is " + s.max() + " but must be at least " + c.full("start") + " (" + s.start() + ")");
      }
      if (s.settle().compareTo(s.step()) >= 0) {
        throw new SettingsException(c.full("settle") + " is " + s.settle() + " but must be shorter than " + c.full("step") + " (" + s.step() + ")");
      }
      return s;
    }
  }

  /** One step as run: its rate and when it ran (epoch ms), and its verdict once judged. */
  public record Step(int number, double rate, long startMs, long endMs, Boolean passed, String phase) {}

  private final Settings settings;
  private final List<Step> steps = new ArrayList<>();
  private double rate;
  private long stepStartMs;
  private long admitted;
  private long idleUntilMs;
  private double lastPass = Double.NaN;
  private double firstFail = Double.NaN;
  private int failuresInARow;
  private boolean refining;
  private boolean finished;
  private String outcome = "";
  private final long beganMs;

  public BreakingPointSearch(Settings settings, long nowMs) {
    this.settings = settings;
    this.rate = settings.start();
    this.beganMs = nowMs;
    this.stepStartMs = nowMs;
  }

  /**
   * Decides whether an arrival at {@code nowMs} starts a login, and when that login was scheduled.
   *
   * @return the scheduled start (epoch ms) of the admitted login, or -1 when this arrival is not needed
   */
  public synchronized long admit(long nowMs) {
    if (finished || nowMs < idleUntilMs) return -1;
    double due = rate * (nowMs - stepStartMs) / 1000.0;
    if (admitted <= due) { // the admitted-th login of the step is scheduled at admitted / rate seconds
      long scheduled = stepStartMs + Math.round(admitted * 1000.0 / rate);
      admitted++;
      return Math.min(scheduled, nowMs);
    }
    return -1;
  }

  /** @return whether the current step has run its length */
  public synchronized boolean stepDue(long nowMs) {
    return !finished && nowMs >= stepStartMs + settings.step().toMillis();
  }

  /** @return the window of the current step whose logins judge it: from its start to its end minus {@code settle} */
  public synchronized long[] judgedWindow() {
    return new long[] {stepStartMs, stepStartMs + settings.step().toMillis() - settings.settle().toMillis()};
  }

  /**
   * Ends the current step with its verdict and starts the next (or finishes the search).
   *
   * @return the step just ended
   */
  public synchronized Step endStep(boolean passed, long nowMs) {
    Step done = new Step(steps.size() + 1, rate, stepStartMs, nowMs, passed, refining ? "refine" : "coarse");
    steps.add(done);
    if (passed) {
      lastPass = Double.isNaN(lastPass) ? rate : Math.max(lastPass, rate);
      failuresInARow = 0;
    } else {
      firstFail = Double.isNaN(firstFail) ? rate : Math.min(firstFail, rate);
      failuresInARow++;
    }
    double next;
    if (!refining) {
      if (!passed && failuresInARow >= settings.consecutiveFailures()) {
        refining = true;
        next = Double.NaN;
      } else if (passed && rate >= settings.max()) {
        return finish(done, "no breaking point up to the maximum of " + fmt(settings.max()) + " logins/s");
      } else {
        next = passed ? Math.min(settings.max(), rate + settings.increment()) : rate + settings.increment();
        if (!passed && next > settings.max()) {
          refining = true;
          next = Double.NaN;
        }
      }
    } else {
      next = Double.NaN;
    }
    if (refining) {
      double lo = Double.isNaN(lastPass) ? 0 : lastPass;
      if (firstFail - lo <= settings.precision()) {
        return finish(done, Double.isNaN(lastPass) ? "the SLO broke at the first rate" : "refined to within the precision");
      }
      next = Math.round((lo + firstFail) / 2 * 10) / 10.0;
      if (next <= lo || next >= firstFail) {
        return finish(done, "refined as far as the rates allow");
      }
    }
    if (nowMs - beganMs + settings.step().toMillis() > settings.maxDuration().toMillis()) {
      return finish(done, "stopped at the search's maximum duration");
    }
    idleUntilMs = passed ? nowMs : nowMs + settings.cooldown().toMillis();
    stepStartMs = idleUntilMs;
    rate = next;
    admitted = 0;
    return done;
  }

  private Step finish(Step done, String why) {
    finished = true;
    outcome = why;
    return done;
  }

  public synchronized boolean finished() {
    return finished;
  }

  public synchronized String outcome() {
    return outcome;
  }

  public synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  public synchronized double rate() {
    return rate;
  }

  /** @return the highest rate that met the SLO, NaN when none did */
  public synchronized double lastPass() {
    return lastPass;
  }

  /** @return the lowest rate that broke it, NaN when none did */
  public synchronized double firstFail() {
    return firstFail;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
