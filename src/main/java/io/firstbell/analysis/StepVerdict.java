package io.firstbell.analysis;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One load step judged against the SLO, from the logins scheduled in its window (start inclusive, end
 * exclusive). Logins still running at {@code nowMs} count as failed, with their age as their time: a
 * login that has not finished within the step's settle time has already broken the objective.
 */
public record StepVerdict(double offeredPerSec, double achievedPerSec, long attempted, long succeeded, double successRatio,
    long p50Ms, long p95Ms, long p99Ms, boolean met) {

  /** @return the verdict of the window [fromMs, toMs) */
  public static StepVerdict of(List<LoginRecord> records, List<LoginLedger.Open> open, long fromMs, long toMs, long nowMs, SloSettings slo) {
    List<Long> times = new ArrayList<>();
    long attempted = 0;
    long ok = 0;
    for (LoginRecord r : records) {
      if (r.scheduledStartMs() < fromMs || r.scheduledStartMs() >= toMs) continue;
      attempted++;
      if (r.succeeded()) ok++;
      times.add(r.loginMs());
    }
    for (LoginLedger.Open o : open) {
      if (o.scheduledStartMs() < fromMs || o.scheduledStartMs() >= toMs) continue;
      attempted++;
      times.add(nowMs - o.scheduledStartMs());
    }
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    double seconds = Math.max(1, toMs - fromMs) / 1000.0;
    double success = attempted == 0 ? 0 : ok / (double) attempted;
    long p95 = LoginStats.percentile(sorted, 95);
    boolean met = slo.metBy(attempted, success, p95);
    return new StepVerdict(attempted / seconds, ok / seconds, attempted, ok, success,
        LoginStats.percentile(sorted, 50), p95, LoginStats.percentile(sorted, 99), met);
  }
}
