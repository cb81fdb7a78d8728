package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LoginRecord.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's listener (live metrics): hears every attempt begin and end exactly once, and can never fail the ledger. */
class LedgerListenerTest {

  @TempDir
  Path dir;

  final AtomicLong now = new AtomicLong(1_000);
  LoginLedger ledger;
  final List<LoginLedger.Open> begun = new CopyOnWriteArrayList<>();
  final List<LoginRecord> ended = new CopyOnWriteArrayList<>();

  final LoginLedger.Listener recording = new LoginLedger.Listener() {
    @Override
    public void begun(LoginLedger.Open login) {
      begun.add(login);
    }

    @Override
    public void ended(LoginRecord record) {
      ended.add(record);
    }
  };

  @BeforeEach
  void open() {
    ledger = new LoginLedger(dir.resolve("logins.csv"), now::get);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void hearsEachAttemptBegunAndEndedOnceAsTheLedgerRecordsIt() throws Exception {
    ledger.listen(recording);
    long a = ledger.begin(900, "student-portal", "student", "password", "d1", LoginRecord.WARM_UP);
    now.set(1_500);
    ledger.end(a, false, "Submit credentials", "http-500", 2, true, 100);
    ledger.end(a, true, "", "", 5, false, 0); // a second end is ignored, and not heard
    assertEquals(List.of(new LoginLedger.Open(a, 900, 1_000, "student-portal", "student", "password", "d1", LoginRecord.WARM_UP)), begun);
    assertEquals(ledger.records(), ended);
    assertEquals(Outcome.FAILED, ended.get(0).outcome());
    assertEquals("Submit credentials", ended.get(0).failedStep());
  }

  @Test
  void hearsTheAttemptsCutShortWhenTheLedgerCloses() throws Exception {
    ledger.listen(recording);
    ledger.begin(1_000, "teacher-portal", "teacher", "password", "d1");
    now.set(4_000);
    ledger.close();
    assertEquals(1, ended.size());
    assertEquals(Outcome.CUT_SHORT, ended.get(0).outcome());
    assertEquals(ledger.rows(), ended);
    ledger.begin(5_000, "teacher-portal", "teacher", "password", "d1"); // after close: neither recorded nor heard
    assertEquals(1, begun.size());
  }

  @Test
  void aListenerThatThrowsIsCountedAndTheAttemptIsRecordedAllTheSame() throws Exception {
    ledger.listen(new LoginLedger.Listener() {
      @Override
      public void begun(LoginLedger.Open login) {
        throw new IllegalStateException("broken");
      }

      @Override
      public void ended(LoginRecord record) {
        throw new IllegalStateException("broken");
      }
    });
    long id = ledger.begin(1_000, "student-portal", "student", "password", "d1");
    ledger.end(id, true, "", "", 5, false);
    assertEquals(2, ledger.listenerFailures());
    assertEquals(1, ledger.recorded());
    assertEquals(0, ledger.openAttempts());
  }

  @Test
  void theListenerIsCalledOutsideTheLedgersLock() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      List<Integer> seenOpen = new CopyOnWriteArrayList<>();
      ledger.listen(new LoginLedger.Listener() { // a snapshot on another thread would wait forever for a lock held here
        @Override
        public void begun(LoginLedger.Open login) {
          seenOpen.add(await(other, () -> ledger.snapshot().open().size()));
        }

        @Override
        public void ended(LoginRecord record) {
          seenOpen.add(await(other, () -> ledger.snapshot().open().size()));
        }
      });
      long id = ledger.begin(1_000, "student-portal", "student", "password", "d1");
      ledger.end(id, true, "", "", 5, false);
      assertEquals(List.of(1, 0), seenOpen);
      assertEquals(0, ledger.listenerFailures());
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void withoutAListenerOrAfterListeningToNullNothingIsHeard() {
    long id = ledger.begin(1_000, "student-portal", "student", "password", "d1");
    ledger.listen(recording);
    ledger.listen(null);
    ledger.end(id, true, "", "", 5, false);
    assertTrue(begun.isEmpty() && ended.isEmpty());
    assertEquals(0, ledger.listenerFailures());
  }

  static <T> T await(ExecutorService on, java.util.concurrent.Callable<T> task) {
    try {
      return on.submit(task).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the ledger's lock is held while its listener runs", e);
    }
  }
}
