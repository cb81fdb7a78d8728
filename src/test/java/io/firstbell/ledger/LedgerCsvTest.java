package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logins.csv written and read as CSV: every value comes back exactly, old ledgers still read, a broken row names its line. */
class LedgerCsvTest {

  private static final String HEADER = LoginRecord.CSV_HEADER;
  private static final String HEADER_WITHOUT_PHASE =
      "scheduled_start_ms,start_ms,end_ms,duration_ms,journey,persona,method,district,outcome,failed_step,failure_kind,requests,mistyped,think_ms";
  private static final LoginRecord FAILED = new LoginRecord(1_700_000_000_000L, 1_700_000_000_250L, 1_700_000_003_000L,
      "student-portal", "student", "password", "district-07", Outcome.FAILED, "submit-password", "http-502", 5, true);

  @TempDir
  Path dir;

  private Path ledger(String text) throws IOException {
    return Files.writeString(dir.resolve("logins.csv"), text, StandardCharsets.UTF_8);
  }

  private Path written(LoginRecord... records) throws IOException {
    Path file = dir.resolve("logins.csv");
    LedgerCsv.write(file, List.of(records));
    return file;
  }

  @Test
  void aRecordIsOneRowOfEveryFieldInHeaderOrder() throws IOException {
    Path file = written(FAILED);
    assertEquals(HEADER + "\n"
        + "1700000000000,1700000000250,1700000003000,3000,student-portal,student,password,district-07,failed,submit-password,http-502,5,true,0,load\n",
        Files.readString(file));
    assertEquals(List.of(FAILED), LedgerCsv.read(file));
  }

  @Test
  void everyOutcomeAndPhaseRoundTrips() throws IOException {
    List<LoginRecord> records = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      for (String phase : List.of(LoginRecord.LOAD, LoginRecord.WARM_UP, LoginRecord.PREFLIGHT)) {
        boolean ok = outcome == Outcome.SUCCEEDED;
        records.add(new LoginRecord(10, 20, 35, "teacher-portal", "teacher", "badge", "district-42", outcome, ok ? "" : "consent",
            ok ? "" : "check", 12, outcome == Outcome.FAILED, 7, phase));
      }
    }
    Path file = dir.resolve("logins.csv");
    LedgerCsv.write(file, records);
    assertEquals(records, LedgerCsv.read(file));
  }

  @Test
  void textWithCommasQuotesAndLineBreaksRoundTripsExactly() throws IOException {
    String odd = "a,b \"c\"\r\nd";
    LoginRecord r = new LoginRecord(1, 2, 3, odd, "stu,dent", "pass\nword", "Springfield, IL", Outcome.FAILED, odd, "http-500 \"retry\"", 4,
        false, 0, "warm,up");
    Path file = written(r, FAILED);
    assertEquals(HEADER + "\n"
        + "1,2,3,2,\"a,b \"\"c\"\"\r\nd\",\"stu,dent\",\"pass\nword\",\"Springfield, IL\",failed,\"a,b \"\"c\"\"\r\nd\",\"http-500 \"\"retry\"\"\",4,"
        + "false,0,\"warm,up\"\n"
        + "1700000000000,1700000000250,1700000003000,3000,student-portal,student,password,district-07,failed,submit-password,http-502,5,true,0,load\n",
        Files.readString(file));
    assertEquals(List.of(r, FAILED), LedgerCsv.read(file));
  }

  @Test
  void nullTextIsWrittenEmptyAndAnEmptyPhaseReadsAsLoad() throws IOException {
    Path file = written(new LoginRecord(1, 2, 3, null, null, null, null, Outcome.SUCCEEDED, null, null, 0, false, 0, null));
    assertEquals(HEADER + "\n1,2,3,2,,,,,succeeded,,,0,false,0,\n", Files.readString(file));
    assertEquals(List.of(new LoginRecord(1, 2, 3, "", "", "", "", Outcome.SUCCEEDED, "", "", 0, false)), LedgerCsv.read(file));
  }

  @Test
  void theWrittenDurationIsNotReadBackButRecomputed() throws IOException {
    LoginRecord r = LedgerCsv.read(ledger(HEADER + "\n1000,1500,2500,999,j,p,m,d,succeeded,,,1,false,0,load\n")).get(0);
    assertEquals(1_500, r.durationMs());
  }

  @Test
  void aLedgerWithoutThePhaseColumnReadsAsLoadLogins() throws IOException {
    List<LoginRecord> records = LedgerCsv.read(ledger(HEADER_WITHOUT_PHASE + "\n"
        + "1000,1500,2500,1500,j,p,m,d,succeeded,,,1,false,0\n"
        + "2000,2000,2600,600,j,p,m,d,failed,login,http-503,2,true,100\n"));
    assertEquals(List.of(new LoginRecord(1000, 1500, 2500, "j", "p", "m", "d", Outcome.SUCCEEDED, "", "", 1, false, 0, LoginRecord.LOAD),
        new LoginRecord(2000, 2000, 2600, "j", "p", "m", "d", Outcome.FAILED, "login", "http-503", 2, true, 100, LoginRecord.LOAD)), records);
    assertEquals(true, records.get(0).judged());
  }

  @Test
  void blankLinesAreNoLogins() throws IOException {
    assertEquals(List.of(FAILED), LedgerCsv.read(ledger(HEADER + "\n\n"
        + "1700000000000,1700000000250,1700000003000,3000,student-portal,student,password,district-07,failed,submit-password,http-502,5,true,0,load\n"
        + "\n")));
  }

  @Test
  void aLedgerWithOnlyItsHeaderHasNoLogins() throws IOException {
    assertEquals(List.of(), LedgerCsv.read(written()));
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsFailsNamingTheFileAndItsLine() throws IOException {
    Path file = ledger(HEADER + "\n1,2,3,2,j,p,m,d,succeeded,,,1,false,0,load\n1,2,3,2,j,p,m,d,failed,s,k,4,false\n");
    IOException e = assertThrows(IOException.class, () -> LedgerCsv.read(file));
    assertEquals("The login ledger " + file + ", line 3, has 13 fields but a row has 15 (" + HEADER + "), or 14 in a ledger without the phase column",
        e.getMessage());
    Path longer = ledger(HEADER + "\n1,2,3,2,j,p,m,d,failed,s,k,4,false,0,load,\n");
    e = assertThrows(IOException.class, () -> LedgerCsv.read(longer));
    assertEquals("The login ledger " + longer + ", line 2, has 16 fields but a row has 15 (" + HEADER + "), or 14 in a ledger without the phase column",
        e.getMessage());
  }

  @Test
  void theLineOfABrokenRowCountsTheLineBreaksQuotedBeforeIt() throws IOException {
    Path file = ledger(HEADER + "\n1,2,3,2,\"two\nlines\",p,m,d,succeeded,,,1,false,0,load\n1,2,3,2,j,p,m,d,timed-out,s,k,4,false,0,load\n");
    IOException e = assertThrows(IOException.class, () -> LedgerCsv.read(file));
    assertEquals("The login ledger " + file + ", line 4, has outcome 'timed-out' but it must be succeeded, failed or cut-short", e.getMessage());
  }

  @Test
  void aTimeThatIsNotAWholeNumberFailsNamingTheColumn() throws IOException {
    Path file = ledger(HEADER + "\n1,2,soon,2,j,p,m,d,succeeded,,,1,false,0,load\n");
    IOException e = assertThrows(IOException.class, () -> LedgerCsv.read(file));
    assertEquals("The login ledger " + file + ", line 2, has end_ms 'soon' but it must be a whole number", e.getMessage());
  }

  @Test
  void anUnclosedQuoteFailsNamingTheLineItsRowStartsOn() throws IOException {
    Path file = ledger(HEADER + "\n1,2,3,2,j,p,m,d,succeeded,,,1,false,0,load\n1,2,3,2,\"j,p,m,d,succeeded,,,1,false,0,load\n\n");
    IOException e = assertThrows(IOException.class, () -> LedgerCsv.read(file));
    assertEquals("The login ledger " + file + ", line 3, is not valid CSV: Missing closing quote for value", e.getMessage());
  }

  @Test
  void aFileThatIsNotALedgerFailsAtItsHeader() throws IOException {
    Path file = ledger("username,password\nalice,secret\n");
    IOException e = assertThrows(IOException.class, () -> LedgerCsv.read(file));
    assertEquals("The login ledger " + file + ", line 1, starts with 'username,password' but a ledger starts with the header '" + HEADER + "'",
        e.getMessage());
  }

  @Test
  void aLastLineCutWhileItWasWrittenIsLeftOutAndTheRowsBeforeItRead() throws IOException {
    Path file = dir.resolve("cut.csv");
    LedgerCsv.write(file, List.of(
        new LoginRecord(1_000, 1_000, 1_300, "student-portal", "student", "password", "d1", LoginRecord.Outcome.SUCCEEDED, "", "", 3, false, 0),
        new LoginRecord(2_000, 2_000, 2_300, "student-portal", "student", "password", "d1", LoginRecord.Outcome.SUCCEEDED, "", "", 3, false, 0)));
    String whole = Files.readString(file);
    Files.writeString(file, whole.substring(0, whole.length() - 3)); // the last row's "load" cut to "l", no line break

    List<LoginRecord> read = LedgerCsv.read(file);

    assertEquals(1, read.size());
    assertEquals(1_000, read.get(0).scheduledStartMs());
  }
}
