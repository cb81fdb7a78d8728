package io.firstbell.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-model arrival plan: constant-rate segments, one after the other. It knows when the k-th
 * login of the run was meant to start, so a login's time counts from its schedule (no coordinated
 * omission) and a generator that starts logins late can be told apart from a slow target.
 */
public final class LoadPlan {

  /** {@code rate} logins/s for {@code duration}. */
  public record Segment(double rate, Duration duration) {

    /** @return how many logins this segment starts (as Gatling's constant-rate injection counts them) */
    public long logins() {
      return Math.round(rate * duration.toNanos() / 1e9);
    }
  }

  private final List<Segment> segments;
  /** The first segments that warm up, and their logins and length: never judged. */
  private final int warmUpSegments;
  /** Logins planned before each segment, and each segment's start (ms from the run's start): looked up per login. */
  private final long[] loginsBefore;
  private final double[] startMs;

  public LoadPlan(List<Segment> segments) {
    this(segments, 0);
  }

  private LoadPlan(List<Segment> segments, int warmUpSegments) {
    this.warmUpSegments = warmUpSegments;
    this.segments = List.copyOf(segments);
    this.loginsBefore = new long[this.segments.size() + 1];
    this.startMs = new double[this.segments.size() + 1];
    for (int i = 0; i < this.segments.size(); i++) {
      loginsBefore[i + 1] = loginsBefore[i] + this.segments.get(i).logins();
      startMs[i + 1] = startMs[i] + this.segments.get(i).duration().toNanos() / 1e6;
    }
  }

  /** A steady rate after a linear ramp from zero, the ramp played as one-second steps. */
  public static LoadPlan rampThenHold(double rate, Duration ramp, Duration hold) {
    List<Segment> s = new ArrayList<>();
    long rampSeconds = ramp.toSeconds();
    for (long i = 0; i < rampSeconds; i++) {
      s.add(new Segment(rate * (i + 0.5) / rampSeconds, Duration.ofSeconds(1)));
    }
    s.add(new Segment(rate, hold));
    return new LoadPlan(s);
  }

  public List<Segment> segments() {
    return segments;
  }

  /**
   * @return the plan as a timetable, one line a stretch of one rate (a ramp's one-second steps are one line): its span in
   *     seconds from the start, its rate or range of rates, its logins, and whether it is the warm-up
   */
  public List<String> timetable() {
    List<String> lines = new ArrayList<>();
    int i = 0;
    while (i < segments.size()) {
      int j = i;
      boolean warm = i < warmUpSegments;
      // one line for the warm-up, for a run of equal rates, or for a run of one-second steps (a ramp)
      while (j + 1 < segments.size() && (j + 1 < warmUpSegments) == warm
          && (segments.get(j + 1).rate() == segments.get(i).rate()
              || segments.get(j).duration().equals(Duration.ofSeconds(1)) && segments.get(j + 1).duration().equals(Duration.ofSeconds(1)))) {
        j++;
      }
      double from = segments.get(i).rate();
      double to = segments.get(j).rate();
      lines.add(String.format(java.util.Locale.ROOT, "%6.0f–%.0f s  %s logins/s  %,d logins%s", startMs[i] / 1000, startMs[j + 1] / 1000,
          from == to ? Rates.fmt(from) : Rates.fmt(from) + " → " + Rates.fmt(to), loginsBefore[j + 1] - loginsBefore[i], warm ? "  (warm-up, not judged)" : ""));
      i = j + 1;
    }
    return lines;
  }

  /**
   * @param cap the highest rate the warm-up may have: the rate the plan's judged load begins or holds at (its baseline),
   *     so that the warm-up is never harder than the load
   * @return this plan after {@code warmUp} at its rate, never above {@code cap} (a plan that warms up already is returned
   *     as it is; a warm-up that is off changes nothing)
   */
  public LoadPlan withWarmUp(WarmUp warmUp, double cap) {
    if (!warmUp.enabled() || warmUpSegments > 0 || cap <= 0) return this;
    List<Segment> all = new ArrayList<>();
    all.add(new Segment(warmUp.rateBefore(cap), warmUp.duration()));
    all.addAll(segments);
    return new LoadPlan(all, 1);
  }

  /** @return the warm-up's planned logins (the first logins of the run), 0 without a warm-up */
  public long warmUpLogins() {
    return loginsBefore[warmUpSegments];
  }

  /** @return the warm-up's length in ms: where the judged load starts, from the run's start */
  public long warmUpMillis() {
    return Math.round(startMs[warmUpSegments]);
  }

  /** @return the warm-up's rate, 0 without one */
  public double warmUpRate() {
    return warmUpSegments == 0 ? 0 : segments.get(0).rate();
  }

  /** @return whether the k-th login of the run (from 0) warms up rather than being judged */
  public boolean warmsUp(long k) {
    return k < warmUpLogins();
  }

  /** @return the planned logins of the whole run */
  public long logins() {
    return segments.stream().mapToLong(Segment::logins).sum();
  }

  /** @return the run's planned length */
  public Duration duration() {
    return segments.stream().map(Segment::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * @param k the login's index in the run, from 0
   * @return milliseconds from the run's start to the login's scheduled start
   */
  public long scheduledOffsetMillis(long k) {
    // the last segment that starts at or before login k (segments without logins share their start with the next)
    int lo = 0;
    int hi = segments.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (loginsBefore[mid + 1] <= k) lo = mid + 1; else hi = mid;
    }
    if (lo == segments.size()) return Math.round(startMs[lo]);
    return Math.round(startMs[lo] + (k - loginsBefore[lo]) * 1000.0 / segments.get(lo).rate());
  }

  /** @return the highest rate of the plan's judged load */
  public double peakRate() {
    return segments.stream().skip(warmUpSegments).mapToDouble(Segment::rate).max().orElse(0);
  }
}
