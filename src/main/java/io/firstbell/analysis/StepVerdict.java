package io.firstbell.analysis;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One load step judged against the SLO and for sustainability, from the judged logins scheduled in its window
 * (start inclusive, end exclusive). Logins still running at {@code nowMs} count with their age as their time, and as failed
 * once that age is beyond the p95 objective: such a login has already broken it.
 *
 * <p>A rate whose backlog grows is not sustainable even while the SLO still holds: when the median login time of
 * the window's last third exceeds the first third's by more than the {@link Backlog} rule allows, the queue in front
 * of the target is growing, and the step is broken ({@code brokenBy = "backlog"}).
 *
 * @param firstThirdMedianMs median login time of the logins scheduled in the first third of the window
 * @param lastThirdMedianMs the same for the last third
 * @param p99StartLagMs how late the generator started the window's logins against their schedule (p99)
 * @param brokenBy why the step is not met: {@code success}, {@code p95}, {@code backlog}, {@code no-logins}; empty when met
 */
public record StepVerdict(double offeredPerSec, double achievedPerSec, long attempted, long succeeded, double successRatio,
    long p50Ms, long p95Ms, long p99Ms, long firstThirdMedianMs, long lastThirdMedianMs, long p99StartLagMs, boolean met, String brokenBy) {

  /** Logins each third of the window needs before the backlog rule judges it. */
  public static final int MIN_LOGINS_PER_THIRD = 5;

  /**
   * When login times rising through a step mean a growing backlog: the last third's median is above the first third's by
   * more than {@code maxRiseMs} and by more than {@code maxRiseRatio} of the first third's median.
   */
  public record Backlog(long maxRiseMs, double maxRiseRatio) {
    /** No backlog rule: only the SLO judges. */
    public static final Backlog OFF = new Backlog(Long.MAX_VALUE, Double.POSITIVE_INFINITY);

    /** @return whether a rise from {@code firstMs} to {@code lastMs} means the backlog grows */
    public boolean growing(long firstMs, long lastMs) {
      long rise = lastMs - firstMs;
      return rise > maxRiseMs && rise > maxRiseRatio * firstMs;
    }
  }

  /** @return the verdict of the window [fromMs, toMs), by the SLO alone */
  public static StepVerdict of(List<LoginRecord> records, List<LoginLedger.Open> open, long fromMs, long toMs, long nowMs, SloSettings slo) {
    return of(records, open, fromMs, toMs, nowMs, slo, Backlog.OFF);
  }

  /**
   * The verdict as it stood at {@code atMs}: a login counts as ended when it ended before {@code atMs}, and as still running,
   * with its age at {@code atMs} as its time, when it began before {@code atMs} and ended at or after it. The live search and
   * {@code regenerate} judge a step with this one function, live on the ledger's snapshot taken at {@code atMs} and afterwards
   * on the whole ledger, and get the same verdict: what happened within the very millisecond of {@code atMs} is counted
   * alike by both, whether or not the snapshot saw it.
   *
   * @param open logins still running when {@code records} were read (none for a whole ledger)
   */
  public static StepVerdict at(List<LoginRecord> records, List<LoginLedger.Open> open, long fromMs, long toMs, long atMs, SloSettings slo,
      Backlog backlog) {
    List<LoginRecord> ended = new ArrayList<>();
    List<LoginLedger.Open> running = new ArrayList<>(open.stream().filter(o -> o.startMs() < atMs).toList());
    for (LoginRecord r : records) {
      if (r.endMs() < atMs) ended.add(r);
      else if (r.startMs() < atMs) running.add(new LoginLedger.Open(-1, r.scheduledStartMs(), r.startMs(), r.journey(), r.persona(), r.method(),
          r.district(), r.phase()));
    }
    return of(ended, running, fromMs, toMs, atMs, slo, backlog);
  }

  /** @return the verdict of the window [fromMs, toMs), by the SLO and the backlog rule */
  public static StepVerdict of(List<LoginRecord> records, List<LoginLedger.Open> open, long fromMs, long toMs, long nowMs, SloSettings slo,
      Backlog backlog) {
    List<long[]> logins = new ArrayList<>(); // {scheduled start, login time, start lag}
    long attempted = 0;
    long ok = 0;
    for (LoginRecord r : records) {
      if (!r.judged() || r.scheduledStartMs() < fromMs || r.scheduledStartMs() >= toMs) continue;
      attempted++;
      if (r.succeeded()) ok++;
      logins.add(new long[] {r.scheduledStartMs(), r.loginMs(), r.startMs() - r.scheduledStartMs()});
    }
    for (LoginLedger.Open o : open) {
      if (!LoginRecord.LOAD.equals(o.phase()) || o.scheduledStartMs() < fromMs || o.scheduledStartMs() >= toMs) continue;
      attempted++;
      if (nowMs - o.scheduledStartMs() <= slo.p95Login().toMillis()) ok++; // still within the objective: not a failure yet
      logins.add(new long[] {o.scheduledStartMs(), nowMs - o.scheduledStartMs(), o.startMs() - o.scheduledStartMs()});
    }
    long[] sorted = logins.stream().mapToLong(l -> l[1]).sorted().toArray();
    long[] lags = logins.stream().mapToLong(l -> Math.max(0, l[2])).sorted().toArray();
    long third = (toMs - fromMs) / 3;
    long[] first = logins.stream().filter(l -> l[0] < fromMs + third).mapToLong(l -> l[1]).sorted().toArray();
    long[] last = logins.stream().filter(l -> l[0] >= toMs - third).mapToLong(l -> l[1]).sorted().toArray();
    long firstMedian = LoginStats.percentile(first, 50);
    long lastMedian = LoginStats.percentile(last, 50);
    boolean growing = first.length >= MIN_LOGINS_PER_THIRD && last.length >= MIN_LOGINS_PER_THIRD && backlog.growing(firstMedian, lastMedian);
    double seconds = Math.max(1, toMs - fromMs) / 1000.0;
    double success = attempted == 0 ? 0 : ok / (double) attempted;
    long p95 = LoginStats.percentile(sorted, 95);
    String brokenBy = attempted == 0 ? "no-logins" : success < slo.successRatio() ? "success" : p95 > slo.p95Login().toMillis() ? "p95"
        : growing ? "backlog" : "";
    return new StepVerdict(attempted / seconds, ok / seconds, attempted, ok, success, LoginStats.percentile(sorted, 50), p95,
        LoginStats.percentile(sorted, 99), firstMedian, lastMedian, LoginStats.percentile(lags, 99), brokenBy.isEmpty(), brokenBy);
  }

  /** @return why the step broke, in words; empty when met */
  public String why() {
    return switch (brokenBy) {
      case "success" -> String.format(java.util.Locale.ROOT, "%.2f%% succeeded", 100 * successRatio);
      case "p95" -> "p95 " + p95Ms + " ms";
      case "backlog" -> "backlog growing: median login time rose from " + firstThirdMedianMs + " to " + lastThirdMedianMs + " ms through the step";
      case "no-logins" -> "no logins";
      default -> "";
    };
  }
}
