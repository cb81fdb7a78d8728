package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.util.ArrayList;
import java.util.List;

/** A replay's section: per minute of the judged load, the logins recorded and offered (the plan's) beside those started and achieved (the ledger's). */
public final class ReplayAnalysis {

  private ReplayAnalysis() {}

  /**
   * @param replay the plan, as the run recorded it
   * @param ledger every login of the run; the judged ones count, in the minute of their scheduled start from {@code replay.startMs()}
   *     (those before the first minute in the first, those after the last in the last)
   * @return the section
   */
  public static Summary.Replay of(RunRecord.Replay replay, List<LoginRecord> ledger) {
    int minutes = Math.max(replay.recordedPerMinute().size(), replay.offeredPerMinute().size());
    long[] started = new long[minutes];
    long[] achieved = new long[minutes];
    for (LoginRecord r : ledger) {
      if (!r.judged()) continue;
      if (minutes == 0) break;
      // every judged login is the replay's: one Gatling started a moment before the first slot (the ledger then keeps the
      // earlier instant) counts in the first minute, one after the last in the last
      long m = Math.max(0, Math.min(minutes - 1, Math.floorDiv(r.scheduledStartMs() - replay.startMs(), 60_000)));
      started[(int) m]++;
      if (r.succeeded()) achieved[(int) m]++;
    }
    List<Summary.ReplayMinute> rows = new ArrayList<>();
    double recorded = 0;
    long offered = 0;
    long startedAll = 0;
    long achievedAll = 0;
    for (int m = 0; m < minutes; m++) {
      double rec = m < replay.recordedPerMinute().size() ? replay.recordedPerMinute().get(m) : 0;
      long off = m < replay.offeredPerMinute().size() ? replay.offeredPerMinute().get(m) : 0;
      rows.add(new Summary.ReplayMinute(m, Math.round(rec * 1000) / 1000.0, off, started[m], achieved[m]));
      recorded += rec;
      offered += off;
      startedAll += started[m];
      achievedAll += achieved[m];
    }
    return new Summary.Replay(replay.source(), replay.digest(), replay.format(), replay.windowFrom(), replay.windowTo(), replay.multiplier(),
        replay.speed(), replay.seed(), replay.linesRead(), replay.matched(), replay.unparseable(), replay.outOfOrder(), replay.outsideWindow(),
        Math.round(recorded * 1000) / 1000.0, offered, startedAll, achievedAll, List.copyOf(rows));
  }
}
