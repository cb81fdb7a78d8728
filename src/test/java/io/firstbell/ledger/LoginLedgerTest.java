package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LoginRecord.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login ledger: every attempt recorded exactly once, in logins.csv and in memory. */
class LoginLedgerTest {

  private static final String HEADER =
      "scheduled_start_ms,start_ms,end_ms,duration_ms,journey,persona,method,district,outcome,failed_step,failure_kind,requests,mistyped,think_ms,phase";

  @TempDir
  Path dir;

  private final AtomicLong now = new AtomicLong(1_000_000L);
  private Path file;
  private LoginLedger ledger;

  @BeforeEach
  void open() {
    file = dir.resolve("run").resolve("logins.csv");
    ledger = new LoginLedger(file, now::get);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** @return the records of logins.csv, after checking its header */
  private List<LoginRecord> records() throws IOException {
    assertEquals(HEADER, lines().get(0));
    return LedgerCsv.read(file);
  }

  @Test
  void csvHeaderIsExact() throws IOException {
    assertEquals(HEADER, LoginRecord.CSV_HEADER);
    ledger.close();
    assertEquals(List.of(HEADER), lines());
  }

  @Test
  void openingTheLedgerCreatesItsFolderAndFile() {
    assertTrue(Files.isDirectory(dir.resolve("run")));
    assertTrue(Files.isRegularFile(file));
    assertEquals(file, ledger.file());
  }

  @Test
  void rowsReachTheFileBeforeTheLedgerCloses() throws Exception {
    now.set(8_000);
    ledger.end(ledger.begin(8_000, "j", "student", "password", "d"), true, "", "", 1, false);
    List<String> expected = List.of(HEADER, "8000,8000,8000,0,j,student,password,d,succeeded,,,1,false,0,load");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!lines().equals(expected) && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(expected, lines());
  }

  @Test
  void eachAttemptIsOneRowWithExactFields() throws IOException {
    now.set(10_000);
    long ok = ledger.begin(9_900, "student-portal", "student", "password", "district-03");
    now.set(10_050);
    long bad = ledger.begin(10_050, "teacher-portal", "teacher", "badge", "district-11");
    now.set(11_000);
    ledger.end(ok, true, "ignored-step", "ignored-kind", 7, true);
    now.set(12_345);
    ledger.end(bad, false, "submit-password", "http-503", 3, false);
    ledger.close();

    assertEquals(List.of(HEADER,
        "9900,10000,11000,1100,student-portal,student,password,district-03,succeeded,,,7,true,0,load",
        "10050,10050,12345,2295,teacher-portal,teacher,badge,district-11,failed,submit-password,http-503,3,false,0,load"), lines());
    assertEquals(List.of(
        new LoginRecord(9_900, 10_000, 11_000, "student-portal", "student", "password", "district-03", Outcome.SUCCEEDED, "", "", 7, true),
        new LoginRecord(10_050, 10_050, 12_345, "teacher-portal", "teacher", "badge", "district-11", Outcome.FAILED, "submit-password",
            "http-503", 3, false)), records());
  }

  @Test
  void idsAreDistinctAndCountUp() {
    long first = ledger.begin(1, "j", "student", "password", "d");
    long second = ledger.begin(1, "j", "student", "password", "d");
    assertEquals(1, first);
    assertEquals(2, second);
  }

  @Test
  void openAttemptsAndRecordedCountTheLedgersState() {
    assertEquals(0, ledger.openAttempts());
    assertEquals(0, ledger.recorded());
    long a = ledger.begin(1_000, "j", "student", "password", "d");
    long b = ledger.begin(1_000, "j", "student", "password", "d");
    assertEquals(2, ledger.openAttempts());
    assertEquals(0, ledger.recorded());
    ledger.end(a, true, "", "", 1, false);
    assertEquals(1, ledger.openAttempts());
    assertEquals(1, ledger.recorded());
    ledger.end(b, false, "login", "check", 1, false);
    assertEquals(0, ledger.openAttempts());
    assertEquals(2, ledger.recorded());
  }

  @Test
  void secondEndOfTheSameAttemptIsIgnored() throws IOException {
    now.set(5_000);
    long id = ledger.begin(5_000, "student-portal", "student", "password", "d1");
    now.set(6_000);
    ledger.end(id, false, "login", "no-response", 2, false);
    now.set(7_000);
    ledger.end(id, true, "", "", 9, true);
    assertEquals(1, ledger.recorded());
    ledger.close();
    assertEquals(List.of(HEADER, "5000,5000,6000,1000,student-portal,student,password,d1,failed,login,no-response,2,false,0,load"), lines());
  }

  @Test
  void endOfAnUnknownAttemptIsIgnored() throws IOException {
    ledger.end(42, true, "", "", 1, false);
    assertEquals(0, ledger.recorded());
    ledger.close();
    assertEquals(List.of(HEADER), lines());
  }

  @Test
  void attemptsOpenAtCloseAreWrittenAsCutShort() throws IOException {
    now.set(20_000);
    ledger.begin(19_500, "app-initiated", "teacher", "app-initiated", "district-01");
    now.set(20_100);
    long done = ledger.begin(20_100, "student-portal", "student", "badge", "district-02");
    now.set(20_400);
    ledger.end(done, true, "", "", 4, false);
    now.set(30_000);
    ledger.close();

    assertEquals(List.of(HEADER,
        "20100,20100,20400,300,student-portal,student,badge,district-02,succeeded,,,4,false,0,load",
        "19500,20000,30000,10500,app-initiated,teacher,app-initiated,district-01,cut-short,,cut-short,0,false,0,load"), lines());
    assertEquals(0, ledger.openAttempts());
    assertEquals(2, ledger.recorded());
    LoginRecord cut = records().get(1);
    assertEquals(Outcome.CUT_SHORT, cut.outcome());
    assertFalse(cut.succeeded());
    assertEquals("cut-short", cut.failureKind());
  }

  @Test
  void anEndAfterCloseOfACutShortAttemptIsIgnored() throws IOException {
    long id = ledger.begin(1_000, "j", "student", "password", "d");
    ledger.close();
    ledger.end(id, true, "", "", 1, false);
    assertEquals(1, ledger.recorded());
    assertEquals(2, lines().size());
  }

  @Test
  void durationCountsFromTheScheduledStartNotTheActualStart() throws IOException {
    now.set(1_500);
    long id = ledger.begin(1_000, "student-portal", "student", "password", "d");
    now.set(2_500);
    ledger.end(id, true, "", "", 3, false);
    ledger.close();
    LoginRecord r = records().get(0);
    assertEquals(1_000, r.scheduledStartMs());
    assertEquals(1_500, r.startMs());
    assertEquals(2_500, r.endMs());
    assertEquals(1_500, r.durationMs());
    assertEquals("1000,1500,2500,1500,", lines().get(1).substring(0, "1000,1500,2500,1500,".length()));
  }

  @Test
  void onlyEndedAttemptsAreRecorded() {
    now.set(105_000);
    ledger.end(ledger.begin(100_000, "j", "student", "password", "d"), true, "", "", 1, false);
    ledger.end(ledger.begin(100_999, "j", "student", "password", "d"), false, "login", "http-500", 1, false);
    ledger.end(ledger.begin(100_500, "j", "student", "password", "d"), true, "", "", 1, false);
    ledger.end(ledger.begin(101_000, "j", "student", "password", "d"), false, "login", "check", 1, false);
    ledger.end(ledger.begin(102_999, "j", "student", "password", "d"), true, "", "", 1, false);
    ledger.begin(102_000, "j", "student", "password", "d"); // still open: not counted yet

    assertEquals(5, ledger.recorded());
  }

  @Test
  void successClearsTheFailedStepAndKind() throws IOException {
    ledger.end(ledger.begin(1_000, "j", "student", "password", "d"), true, "login", "http-500", 2, false);
    ledger.close();
    LoginRecord r = records().get(0);
    assertEquals("", r.failedStep());
    assertEquals("", r.failureKind());
    assertEquals(Outcome.SUCCEEDED, r.outcome());
  }

  @Test
  void commasQuotesAndLineBreaksInFieldsAreQuotedAndReadBackExactly() throws IOException {
    String odd = "a,b \"c\"\r\nd";
    ledger.end(ledger.begin(1_000, "a,b", "student", "password", "Springfield, IL"), false, odd, odd, 2, false);
    ledger.close();
    assertEquals(HEADER + "\n"
        + "1000,1000000,1000000,999000,\"a,b\",student,password,\"Springfield, IL\",failed,\"a,b \"\"c\"\"\r\nd\",\"a,b \"\"c\"\"\r\nd\",2,false,0,load\n",
        Files.readString(file));
    assertEquals(List.of(new LoginRecord(1_000, 1_000_000, 1_000_000, "a,b", "student", "password", "Springfield, IL", Outcome.FAILED, odd, odd, 2,
        false)), records());
  }

  @Test
  void closeIsIdempotent() throws IOException {
    now.set(4_000);
    ledger.begin(4_000, "j", "student", "password", "d");
    ledger.close();
    now.set(9_000);
    ledger.close();
    ledger.close();
    assertEquals(1, ledger.recorded());
    assertEquals(List.of(HEADER, "4000,4000,4000,0,j,student,password,d,cut-short,,cut-short,0,false,0,load"), lines());
  }

  @Test
  void closeWaitsForEveryRowToBeWritten() throws IOException {
    for (int i = 0; i < 5_000; i++) {
      ledger.end(ledger.begin(i, "j", "student", "password", "d" + i), i % 3 != 0, "s", "k", i, false);
    }
    ledger.close();
    List<String> lines = lines();
    assertEquals(5_001, lines.size());
    assertEquals("4999,1000000,1000000,995001,j,student,password,d4999,succeeded,,,4999,false,0,load", lines.get(5_000));
  }

  @Test
  void eightThreadsOfAThousandAttemptsEachAreRecordedExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 1_000;
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            now.incrementAndGet();
            long id = ledger.begin(thread * 1_000_000L + i, "j", "t" + thread, "password", "i" + i);
            assertTrue(ids.add(id), "id " + id + " given twice");
            ledger.end(id, i % 2 == 0, "login", "check", 1, false);
            ledger.end(id, true, "", "", 1, false); // ignored
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8_000, ids.size());
    assertEquals(8_000, ledger.recorded());
    assertEquals(0, ledger.openAttempts());
    ledger.close();

    List<LoginRecord> records = records();
    assertEquals(8_000, records.size());
    Set<String> attempts = new HashSet<>();
    int succeeded = 0;
    for (LoginRecord r : records) {
      assertTrue(attempts.add(r.persona() + "/" + r.district()), "attempt " + r + " written twice");
      assertEquals(Long.parseLong(r.persona().substring(1)) * 1_000_000L + Long.parseLong(r.district().substring(1)), r.scheduledStartMs());
      assertEquals(Long.parseLong(r.district().substring(1)) % 2 == 0, r.succeeded());
      if (r.succeeded()) succeeded++;
    }
    assertEquals(4_000, succeeded);
  }

  @Test
  void aLedgerWhoseParentIsAFileFailsNamingTheFile() throws IOException {
    Path blocker = Files.writeString(dir.resolve("blocker"), "not a folder");
    Path target = blocker.resolve("logins.csv");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new LoginLedger(target, now::get));
    assertEquals("Cannot write the login ledger " + target + ": " + blocker, e.getMessage());
    assertNotNull(e.getCause());
    assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
    assertEquals("not a folder", Files.readString(blocker));
  }

  @Test
  void aLedgerOnAFolderFailsNamingTheFile() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new LoginLedger(folder, now::get));
    assertTrue(e.getMessage().startsWith("Cannot write the login ledger " + folder + ": "), e.getMessage());
  }

  @Test
  void anExistingLedgerFileIsReplaced() throws IOException {
    ledger.end(ledger.begin(1_000, "old", "student", "password", "d"), true, "", "", 1, false);
    ledger.close();
    LoginLedger again = new LoginLedger(file, now::get);
    again.close();
    assertEquals(List.of(HEADER), lines());
  }

  @Test
  void aLedgerThatCannotBeWrittenKeepsEveryLaterRowInMemoryAndSaysWhy() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
    Path file = dir.resolve("full.csv");
    LoginLedger ledger = new LoginLedger(file, now::get, Long.MAX_VALUE, new java.io.Writer() { // the header fits; then the disk is full
      private int flushes;

      @Override
      public void write(char[] cbuf, int off, int len) {}

      @Override
      public void flush() throws IOException {
        if (flushes++ > 0) throw new IOException("No space left on device");
      }

      @Override
      public void close() {}
    });
    for (int i = 0; i < 5; i++) {
      long id = ledger.begin(1_000 + i, "student-portal", "student", "password", "d1");
      now.addAndGet(100);
      ledger.end(id, true, "", "", 3, false);
    }
    long open = ledger.begin(2_000, "student-portal", "student", "password", "d1");
    ledger.close(); // does not throw: the run's summary is still to be built

    assertNotNull(ledger.writeFailure());
    assertTrue(ledger.writeFailure().getMessage().contains("No space left"), ledger.writeFailure().getMessage());
    List<LoginRecord> kept = ledger.unwritten();
    assertEquals(6, kept.size(), "every row, the one cut short at close included, is kept");
    assertEquals(Outcome.CUT_SHORT, kept.get(5).outcome());
    assertTrue(open > 0);
  }

  @Test
  void aRetainingLedgerKeepsOnlyTheRecentLoginsAndEveryPreflightOneInMemoryButWritesThemAll() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
    Path file = dir.resolve("logins.csv");
    LoginLedger ledger = new LoginLedger(file, now::get, 10_000);
    long pre = ledger.begin(0, "student-portal", "student", "password", "d1", LoginRecord.PREFLIGHT);
    ledger.end(pre, true, "", "", 3, false);
    for (int i = 0; i < 100; i++) { // one login a second for 100 s
      now.set(i * 1_000L);
      long id = ledger.begin(now.get(), "student-portal", "student", "password", "d1");
      now.addAndGet(500);
      ledger.end(id, true, "", "", 3, false);
    }
    List<LoginRecord> inMemory = ledger.records();
    ledger.close();

    assertEquals(LoginRecord.PREFLIGHT, inMemory.get(0).phase(), "the preflight login stays");
    assertEquals(1 + 11, inMemory.size(), "the logins that ended within the last 10 s: " + inMemory);
    assertEquals(101, LedgerCsv.read(file).size(), "logins.csv holds every login");
    assertEquals(101, ledger.rows().size());
  }
}
