package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmarks report, from the ledger: the capacity benchmark's steps and the overload benchmark's surge and
 * recovery. Pure.
 */
public final class Benchmarks {

  private Benchmarks() {}

  /** One constant-rate step: what was offered, what succeeded per second, the success ratio and the p95 login time. */
  public record Step(double offeredPerSec, double achievedPerSec, double successRatio, long p95Ms) {}

  /**
   * @param startMs when the first step began
   * @param offered each step's rate, in order, each {@code stepMs} long
   * @return each step's figures, from the judged logins scheduled in it
   */
  public static List<Step> steps(List<LoginRecord> records, long startMs, long stepMs, List<Double> offered) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < offered.size(); i++) {
      long from = startMs + i * stepMs;
      List<LoginRecord> in = scheduledIn(records, from, from + stepMs);
      long ok = in.stream().filter(LoginRecord::succeeded).count();
      long[] times = in.stream().mapToLong(LoginRecord::loginMs).sorted().toArray();
      steps.add(new Step(offered.get(i), ok / (stepMs / 1000.0), in.isEmpty() ? 0 : ok / (double) in.size(), LoginStats.percentile(times, 95)));
    }
    return steps;
  }

  /**
   * A surge's figures: its logins, those that succeeded, and how fast the rejected ones were answered.
   *
   * @param rejectedMs the login times of the failed logins, sorted
   */
  public record Surge(long logins, long succeeded, long[] rejectedMs) {
    public long rejectedPercentile(double p) {
      return LoginStats.percentile(rejectedMs, p);
    }
  }

  /** @return the judged logins scheduled in [fromMs, toMs), counted */
  public static Surge surge(List<LoginRecord> records, long fromMs, long toMs) {
    List<LoginRecord> in = scheduledIn(records, fromMs, toMs);
    return new Surge(in.size(), in.stream().filter(LoginRecord::succeeded).count(),
        in.stream().filter(r -> !r.succeeded()).mapToLong(LoginRecord::loginMs).sorted().toArray());
  }

  /**
   * The recovery after a surge: one-second windows from {@code fromMs}, each up when at least 99 % of its logins succeeded.
   *
   * @param recoveredAfterSeconds the first second from which every window with logins was up, or -1 when that never came
   */
  public record Recovery(String strip, int recoveredAfterSeconds) {}

  /** @return the recovery over {@code seconds} one-second windows from {@code fromMs} */
  public static Recovery recovery(List<LoginRecord> records, long fromMs, int seconds) {
    long toMs = fromMs + seconds * 1000L;
    Uptime.Report uptime = Uptime.compute(scheduledIn(records, fromMs, toMs), fromMs, toMs, 1000, 0.01);
    int recovered = -1;
    for (int i = 0; i < uptime.windows().size(); i++) {
      Uptime.State state = uptime.windows().get(i).state();
      if (state == Uptime.State.UP && recovered < 0) recovered = i;
      if (state == Uptime.State.DOWN) recovered = -1;
    }
    return new Recovery(uptime.strip(), recovered);
  }

  private static List<LoginRecord> scheduledIn(List<LoginRecord> records, long fromMs, long toMs) {
    return records.stream().filter(r -> r.judged() && r.scheduledStartMs() >= fromMs && r.scheduledStartMs() < toMs).toList();
  }
}
