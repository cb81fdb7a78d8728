package io.firstbell.replay;

import io.firstbell.load.LoadPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A recording turned into arrivals: the logins offered in each second of the run, and who each one is.
 *
 * <p>The run's clock is the recording's divided by {@code speed}; the logins offered up to any moment are {@code multiplier}
 * times those recorded up to the matching recorded moment, rounded down after a seeded offset in [0, 1), so that every
 * second, minute or window offers its share to within one login, the clock's shape is kept, and where the fractions a
 * multiplier adds fall is fixed by the seed. At ×1 and speed 1 an access log is replayed second for second, exactly. A
 * second's logins start evenly spread within it, each at its scheduled start (as the {@link LoadPlan} says, so that a
 * login's time counts from there).
 *
 * <p>Who logs in: each second's logins are shared among the recording's personas and districts of the matching recorded
 * interval by largest remainder (exact at ×1), in a seeded order; the share the recording does not name is left to the
 * population ({@link #UNNAMED}).
 */
public final class ReplayPlan {

  /** The key of a login the recording does not say the persona or district of. */
  public static final String UNNAMED = Recording.key("", "");

  private final Recording recording;
  private final double multiplier;
  private final double speed;
  private final long seed;
  private final long[] offered;
  private final long[] before;
  private final LoadPlan load;
  private final List<String> keys;
  private final double[][] keyCounts;
  private final double[][] keyPrefix;
  private final double[] prefix;
  // the second whose arrivals were last asked for, and who they are
  private int cachedSecond = -1;
  private String[] cachedWho;

  private ReplayPlan(Recording recording, double multiplier, double speed, long seed) {
    this.recording = recording;
    this.multiplier = multiplier;
    this.speed = speed;
    this.seed = seed;
    this.prefix = prefix(recording.counts());
    Map<String, double[]> keyed = recording.sortedKeyed();
    this.keys = new ArrayList<>(keyed.keySet());
    this.keyCounts = keyed.values().toArray(double[][]::new);
    this.keyPrefix = keyed.values().stream().map(ReplayPlan::prefix).toArray(double[][]::new);
    int seconds = (int) Math.ceil(recording.seconds() / speed - 1e-9);
    this.offered = new long[seconds];
    double phase = new Random(seed).nextDouble();
    long previous = (long) Math.floor(phase);
    for (int k = 0; k < seconds; k++) {
      long upTo = (long) Math.floor(multiplier * recorded(prefix, recording.counts(), Math.min((k + 1) * speed, recording.seconds())) + phase + 1e-9);
      offered[k] = upTo - previous;
      previous = upTo;
    }
    this.before = new long[seconds + 1];
    for (int k = 0; k < seconds; k++) before[k + 1] = before[k] + offered[k];
    this.load = new LoadPlan(segments(offered));
  }

  /**
   * @param multiplier logins offered per recorded login
   * @param speed how much faster than recorded the run's clock runs
   * @param seed where the fractions of logins fall, and the order of who logs in within a second
   */
  public static ReplayPlan of(Recording recording, double multiplier, double speed, long seed) {
    if (!(multiplier > 0) || !(speed > 0)) throw new IllegalArgumentException("multiplier and speed must be positive");
    return new ReplayPlan(recording, multiplier, speed, seed);
  }

  /** @return the plan of {@code settings} over {@code recording} */
  public static ReplayPlan of(Recording recording, ReplaySettings settings) {
    return of(recording, settings.multiplier(), settings.speed(), settings.seed());
  }

  private static double[] prefix(double[] counts) {
    double[] p = new double[counts.length + 1];
    for (int i = 0; i < counts.length; i++) p[i + 1] = p[i] + counts[i];
    return p;
  }

  /** @return the logins recorded before recorded second {@code x} (a fraction of a second counts its share) */
  private static double recorded(double[] prefix, double[] counts, double x) {
    int whole = (int) Math.floor(x);
    if (whole >= counts.length) return prefix[counts.length];
    return prefix[whole] + (x - whole) * counts[whole];
  }

  /** one-second segments of the offered counts, consecutive equal ones merged */
  private static List<LoadPlan.Segment> segments(long[] offered) {
    List<LoadPlan.Segment> segments = new ArrayList<>();
    int i = 0;
    while (i < offered.length) {
      int j = i;
      while (j + 1 < offered.length && offered[j + 1] == offered[i]) j++;
      segments.add(new LoadPlan.Segment(offered[i], Duration.ofSeconds(j - i + 1L)));
      i = j + 1;
    }
    return segments;
  }

  /** @return the load plan: when each login is scheduled to start */
  public LoadPlan load() {
    return load;
  }

  public Recording recording() {
    return recording;
  }

  public double multiplier() {
    return multiplier;
  }

  public double speed() {
    return speed;
  }

  public long seed() {
    return seed;
  }

  /** @return the logins offered in each second of the run */
  public long[] offeredPerSecond() {
    return offered.clone();
  }

  /** @return the logins offered in all */
  public long offeredTotal() {
    return before[offered.length];
  }

  /** @return the logins offered in each minute of the run */
  public long[] offeredPerMinute() {
    long[] minutes = new long[(offered.length + 59) / 60];
    for (int k = 0; k < offered.length; k++) minutes[k / 60] += offered[k];
    return minutes;
  }

  /** @return the logins recorded (×1) in the part of the recording each minute of the run replays */
  public double[] recordedPerMinute() {
    double[] minutes = new double[(offered.length + 59) / 60];
    for (int j = 0; j < minutes.length; j++) {
      minutes[j] = recorded(prefix, recording.counts(), Math.min((j + 1) * 60 * speed, recording.seconds()))
          - recorded(prefix, recording.counts(), j * 60 * speed);
    }
    return minutes;
  }

  /** @return the rate of the run's first minute (logins/s): the most a warm-up before the replay should offer */
  public double firstMinuteRate() {
    long[] minutes = offeredPerMinute();
    return minutes.length == 0 ? 0 : minutes[0] / Math.min(60.0, offered.length);
  }

  /** @return the highest number of logins offered in one second */
  public long peakPerSecond() {
    return java.util.stream.LongStream.of(offered).max().orElse(0);
  }

  /**
   * @param settings what was replayed
   * @param startMs when the replay's judged load began (epoch ms): where its first minute starts
   * @return the plan as the run records it
   */
  public io.firstbell.results.RunRecord.Replay record(ReplaySettings settings, long startMs) {
    Recording.Stats st = recording.stats();
    return new io.firstbell.results.RunRecord.Replay(recording.source(), recording.digest(), settings.format().name().toLowerCase(java.util.Locale.ROOT),
        recording.start(), recording.start().plusSeconds(recording.seconds()), multiplier, speed, seed, st.linesRead(), st.matched(),
        st.unparseable(), st.outOfOrder(), st.outsideWindow(), startMs, java.util.Arrays.stream(recordedPerMinute()).boxed().toList(),
        java.util.Arrays.stream(offeredPerMinute()).boxed().toList());
  }

  /** @return the replay for the console: the recording, what reading it found, and what is offered */
  public String describe(ReplaySettings settings) {
    Recording.Stats st = recording.stats();
    return String.format(java.util.Locale.ROOT, "replay of %s (%s, sha-256 %s…), %s – %s: %,d lines read, %,d logins matched%s; %s recorded, "
            + "×%s at speed %s",
        recording.source(), settings.format().name().toLowerCase(java.util.Locale.ROOT), recording.digest().substring(0, 12), recording.start(),
        recording.start().plusSeconds(recording.seconds()), st.linesRead(), st.matched(),
        st.unparseable() + st.outOfOrder() + st.outsideWindow() == 0 ? "" : String.format(java.util.Locale.ROOT,
            " (skipped: %,d unparseable, %,d out of order, %,d outside the window)", st.unparseable(), st.outOfOrder(), st.outsideWindow()),
        fmt(recording.total()), fmt(multiplier), fmt(speed));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,d", (long) v) : String.format(java.util.Locale.ROOT, "%,.2f", v);
  }

  /**
   * @param k the login's index among the replayed logins, from 0
   * @return who login {@code k} is: a {@link Recording#key} of persona and district, or {@link #UNNAMED}
   */
  public synchronized String who(long k) {
    if (k < 0 || k >= offeredTotal()) throw new IllegalArgumentException("login " + k + " is beyond the plan's " + offeredTotal());
    // the first second s with before[s + 1] > k: the one whose logins include login k
    int lo = 0;
    int hi = offered.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before[mid + 1] > k) hi = mid; else lo = mid + 1;
    }
    int second = lo;
    if (second != cachedSecond) {
      cachedWho = who(second);
      cachedSecond = second;
    }
    return cachedWho[(int) (k - before[second])];
  }

  /** the logins of run second {@code k}, shared by largest remainder among who the matching recorded interval names, in seeded order */
  private String[] who(int k) {
    int n = (int) offered[k];
    String[] who = new String[n];
    if (n == 0) return who;
    double from = k * speed;
    double to = Math.min((k + 1) * speed, recording.seconds());
    double all = recorded(prefix, recording.counts(), to) - recorded(prefix, recording.counts(), from);
    int parts = keys.size() + 1;
    double[] weight = new double[parts];
    double named = 0;
    for (int i = 0; i < keys.size(); i++) {
      weight[i] = recorded(keyPrefix[i], keyCounts[i], to) - recorded(keyPrefix[i], keyCounts[i], from);
      named += weight[i];
    }
    weight[parts - 1] = Math.max(0, all - named);
    double sum = named + weight[parts - 1];
    List<String> list = new ArrayList<>(n);
    if (sum <= 0) {
      for (int i = 0; i < n; i++) list.add(UNNAMED);
    } else {
      long[] seats = new long[parts];
      double[] remainder = new double[parts];
      long given = 0;
      for (int i = 0; i < parts; i++) {
        double exact = n * weight[i] / sum;
        seats[i] = (long) Math.floor(exact + 1e-9);
        remainder[i] = exact - seats[i];
        given += seats[i];
      }
      Integer[] order = new Integer[parts];
      for (int i = 0; i < parts; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
      for (int i = 0; given < n; i = (i + 1) % parts, given++) seats[order[i]]++;
      for (int i = 0; i < parts; i++) {
        for (long s = 0; s < seats[i]; s++) list.add(i == parts - 1 ? UNNAMED : keys.get(i));
      }
    }
    Collections.shuffle(list, new Random(seed * 31 + k));
    return list.toArray(String[]::new);
  }
}
