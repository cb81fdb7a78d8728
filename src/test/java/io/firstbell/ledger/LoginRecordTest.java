package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LoginRecord.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One login attempt: its columns, its duration, its outcome and whether it is judged. */
class LoginRecordTest {

  @Test
  void csvHeaderNamesFifteenColumns() {
    assertEquals("scheduled_start_ms,start_ms,end_ms,duration_ms,journey,persona,method,district,outcome,failed_step,failure_kind,requests,mistyped,think_ms,phase",
        LoginRecord.CSV_HEADER);
    assertEquals(15, LoginRecord.CSV_HEADER.split(",", -1).length);
  }

  @Test
  void durationCountsFromTheScheduledStart() {
    LoginRecord r = new LoginRecord(1_000, 1_500, 2_500, "j", "p", "m", "d", Outcome.SUCCEEDED, "", "", 1, false);
    assertEquals(1_500, r.durationMs());
  }

  @Test
  void outcomesHaveLowerCaseHyphenatedWireNames() {
    assertEquals(List.of("succeeded", "failed", "cut-short"),
        List.of(Outcome.SUCCEEDED.wireName(), Outcome.FAILED.wireName(), Outcome.CUT_SHORT.wireName()));
  }

  @Test
  void onlyASucceededLoginSucceeded() {
    assertTrue(new LoginRecord(0, 0, 0, "", "", "", "", Outcome.SUCCEEDED, "", "", 0, false).succeeded());
    assertFalse(new LoginRecord(0, 0, 0, "", "", "", "", Outcome.FAILED, "", "", 0, false).succeeded());
    assertFalse(new LoginRecord(0, 0, 0, "", "", "", "", Outcome.CUT_SHORT, "", "cut-short", 0, false).succeeded());
  }

  @Test
  void theWarmUpPhaseIsNotJudged() {
    LoginRecord r = new LoginRecord(1000, 1500, 2500, "j", "p", "m", "d", LoginRecord.Outcome.SUCCEEDED, "", "", 1, false, 0, LoginRecord.WARM_UP);
    assertEquals(false, r.judged());
  }
}
