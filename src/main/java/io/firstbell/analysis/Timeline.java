package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.List;

/** Per-bucket series of a run for charts: offered (by scheduled start), succeeded and failed (by end), p95 login time (by scheduled start). Pure. */
public final class Timeline {

  /** One bucket: its start offset from the run's start, and its counts. */
  public record Point(long offsetMs, long offered, long succeeded, long failed, long p95Ms) {}

  private Timeline() {}

  /** @return one point per {@code bucketMs} from {@code startMs} to {@code endMs} */
  public static List<Point> of(List<LoginRecord> records, long startMs, long endMs, long bucketMs) {
    int n = (int) Math.max(1, (endMs - startMs + bucketMs - 1) / bucketMs);
    long[] offered = new long[n];
    long[] succeeded = new long[n];
    long[] failed = new long[n];
    List<List<Long>> times = new ArrayList<>();
    for (int i = 0; i < n; i++) times.add(new ArrayList<>());
    for (LoginRecord r : records) {
      int s = clamp((r.scheduledStartMs() - startMs) / bucketMs, n);
      int e = clamp((r.endMs() - startMs) / bucketMs, n);
      offered[s]++;
      times.get(s).add(r.loginMs());
      if (r.succeeded()) succeeded[e]++; else failed[e]++;
    }
    List<Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long[] t = times.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
      points.add(new Point(i * bucketMs, offered[i], succeeded[i], failed[i], LoginStats.percentile(t, 95)));
    }
    return points;
  }

  private static int clamp(long i, int n) {
    return (int) Math.max(0, Math.min(n - 1, i));
  }
}
