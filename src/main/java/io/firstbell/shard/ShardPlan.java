package io.firstbell.shard;

import io.firstbell.load.LoadPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard's share of a precomputed plan: login {@code i} of the whole plan goes to shard {@code i mod count}, keeping its
 * scheduled start, so that the union of every shard's logins is exactly the plan's. A run injects the whole plan, as one
 * injector would, and keeps the arrivals it {@link #owns}: Gatling then schedules every shard's arrivals exactly as a single
 * run's (injecting the share's own short segments instead drifted 0.5 to 3.5 s behind the plan on a busy host), at the cost of
 * starting and dropping the other shards' arrivals. Within a segment of rate {@code r} a shard's logins are every
 * {@code count}-th, a constant rate {@code r / count} after a gap, so its share is also a load plan of constant-rate segments
 * ({@link #share}, its timetable); its {@code k}-th login is the plan's login {@link #planIndex(long) index + k × count}.
 * Pure and immutable.
 */
public final class ShardPlan {

  /** One login at once: a segment of 1 ms at 1000/s (Gatling injects round(rate × duration) users, the first at its start). */
  private static final LoadPlan.Segment ONE = new LoadPlan.Segment(1000, Duration.ofMillis(1));

  private final LoadPlan plan;
  private final int index;
  private final int count;
  private final LoadPlan share;

  private ShardPlan(LoadPlan plan, int index, int count) {
    this.plan = plan;
    this.index = index;
    this.count = count;
    this.share = new LoadPlan(segments(plan, index, count));
  }

  /**
   * @param index this shard, from 0
   * @param count the shards in all, at least 1
   * @return shard {@code index}'s share of {@code plan}
   */
  public static ShardPlan of(LoadPlan plan, int index, int count) {
    if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + " of " + count);
    return new ShardPlan(plan, index, count);
  }

  /**
   * @return the hex SHA-256 of what makes a plan one run's: the simulation, the shard count and each segment's rate and length,
   *     so that the merge can refuse the folders of shards that ran different plans
   */
  public static String digest(String simulation, LoadPlan plan, int count) {
    StringBuilder text = new StringBuilder(simulation).append('\n').append(count).append('\n');
    for (LoadPlan.Segment s : plan.segments()) text.append(Double.toString(s.rate())).append(' ').append(s.duration().toNanos()).append('\n');
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the shard's share as constant-rate segments (gaps are segments of rate 0), from the plan's start */
  public LoadPlan share() {
    return share;
  }

  /** @return the logins of the shard */
  public long logins() {
    long all = plan.logins();
    return all <= index ? 0 : (all - index + count - 1) / count;
  }

  /** @return whether the plan's login {@code i} (from 0) is this shard's */
  public boolean owns(long i) {
    return Math.floorMod(i, (long) count) == index;
  }

  /** @return the plan's index of the shard's {@code k}-th login (from 0) */
  public long planIndex(long k) {
    return index + k * count;
  }

  /** @return when the shard's {@code k}-th login is scheduled, in ms from the plan's start: the plan's own schedule */
  public long scheduledOffsetMillis(long k) {
    return plan.scheduledOffsetMillis(planIndex(k));
  }

  /** the shard's logins of each plan segment: a gap to its first, then every count-th at rate / count, then a gap to the segment's end */
  private static List<LoadPlan.Segment> segments(LoadPlan plan, int index, int count) {
    List<LoadPlan.Segment> out = new ArrayList<>();
    long before = 0;
    double carriedNanos = 0; // time since the end of the shard's last segment, not yet emitted
    for (LoadPlan.Segment s : plan.segments()) {
      long n = s.logins();
      long nanos = s.duration().toNanos();
      if (n == 0 || s.rate() <= 0) {
        carriedNanos += nanos;
        before += n;
        continue;
      }
      long first = firstOfShardAtOrAfter(before, index, count);
      long mine = first >= before + n ? 0 : (before + n - 1 - first) / count + 1;
      if (mine == 0) {
        carriedNanos += nanos;
      } else {
        double spacing = 1e9 / s.rate();
        double gap = (first - before) * spacing;
        // all but the last at rate / count, count spacings apart; the last alone, at once, so the segment ends with it
        double span = (mine - 1) * count * spacing;
        add(out, 0, carriedNanos + gap);
        if (mine > 1) out.add(new LoadPlan.Segment(s.rate() / count, Duration.ofNanos(Math.round(span))));
        out.add(ONE);
        carriedNanos = nanos - gap - span - ONE.duration().toNanos();
      }
      before += n;
    }
    add(out, 0, carriedNanos);
    return out;
  }

  private static void add(List<LoadPlan.Segment> out, double rate, double nanos) {
    long rounded = Math.round(nanos);
    if (rounded > 0) out.add(new LoadPlan.Segment(rate, Duration.ofNanos(rounded)));
  }

  private static long firstOfShardAtOrAfter(long from, int index, int count) {
    long r = Math.floorMod(from, count);
    return from + Math.floorMod(index - r, count);
  }
}
