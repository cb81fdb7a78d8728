package io.firstbell.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Every login attempt of a run, recorded exactly once: written to {@code logins.csv} ({@link LedgerCsv}) by a writer
 * thread (off the generator's hot path). In memory it keeps only what live analysis needs, so a run of any length stays in
 * bounded memory: the attempts that ended within the last {@code retainMs} (a search's step, a drain), every preflight
 * attempt, and the attempts still open. Attempts still open when the ledger closes are recorded as cut short, not lost.
 *
 * <p>When {@code logins.csv} cannot be written (a full disk), nothing already measured is lost: the rows written so far stay
 * in the file, every later row stays in memory ({@link #unwritten()}), and {@link #writeFailure()} says what failed, so the
 * run can stop and its summary still be built ({@link #rows()}).
 */
public final class LoginLedger implements AutoCloseable {

  /** An attempt that has begun and not yet ended. */
  public record Open(long id, long scheduledStartMs, long startMs, String journey, String persona, String method, String district, String phase) {}

  /**
   * Hears every attempt as it begins and as it is recorded (e.g. live metrics). Called on the thread that begins or ends the
   * attempt, outside the ledger's lock, so it must be quick; what it throws is caught and counted ({@link #listenerFailures()}),
   * never passed to the caller. Every attempt is heard begun once and ended at most once (exactly once by the time the ledger
   * has closed); set it before the first attempt begins, so that it hears them all.
   */
  public interface Listener {
    /** @param login the attempt just opened */
    void begun(Open login);

    /** @param record the attempt just recorded: ended by its journey, or cut short when the ledger closed */
    void ended(LoginRecord record);
  }

  private static final Listener NO_LISTENER = new Listener() {
    @Override
    public void begun(Open login) {}

    @Override
    public void ended(LoginRecord record) {}
  };

  private static final LoginRecord POISON = new LoginRecord(0, 0, 0, "", "", "", "", LoginRecord.Outcome.CUT_SHORT, "", "", 0, false);

  private final Path file;
  private final LongSupplier clock;
  private final BlockingQueue<LoginRecord> queue = new LinkedBlockingQueue<>();
  private final Map<Long, Open> open = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final LongAdder recorded = new LongAdder();
  private final java.util.concurrent.ConcurrentLinkedQueue<LoginRecord> kept = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<LoginRecord> preflight = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<LoginRecord> unwritten = java.util.Collections.synchronizedList(new ArrayList<>());
  private final long retainMs;
  private volatile long written;
  private final Object snapshotLock = new Object();
  private final FailureSamples samples = new FailureSamples(FailureSamples.PER_STEP_AND_KIND);
  private final Thread writer;
  private volatile IOException writeFailure;
  private volatile boolean closed;
  private volatile Listener listener = NO_LISTENER;
  private final LongAdder listenerFailures = new LongAdder();

  /**
   * Opens a ledger writing to {@code file} that keeps every attempt in memory too (for tests and short runs).
   *
   * @param clock epoch milliseconds (injectable for tests)
   */
  public LoginLedger(Path file, LongSupplier clock) {
    this(file, clock, Long.MAX_VALUE);
  }

  /**
   * Opens a ledger writing to {@code file}.
   *
   * @param clock epoch milliseconds (injectable for tests)
   * @param retainMs how long after its end an attempt stays in memory for live analysis
   */
  public LoginLedger(Path file, LongSupplier clock, long retainMs) {
    this(file, clock, retainMs, open(file));
  }

  private static java.io.Writer open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the login ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /** A ledger whose rows for {@code file} go to {@code out} (a writer that fails, in tests). */
  LoginLedger(Path file, LongSupplier clock, long retainMs, java.io.Writer sink) {
    this.file = file;
    this.clock = clock;
    this.retainMs = retainMs;
    try {
      LedgerCsv.Rows out = new LedgerCsv.Rows(sink);
      out.flush();
      this.writer = new Thread(() -> drain(out), "firstbell-ledger-writer");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the login ledger " + file + ": " + e.getMessage(), e);
    }
    writer.setDaemon(true);
    writer.start();
  }

  /** @return the time by the ledger's clock (epoch ms): the run's one clock, which the journeys read too */
  public long now() {
    return clock.getAsLong();
  }

  /**
   * Begins an attempt.
   *
   * @param scheduledStartMs when the load shape scheduled it; pass the actual start when unknown
   * @return the attempt's id, for {@link #end}
   */
  public long begin(long scheduledStartMs, String journey, String persona, String method, String district) {
    return begin(scheduledStartMs, journey, persona, method, district, LoginRecord.LOAD);
  }

  /**
   * Begins an attempt of a phase ({@link LoginRecord#LOAD}, {@link LoginRecord#WARM_UP}, {@link LoginRecord#PREFLIGHT}).
   *
   * @return the attempt's id, for {@link #end}
   */
  public long begin(long scheduledStartMs, String journey, String persona, String method, String district, String phase) {
    long id = ids.incrementAndGet();
    if (closed) return id; // the run is over: nothing more is recorded
    Open begun;
    synchronized (snapshotLock) { // stamped and opened in one step, as a snapshot sees it
      if (closed) return id; // closed while this one waited: close() has recorded every open attempt already
      begun = new Open(id, scheduledStartMs, clock.getAsLong(), journey, persona, method, district, phase);
      open.put(id, begun);
    }
    heard(begun, null);
    return id;
  }

  /**
   * Ends an attempt; a second end of the same attempt is ignored (exactly once).
   *
   * @param failedStep empty on success
   * @param failureKind empty on success
   */
  public void end(long id, boolean succeeded, String failedStep, String failureKind, int requests, boolean mistyped) {
    end(id, succeeded, failedStep, failureKind, requests, mistyped, 0);
  }

  /**
   * Ends an attempt that paused {@code thinkMs} between its steps; a second end is ignored, and so is
   * an end after {@link #close()}.
   */
  public void end(long id, boolean succeeded, String failedStep, String failureKind, int requests, boolean mistyped, long thinkMs) {
    end(id, succeeded ? LoginRecord.Outcome.SUCCEEDED : LoginRecord.Outcome.FAILED, failedStep, failureKind, requests, mistyped, thinkMs);
  }

  /**
   * Ends an attempt with its outcome ({@link LoginRecord.Outcome#CUT_SHORT} for a login the run abandoned); a second end
   * is ignored, and so is an end after {@link #close()}.
   */
  public void end(long id, LoginRecord.Outcome outcome, String failedStep, String failureKind, int requests, boolean mistyped, long thinkMs) {
    if (closed) return;
    LoginRecord ended;
    synchronized (snapshotLock) { // stamped and moved from open to recorded in one step, as a snapshot sees it
      long now = clock.getAsLong();
      Open o = open.remove(id);
      if (o == null) return;
      boolean ok = outcome == LoginRecord.Outcome.SUCCEEDED;
      ended = new LoginRecord(o.scheduledStartMs(), o.startMs(), now, o.journey(), o.persona(), o.method(), o.district(),
          outcome, ok ? "" : failedStep, ok ? "" : failureKind, requests, mistyped, thinkMs, o.phase());
      record(ended);
    }
    heard(null, ended);
  }

  /** Sets who hears every attempt begin and end from now on ({@link Listener}); null: nobody. */
  public void listen(Listener l) {
    listener = l == null ? NO_LISTENER : l;
  }

  /** @return how many times the {@link Listener} threw (each caught, the attempt recorded all the same) */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /** Tells the listener, which must never fail the ledger. */
  private void heard(Open begun, LoginRecord ended) {
    try {
      if (begun != null) listener.begun(begun); else listener.ended(ended);
    } catch (RuntimeException e) {
      listenerFailures.increment();
    }
  }

  /**
   * The attempts recorded and those still open, taken together at {@code atMs} by the ledger's clock: no attempt is in both,
   * none in neither. Every attempt stamped before {@code atMs} is in it; one stamped at {@code atMs} itself may or may not be,
   * which is why an analysis of a moment counts what happened strictly before it ({@link io.firstbell.analysis.StepVerdict#at}).
   */
  public record Snapshot(List<LoginRecord> records, List<Open> open, long atMs) {}

  /** @return the ledger as it is now, for live analysis (the breaking-point search) */
  public Snapshot snapshot() {
    synchronized (snapshotLock) {
      return new Snapshot(List.copyOf(kept), List.copyOf(open.values()), clock.getAsLong());
    }
  }

  /** @return a few failed responses for each (step, kind), kept for the run folder */
  public FailureSamples failureSamples() {
    return samples;
  }

  /** @return attempts begun and not yet ended */
  public int openAttempts() {
    return open.size();
  }

  /** @return attempts recorded so far */
  public long recorded() {
    return recorded.sum();
  }

  public Path file() {
    return file;
  }

  /**
   * Records every open attempt as cut short, flushes and closes {@code logins.csv}. A write failure does not throw here:
   * see {@link #writeFailure()}.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    List<LoginRecord> cutShort = new ArrayList<>();
    synchronized (snapshotLock) {
      closed = true;
      long now = clock.getAsLong();
      for (Long id : new ArrayList<>(open.keySet())) {
        Open o = open.remove(id);
        if (o != null) {
          LoginRecord r = new LoginRecord(o.scheduledStartMs(), o.startMs(), now, o.journey(), o.persona(), o.method(),
              o.district(), LoginRecord.Outcome.CUT_SHORT, "", "cut-short", 0, false, 0, o.phase());
          record(r);
          cutShort.add(r);
        }
      }
    }
    for (LoginRecord r : cutShort) heard(null, r); // outside the lock, as every end is
    queue.add(POISON);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writeFailure != null) { // a writer that stopped early left rows in the queue: they are kept too
      for (LoginRecord r; (r = queue.poll()) != null; ) if (r != POISON) unwritten.add(r);
    }
  }

  /** @return why {@code logins.csv} could not be written, or null while it is written */
  public IOException writeFailure() {
    return writeFailure;
  }

  /** @return the attempts recorded after {@code logins.csv} could no longer be written, in order (none while it is written) */
  public List<LoginRecord> unwritten() {
    synchronized (unwritten) {
      return List.copyOf(unwritten);
    }
  }

  /**
   * @return every attempt of the closed ledger, in the order recorded: the rows {@code logins.csv} holds, then those that
   *     could not be written to it
   */
  public List<LoginRecord> rows() throws IOException {
    List<LoginRecord> all = new ArrayList<>(LedgerCsv.read(file, written)); // what follows them in the file may be cut or repeated
    all.addAll(unwritten());
    return all;
  }

  /**
   * @return the attempts kept in memory for live analysis: every preflight attempt, and the others that ended within the
   *     retention (all of them for a ledger that retains everything)
   */
  public List<LoginRecord> records() {
    List<LoginRecord> all = new ArrayList<>(preflight);
    all.addAll(kept);
    return all;
  }

  /** @return the attempts begun and not ended */
  public List<Open> open() {
    return List.copyOf(open.values());
  }

  private void record(LoginRecord r) {
    if (LoginRecord.PREFLIGHT.equals(r.phase())) preflight.add(r); else kept.add(r);
    recorded.increment();
    queue.add(r);
    if (retainMs != Long.MAX_VALUE) { // rows are recorded roughly in the order they end: the oldest are at the head
      long before = r.endMs() - retainMs;
      for (LoginRecord head = kept.peek(); head != null && head.endMs() < before; head = kept.peek()) kept.poll();
    }
  }

  /**
   * Writes the queued rows in batches, each flushed before it counts as {@link #written}. Once a write fails, the failing
   * batch and every later row go to {@link #unwritten} instead, so the queue never grows without bound.
   */
  private void drain(LedgerCsv.Rows out) {
    List<LoginRecord> batch = new ArrayList<>();
    try {
      while (true) {
        batch.clear();
        batch.add(queue.take());
        queue.drainTo(batch);
        boolean last = batch.removeIf(r -> r == POISON); // by identity: a record's equals compares every field of every row
        if (writeFailure == null) {
          try {
            for (LoginRecord r : batch) out.write(r);
            out.flush();
            written += batch.size();
          } catch (IOException e) {
            writeFailure = e;
            System.err.println("FirstBell: the login ledger " + file + " could not be written (" + e.getMessage() + "); later logins are kept in memory");
          }
        }
        if (writeFailure != null) unwritten.addAll(batch);
        if (last) break;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) { // a row the writer cannot turn into CSV: the rows from here on are kept, not lost
      if (writeFailure == null) writeFailure = new IOException("the writer failed: " + e, e);
      unwritten.addAll(batch);
      for (LoginRecord r; (r = queue.poll()) != null; ) if (r != POISON) unwritten.add(r);
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        if (writeFailure == null) writeFailure = e;
      }
    }
  }
}
