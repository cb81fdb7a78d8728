package io.firstbell.telemetry;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link TelemetrySource} on a background thread into {@code telemetry.csv} (one row a reading,
 * epoch ms, the same clock as the ledger) and {@code events.csv} (the target's capacity events, each once), both
 * CSV that {@link TelemetryFiles} reads back. A reading that fails is counted, logged when its cause changes, and the
 * run goes on.
 */
public final class TelemetryRecorder implements AutoCloseable {

  /** The columns of {@code telemetry.csv}; a source leaves those it does not know empty. */
  public static final List<String> COLUMNS = List.of("time_ms", "ready", "pending", "desired", "unhealthy", "slots_in_use", "slots_total",
      "utilization_now", "utilization_interval", "queue", "served", "shed", "cancelled", "datastore_in_use", "datastore_ceiling",
      "datastore_waits", "datastore_failures");

  /** The header of {@code telemetry.csv}. */
  public static final String HEADER = String.join(",", COLUMNS);

  /** The header of {@code events.csv}. */
  public static final String EVENTS_HEADER = "time,kind,from,to,detail";

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryRecorder.class);

  private final TelemetrySource source;
  private final LongSupplier clock;
  private final SequenceWriter telemetry;
  private final SequenceWriter events;
  private final ScheduledExecutorService loop;
  private final Set<TargetEvent> seenEvents = new HashSet<>();
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure = "";
  private boolean closed;

  /**
   * Starts polling {@code source} every {@code interval} into {@code folder}.
   *
   * @param clock epoch ms (the ledger's clock)
   */
  public TelemetryRecorder(TelemetrySource source, Duration interval, Path folder, LongSupplier clock) throws IOException {
    this.source = source;
    this.clock = clock;
    Files.createDirectories(folder);
    this.telemetry = TelemetryFiles.writer(folder.resolve("telemetry.csv"), COLUMNS);
    this.events = TelemetryFiles.writer(folder.resolve("events.csv"), List.of(EVENTS_HEADER.split(",")));
    telemetry.flush();
    events.flush();
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-telemetry");
      t.setDaemon(true);
      return t;
    });
    loop.scheduleAtFixedRate(this::poll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Takes one reading now and writes it. */
  void poll() {
    long now = clock.getAsLong();
    try {
      TelemetrySource.Reading r = source.read(now);
      synchronized (this) {
        if (closed) return;
        List<String> row = new ArrayList<>(COLUMNS.size());
        row.add(String.valueOf(now));
        for (String c : COLUMNS.subList(1, COLUMNS.size())) row.add(text(r.values().get(c)));
        telemetry.write(row);
        for (TargetEvent e : r.events()) {
          if (seenEvents.add(e)) {
            events.write(List.of(Instant.ofEpochMilli(e.atMs()).toString(), text(e.kind()), String.valueOf(e.from()), String.valueOf(e.to()),
                text(e.detail())));
          }
        }
        telemetry.flush();
        events.flush();
        readings.incrementAndGet();
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      synchronized (this) {
        if (closed) return; // the run ended during this reading: not a failure of the source
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (failures.get() == 0 || !why.equals(lastFailure)) LOG.warn("Telemetry from {} failed: {}; the run goes on", source.describe(), why);
        lastFailure = why;
        failures.incrementAndGet();
      }
    }
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  /** @return readings written */
  public long readings() {
    return readings.get();
  }

  /** @return readings that failed */
  public long failures() {
    return failures.get();
  }

  /** @return the last failure's cause, empty if none */
  public String lastFailure() {
    return lastFailure;
  }

  /** @return what is polled */
  public String describe() {
    return source.describe();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    loop.shutdownNow();
    try {
      telemetry.close();
      events.close();
    } catch (IOException e) {
      LOG.warn("Could not close telemetry files: {}", e.toString());
    }
  }
}
