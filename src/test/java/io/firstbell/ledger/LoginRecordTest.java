package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line of logins.csv: thirteen fields, whatever the journey put in its strings. */
class LoginRecordTest {

  private static final LoginRecord FAILED = new LoginRecord(1_700_000_000_000L, 1_700_000_000_250L, 1_700_000_003_000L,
      "student-portal", "student", "password", "district-07", Outcome.FAILED, "submit-password", "http-502", 5, true);

  @Test
  void csvHeaderNamesFifteenColumns() {
    assertEquals("scheduled_start_ms,start_ms,end_ms,duration_ms,journey,persona,method,district,outcome,failed_step,failure_kind,requests,mistyped,think_ms,phase",
        LoginRecord.CSV_HEADER);
    assertEquals(15, LoginRecord.CSV_HEADER.split(",", -1).length);
  }

  @Test
  void toCsvWritesEveryFieldInHeaderOrder() {
    assertEquals("1700000000000,1700000000250,1700000003000,3000,student-portal,student,password,district-07,failed,submit-password,http-502,5,true,0,load",
        FAILED.toCsv());
  }

  @Test
  void durationCountsFromTheScheduledStart() {
    LoginRecord r = new LoginRecord(1_000, 1_500, 2_500, "j", "p", "m", "d", Outcome.SUCCEEDED, "", "", 1, false);
    assertEquals(1_500, r.durationMs());
    assertEquals("1000,1500,2500,1500,j,p,m,d,succeeded,,,1,false,0,load", r.toCsv());
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
  void everyOutcomeRoundTripsThroughCsv() {
    for (Outcome outcome : Outcome.values()) {
      LoginRecord r = new LoginRecord(10, 20, 35, "teacher-portal", "teacher", "badge", "district-42", outcome,
          outcome == Outcome.SUCCEEDED ? "" : "consent", outcome == Outcome.SUCCEEDED ? "" : "check", 12, outcome == Outcome.FAILED);
      assertEquals(r, LoginRecord.fromCsv(r.toCsv()), outcome.name());
    }
    assertEquals(FAILED, LoginRecord.fromCsv(FAILED.toCsv()));
  }

  @Test
  void commasInFieldsAreReplacedSoTheLineKeepsItsFields() {
    LoginRecord r = new LoginRecord(1, 2, 3, "portal,a", "stu,dent", "pass,word", "Springfield, IL", Outcome.FAILED, "step,2", "http-500,retry",
        4, false);
    String line = r.toCsv();
    assertEquals("1,2,3,2,portal;a,stu;dent,pass;word,Springfield; IL,failed,step;2,http-500;retry,4,false,0,load", line);
    assertEquals(15, line.split(",", -1).length);
    assertEquals(new LoginRecord(1, 2, 3, "portal;a", "stu;dent", "pass;word", "Springfield; IL", Outcome.FAILED, "step;2", "http-500;retry", 4, false),
        LoginRecord.fromCsv(line));
  }

  @Test
  void newlinesInFieldsAreReplacedSoTheRecordStaysOneLine() {
    LoginRecord r = new LoginRecord(1, 2, 3, "j", "p", "m", "d", Outcome.FAILED, "line\none", "k", 4, false);
    assertEquals("1,2,3,2,j,p,m,d,failed,line one,k,4,false,0,load", r.toCsv());
  }

  @Test
  void carriageReturnsInFieldsAreReplacedSoTheRecordStaysOneLine() throws IOException {
    LoginRecord r = new LoginRecord(1, 2, 3, "j", "p", "m", "d", Outcome.FAILED, "line\r\none", "k", 4, false);
    List<String> lines = new BufferedReader(new StringReader(r.toCsv() + "\n")).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(15, lines.get(0).split(",", -1).length);
  }

  @Test
  void nullStringsAreWrittenEmpty() {
    LoginRecord r = new LoginRecord(1, 2, 3, null, null, null, null, Outcome.SUCCEEDED, null, null, 0, false);
    assertEquals("1,2,3,2,,,,,succeeded,,,0,false,0,load", r.toCsv());
    assertEquals(new LoginRecord(1, 2, 3, "", "", "", "", Outcome.SUCCEEDED, "", "", 0, false), LoginRecord.fromCsv(r.toCsv()));
  }

  @Test
  void fromCsvIgnoresTheWrittenDurationAndRecomputesIt() {
    LoginRecord r = LoginRecord.fromCsv("1000,1500,2500,999,j,p,m,d,succeeded,,,1,false,0");
    assertEquals(1_500, r.durationMs());
  }

  @Test
  void fromCsvRefusesALineWithTheWrongNumberOfFields() {
    String line = "1,2,3,2,j,p,m,d,failed,s,k,4,false";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoginRecord.fromCsv(line));
    assertEquals("A logins.csv line has 15 fields (" + LoginRecord.CSV_HEADER + "), this one has 13: " + line, e.getMessage());
    String longer = "1,2,3,2,j,p,m,d,failed,s,k,4,false,0,load,";
    e = assertThrows(IllegalArgumentException.class, () -> LoginRecord.fromCsv(longer));
    assertEquals("A logins.csv line has 15 fields (" + LoginRecord.CSV_HEADER + "), this one has 16: " + longer, e.getMessage());
  }

  @Test
  void aLedgerWrittenBeforeThePhaseColumnReadsAsJudgedLogins() {
    LoginRecord r = LoginRecord.fromCsv("1000,1500,2500,1500,j,p,m,d,succeeded,,,1,false,0");
    assertEquals(LoginRecord.LOAD, r.phase());
    assertEquals(true, r.judged());
  }

  @Test
  void theWarmUpPhaseRoundTripsAndIsNotJudged() {
    LoginRecord r = new LoginRecord(1000, 1500, 2500, "j", "p", "m", "d", LoginRecord.Outcome.SUCCEEDED, "", "", 1, false, 0, LoginRecord.WARM_UP);
    assertEquals(r, LoginRecord.fromCsv(r.toCsv()));
    assertEquals(false, r.judged());
  }

  @Test
  void fromCsvRefusesAnUnknownOutcome() {
    assertThrows(IllegalArgumentException.class, () -> LoginRecord.fromCsv("1,2,3,2,j,p,m,d,timed-out,s,k,4,false,0"));
  }
}
