package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.analysis.Saturation;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The breaking-point search as a state machine over step measurements: a warm-up that is never judged, coarse steps
 * from {@code start} by {@code increment} until {@code consecutive-failures} steps break the SLO, then bisection
 * between the last passing and the first failing rate until they are within {@code precision}.
 *
 * <p>A step is a measurement, and a measurement can be spoiled, so the search never bisects on one it cannot trust:
 * <ul>
 *   <li>a step during which the generator itself fell behind is <em>invalid</em>: it is run again;</li>
 *   <li>a verdict that contradicts what the search knows (a failure at or below a rate that passed, a pass at or above
 *       one that failed), a failure the target's telemetry shows no saturation for, and, without such telemetry, the
 *       first failure of the search, are <em>re-run</em> once before they count;</li>
 *   <li>the re-runs are bounded ({@code max-reruns}); when they are spent on invalid steps, when the target fails
 *       without saturating at the lowest rate tried, or when the maximum duration is reached, the search ends with
 *       no answer and the reason.</li>
 * </ul>
 * After every step the next one starts only once the step's logins have finished (or, after {@code drain-timeout},
 * been cut off). The search also gates arrivals: an open-model stream at the maximum rate is thinned to the current
 * rate, each admitted login with its scheduled start. Time comes only from its callers.
 */
public final class BreakingPointSearch {

  /** The search's parameters ({@code firstbell.breaking-point}) and the warm-up before it. */
  public record Settings(double start, double increment, Duration step, Duration transition, Duration settle, double max, double precision,
      int consecutiveFailures, int maxReruns, Duration drainTimeout, Duration maxDuration, WarmUp warmUp) {

    public static Settings from(Config config) {
      Checks c = new Checks(config, "firstbell.breaking-point");
      Settings s = new Settings(c.positive("start"), c.positive("increment"), c.positiveDuration("step"), c.nonNegativeDuration("transition"),
          c.nonNegativeDuration("settle"), c.positive("max"), c.positive("precision"), c.between("consecutive-failures", 1, 100),
          c.between("max-reruns", 0, 100), c.nonNegativeDuration("drain-timeout"), c.positiveDuration("max-duration"), WarmUp.from(config));
      if (s.max() < s.start()) {
        throw new SettingsException(c.full("max") + " is " + s.max() + " but must be at least " + c.full("start") + " (" + s.start() + ")");
      }
      if (s.settle().plus(s.transition()).plusSeconds(1).compareTo(s.step()) > 0) {
        throw new SettingsException(c.full("settle") + " (" + s.settle() + ") plus " + c.full("transition") + " (" + s.transition()
            + ") must leave at least 1 s of " + c.full("step") + " (" + s.step() + ") to judge; lengthen the step or shorten them");
      }
      return s;
    }
  }

  /** How a step's verdict was used. */
  public enum Status {
    /** The verdict counted. */
    JUDGED,
    /** The verdict was not trusted on its own: the same rate ran again, and that run's verdict counted. */
    RERUN,
    /** The generator itself fell behind: the step measured nothing about the target and ran again. */
    INVALID;

    public String wireName() {
      return this == RERUN ? "re-run" : name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What a step measured, as the search needs it.
   *
   * @param met whether the judged part of the step met the SLO and was sustainable
   * @param invalidReason why the generator spoiled the step; empty when it did not
   * @param saturation what the target's telemetry says saturated during the step
   */
  public record Measurement(boolean met, String invalidReason, Saturation.Evidence saturation) {
    public boolean valid() {
      return invalidReason.isEmpty();
    }
  }

  /**
   * One step as run: its rate, when it ran (epoch ms), its verdict once judged, and how the search used it.
   *
   * @param phase {@code coarse} or {@code refine}
   * @param reason why it was re-run or invalid, or "confirmed" for the re-run that counted; empty otherwise
   */
  public record Step(int number, double rate, long startMs, long endMs, Boolean passed, String phase, Status status, String reason) {
    public Step(int number, double rate, long startMs, long endMs, Boolean passed, String phase) {
      this(number, rate, startMs, endMs, passed, phase, Status.JUDGED, "");
    }
  }

  /** A login the search admits: when it was scheduled, and whether it warms up rather than measures. */
  public record Admission(long scheduledMs, boolean warmUp) {}

  /**
   * The search's answer.
   *
   * @param found whether the search reached an answer it can trust
   * @param sustainablePerSec the highest rate that met the SLO, NaN when none did
   * @param firstFailingPerSec the lowest rate that broke it, NaN when none did
   * @param outcome how the search ended, in words (for a search without an answer: the reason)
   * @param reruns steps run again (re-runs and invalid steps)
   */
  public record Answer(boolean found, double sustainablePerSec, double firstFailingPerSec, String outcome, int reruns) {}

  private final Settings settings;
  private final List<Step> steps = new ArrayList<>();
  private final List<Double> passes = new ArrayList<>();
  private final List<Double> fails = new ArrayList<>();
  private final long beganMs;
  private final long warmUpEndMs;
  private final double warmUpRate;
  private boolean warming;
  private double rate;
  private long stepStartMs;
  private long admitted;
  private boolean draining;
  private long drainCutOffMs;
  private long drainDeadlineMs;
  private long cutOffMs = Long.MIN_VALUE;
  private int failuresInARow;
  private boolean refining;
  private boolean confirming;
  private int reruns;
  private boolean finished;
  private boolean found;
  private String outcome = "";

  /** A search that begins (with its warm-up, if any) at {@code nowMs}. */
  public BreakingPointSearch(Settings settings, long nowMs) {
    this.settings = settings;
    this.rate = settings.start();
    this.beganMs = nowMs;
    this.warmUpRate = settings.warmUp().enabled() ? settings.warmUp().rateBefore(settings.start()) : 0;
    this.warmUpEndMs = settings.warmUp().enabled() ? nowMs + settings.warmUp().duration().toMillis() : nowMs;
    this.stepStartMs = warmUpEndMs;
    this.warming = warmUpRate > 0;
  }

  /**
   * Decides whether an arrival at {@code nowMs} starts a login, and when that login was scheduled.
   *
   * @return the admitted login, or null when this arrival is not needed
   */
  public synchronized Admission admit(long nowMs) {
    if (finished || draining) return null;
    if (warming) {
      if (nowMs < warmUpEndMs) {
        if (admitted > warmUpRate * (nowMs - beganMs) / 1000.0) return null;
        long scheduled = beganMs + Math.round(admitted * 1000.0 / warmUpRate);
        admitted++;
        return new Admission(Math.min(scheduled, nowMs), true);
      }
      warming = false; // the first step begins
      admitted = 0;
    }
    if (nowMs < stepStartMs) return null;
    if (admitted > rate * (nowMs - stepStartMs) / 1000.0) return null; // the admitted-th login of the step is scheduled at admitted / rate seconds
    long scheduled = stepStartMs + Math.round(admitted * 1000.0 / rate);
    admitted++;
    return new Admission(Math.min(scheduled, nowMs), false);
  }

  /** @return whether the current step has run its length */
  public synchronized boolean stepDue(long nowMs) {
    return !finished && !draining && nowMs >= stepStartMs + settings.step().toMillis();
  }

  /** @return the window of the current step whose logins judge it: after its {@code transition}, until {@code settle} before its end */
  public synchronized long[] judgedWindow() {
    return new long[] {stepStartMs + settings.transition().toMillis(), stepStartMs + settings.step().toMillis() - settings.settle().toMillis()};
  }

  /** @return the current step's start (epoch ms) */
  public synchronized long stepStartMs() {
    return stepStartMs;
  }

  /**
   * Ends the current step with what it measured and decides the next (or finishes the search). The next step starts
   * only after {@link #resume}: once the step's logins have drained.
   *
   * @return the step just ended
   */
  public synchronized Step endStep(Measurement m, long nowMs) {
    String phase = refining ? "refine" : "coarse";
    boolean wasConfirming = confirming;
    confirming = false;
    if (!m.valid()) {
      if (reruns >= settings.maxReruns()) {
        Step done = record(m, nowMs, phase, Status.INVALID, m.invalidReason());
        return noAnswer(done, "no trustworthy answer: the load generator itself fell behind (" + m.invalidReason() + ") and the "
            + settings.maxReruns() + " re-runs allowed (firstbell.breaking-point.max-reruns) are spent; free the machine's CPU or lower the rates");
      }
      reruns++;
      confirming = wasConfirming;
      return rerun(record(m, nowMs, phase, Status.INVALID, m.invalidReason()), nowMs);
    }
    double lastPass = lastPass();
    double firstFail = firstFail();
    String doubt = "";
    if (m.met() && !Double.isNaN(firstFail) && rate >= firstFail) {
      doubt = "passed at or above " + Rates.fmt(firstFail) + " logins/s, which failed";
    } else if (!m.met() && !Double.isNaN(lastPass) && rate <= lastPass) {
      doubt = "failed at or below " + Rates.fmt(lastPass) + " logins/s, which passed";
    } else if (!m.met() && m.saturation() == Saturation.Evidence.NONE_SATURATED) {
      doubt = "failed although the target's telemetry shows no saturation";
    } else if (!m.met() && Double.isNaN(firstFail) && m.saturation() != Saturation.Evidence.SATURATED) {
      doubt = "the search's first failure, with no telemetry to explain it";
    }
    if (!doubt.isEmpty() && !wasConfirming && reruns < settings.maxReruns()) {
      reruns++;
      confirming = true;
      return rerun(record(m, nowMs, phase, Status.RERUN, doubt), nowMs);
    }
    Step done = record(m, nowMs, phase, Status.JUDGED, wasConfirming ? "confirmed" : doubt.isEmpty() ? "" : "counted: the re-runs are spent (" + doubt + ")");
    if (m.met()) {
      passes.add(rate);
      fails.removeIf(f -> f <= rate); // a confirmed pass outweighs an earlier failure at or below it
      failuresInARow = 0;
    } else {
      fails.add(rate);
      passes.removeIf(p -> p >= rate);
      failuresInARow++;
      if (passes.isEmpty() && m.saturation() == Saturation.Evidence.NONE_SATURATED) {
        return noAnswer(done, "no trustworthy answer: the target failed at " + Rates.fmt(rate) + " logins/s, the lowest rate tried, and its telemetry "
            + "shows no saturation, so the failures are not the load's: see the failures by step and kind and their samples");
      }
    }
    lastPass = lastPass();
    firstFail = firstFail();
    if (refining && Double.isNaN(firstFail)) refining = false; // the failure that started the refinement did not hold up
    double next;
    if (!refining) {
      if (!m.met() && failuresInARow >= settings.consecutiveFailures()) {
        refining = true;
        next = Double.NaN;
      } else if (m.met() && rate >= settings.max()) {
        found = true;
        return finish(done, "no breaking point up to the maximum of " + Rates.fmt(settings.max()) + " logins/s");
      } else {
        next = m.met() ? Math.min(settings.max(), rate + settings.increment()) : rate + settings.increment();
        if (!m.met() && next > settings.max()) {
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
        if (Double.isNaN(lastPass)) {
          return noAnswer(done, "no breaking point: the SLO broke at every rate tried, down to " + Rates.fmt(firstFail)
              + " logins/s; lower firstbell.breaking-point.start or check the failures");
        }
        found = true;
        return finish(done, "refined to within the precision");
      }
      next = Math.round((lo + firstFail) / 2 * 10) / 10.0;
      if (next <= lo || next >= firstFail) {
        found = !Double.isNaN(lastPass);
        return finish(done, "refined as far as the rates allow");
      }
    }
    if (nowMs - beganMs + settings.step().toMillis() > settings.maxDuration().toMillis()) {
      return noAnswer(done, "no trustworthy answer: the search reached its maximum duration (firstbell.breaking-point.max-duration = "
          + settings.maxDuration().toSeconds() + " s) before it was refined" + (Double.isNaN(firstFail) ? "" : ", between "
          + (Double.isNaN(lastPass) ? "0" : Rates.fmt(lastPass)) + " and " + Rates.fmt(firstFail) + " logins/s"));
    }
    rate = next;
    return drain(done, nowMs);
  }

  private Step rerun(Step done, long nowMs) {
    if (nowMs - beganMs + settings.step().toMillis() > settings.maxDuration().toMillis()) {
      return noAnswer(done, "no trustworthy answer: the search reached its maximum duration (firstbell.breaking-point.max-duration = "
          + settings.maxDuration().toSeconds() + " s) while it re-ran a step it could not trust");
    }
    return drain(done, nowMs);
  }

  private Step drain(Step done, long nowMs) {
    draining = true;
    drainCutOffMs = nowMs;
    drainDeadlineMs = nowMs + settings.drainTimeout().toMillis();
    return done;
  }

  /** @return whether the search waits for the last step's logins before it starts the next step */
  public synchronized boolean draining() {
    return draining;
  }

  /** @return the logins the search waits for: those scheduled before this instant (epoch ms) */
  public synchronized long drainCutOffMs() {
    return drainCutOffMs;
  }

  /** @return whether the drain has waited its longest at {@code nowMs}: the logins still running are cut off */
  public synchronized boolean drainTimedOut(long nowMs) {
    return draining && nowMs >= drainDeadlineMs;
  }

  /**
   * Starts the next step at {@code nowMs}, after the last step's logins drained ({@code cutOff} false) or were given up on
   * ({@code cutOff} true: logins scheduled before the last step's end send nothing more).
   */
  public synchronized void resume(long nowMs, boolean cutOff) {
    if (!draining) return;
    draining = false;
    if (cutOff) cutOffMs = drainCutOffMs;
    stepStartMs = nowMs;
    admitted = 0;
  }

  /** @return logins scheduled before this instant (epoch ms) are cut off; {@link Long#MIN_VALUE} while none are */
  public synchronized long cutOffMs() {
    return cutOffMs;
  }

  private Step record(Measurement m, long nowMs, String phase, Status status, String reason) {
    Step done = new Step(steps.size() + 1, rate, stepStartMs, nowMs, status == Status.INVALID ? null : m.met(), phase, status, reason);
    steps.add(done);
    return done;
  }

  private Step noAnswer(Step done, String why) {
    found = false;
    return finish(done, why);
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

  /** @return the rate of the current (or next) step */
  public synchronized double rate() {
    return rate;
  }

  /** @return the highest rate whose counted verdict met the SLO (and that no later failure contradicted), NaN when none */
  public synchronized double lastPass() {
    return passes.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** @return the lowest rate whose counted verdict broke the SLO, NaN when none did */
  public synchronized double firstFail() {
    return fails.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** @return the answer: meaningful once {@link #finished()} */
  public synchronized Answer answer() {
    return new Answer(finished && found, lastPass(), firstFail(), outcome, reruns);
  }

  /** @return the warm-up's end (epoch ms): the first step's start */
  public long warmUpEndMs() {
    return warmUpEndMs;
  }

}
