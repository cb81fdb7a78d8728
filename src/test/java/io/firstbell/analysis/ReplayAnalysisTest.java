package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay's section: the plan's minutes beside the ledger's judged logins, by scheduled start. */
class ReplayAnalysisTest {

  private static final long T0 = 1_788_865_200_000L;

  private static LoginRecord login(long scheduledOffsetMs, boolean ok, String phase) {
    long at = T0 + scheduledOffsetMs;
    return new LoginRecord(at, at + 3, at + 200, "student-portal", "student", "password", "oak",
        ok ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, ok ? "" : "Submit credentials", ok ? "" : "http-500", 3, false, 0, phase);
  }

  @Test
  void eachMinuteCountsTheJudgedLoginsScheduledInItStartedAndAchieved() {
    RunRecord.Replay plan = new RunRecord.Replay("peak.log", "00".repeat(32), "nginx", Instant.parse("2026-09-08T11:00:00Z"),
        Instant.parse("2026-09-08T11:02:00Z"), 1.2, 1, 7, 500, 200, 1, 0, 10, T0, List.of(2.0, 1.5), List.of(3L, 2L));
    List<LoginRecord> ledger = List.of(
        login(-5_000, true, LoginRecord.WARM_UP), // before the judged load: not counted
        login(0, true, LoginRecord.LOAD), login(20_000, false, LoginRecord.LOAD), login(59_999, true, LoginRecord.LOAD),
        login(60_000, true, LoginRecord.LOAD), login(61_000, true, LoginRecord.PREFLIGHT),
        login(-3, true, LoginRecord.LOAD), // started by Gatling 3 ms before its slot: the ledger keeps that instant; the first minute
        login(120_000, true, LoginRecord.LOAD)); // after the last minute (a late slot): the last
    Summary.Replay r = ReplayAnalysis.of(plan, ledger);
    assertEquals(List.of(new Summary.ReplayMinute(0, 2.0, 3, 4, 3), new Summary.ReplayMinute(1, 1.5, 2, 2, 2)), r.minutes());
    assertEquals(3.5, r.recorded());
    assertEquals(5, r.offered());
    assertEquals(6, r.started());
    assertEquals(5, r.achieved());
    assertEquals("nginx", r.format());
    assertEquals(10, r.outsideWindow());
  }
}
