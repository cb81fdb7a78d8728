package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts and login-time percentiles of a set of logins; pure. */
public record LoginStats(
    long attempted,
    long succeeded,
    long failed,
    long cutShort,
    Map<String, Long> byPersona,
    Map<String, Long> byJourney,
    Map<String, Long> byFailureStep,
    Map<String, Long> byFailureKind,
    long p50Ms,
    long p95Ms,
    long p99Ms,
    long maxStartLagMs,
    long p99StartLagMs) {

  /** @return the statistics of {@code records}; login times exclude think time, percentiles by nearest rank */
  public static LoginStats of(List<LoginRecord> records) {
    long ok = 0;
    long cut = 0;
    Map<String, Long> persona = new TreeMap<>();
    Map<String, Long> journey = new TreeMap<>();
    Map<String, Long> step = new TreeMap<>();
    Map<String, Long> kind = new TreeMap<>();
    long[] times = new long[records.size()];
    long[] lags = new long[records.size()];
    int i = 0;
    for (LoginRecord r : records) {
      persona.merge(r.persona(), 1L, Long::sum);
      journey.merge(r.journey(), 1L, Long::sum);
      if (r.succeeded()) {
        ok++;
      } else {
        if (r.outcome() == LoginRecord.Outcome.CUT_SHORT) cut++;
        step.merge(r.failedStep().isEmpty() ? "(none)" : r.failedStep(), 1L, Long::sum);
        kind.merge(r.failureKind().isEmpty() ? "(none)" : r.failureKind(), 1L, Long::sum);
      }
      times[i] = r.loginMs();
      lags[i] = r.startMs() - r.scheduledStartMs();
      i++;
    }
    java.util.Arrays.sort(times);
    java.util.Arrays.sort(lags);
    return new LoginStats(records.size(), ok, records.size() - ok, cut, persona, journey, step, kind,
        percentile(times, 50), percentile(times, 95), percentile(times, 99),
        lags.length == 0 ? 0 : lags[lags.length - 1], percentile(lags, 99));
  }

  /** @return the success ratio, 0 to 1 (1 when nothing was attempted) */
  public double successRatio() {
    return attempted == 0 ? 1 : succeeded / (double) attempted;
  }

  /** @return whether these logins meet the SLO */
  public boolean meets(SloSettings slo) {
    return slo.metBy(attempted, successRatio(), p95Ms);
  }

  /** Nearest-rank percentile of sorted values; 0 for none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
