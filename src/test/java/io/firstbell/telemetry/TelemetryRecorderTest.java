package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder polls a source into telemetry.csv and events.csv: one row per reading that succeeded, empty
 * cells for the columns the source does not know, each event once, and failures counted while it goes on.
 * The interval is an hour, so only the first scheduled poll runs by itself; the test takes the others.
 */
class TelemetryRecorderTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final TargetEvent SCALE_OUT = new TargetEvent(T0 + 500, "scale-out", 2, 3, "utilization 75% above target 60%, for 2 evaluation(s)");
  private static final TargetEvent READY = new TargetEvent(T0 + 15_500, "instance-ready", 2, 3, "i-3 is ready");

  @TempDir Path dir;

  private TelemetryRecorder recorder;

  @AfterEach
  void close() {
    if (recorder != null) recorder.close();
  }

  /** Plays its script, one step a reading: a Reading to return or an Exception to throw. */
  private static final class Scripted implements TelemetrySource {
    private final List<Object> script;
    final List<Long> times = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    Scripted(Object... steps) {
      this.script = List.of(steps);
    }

    @Override
    public Reading read(long nowMs) throws Exception {
      synchronized (times) {
        times.add(nowMs);
      }
      Object step = script.get(calls.getAndIncrement());
      if (step instanceof Exception e) throw e;
      return (Reading) step;
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  private static TelemetrySource.Reading reading(Map<String, Object> values, TargetEvent... events) {
    return new TelemetrySource.Reading(values, List.of(events));
  }

  private static Map<String, Object> values(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < keyValues.length; k += 2) m.put((String) keyValues[k], keyValues[k + 1]);
    return m;
  }

  /** A clock that moves one second at each reading. */
  private static java.util.function.LongSupplier ticking() {
    AtomicLong next = new AtomicLong(T0);
    return () -> next.getAndAdd(1000);
  }

  /**
   * Waits for the first, automatic poll to finish: a reading is counted last (after its rows are flushed), a failure
   * once its cause is on record (the count goes up just before).
   */
  private void awaitFirstPoll(Scripted source) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (source.calls.get() < 1 || (recorder.readings() < 1 && recorder.lastFailure().isEmpty())) {
      assertTrue(System.nanoTime() < deadline, "the recorder did not poll at start");
      Thread.sleep(5);
    }
  }

  private List<String> lines(String file) throws IOException {
    return Files.readAllLines(dir.resolve("run").resolve(file));
  }

  @Test
  void failedReadingsAreCountedAndTheRecorderGoesOnWritingEachReadingAndEachEventOnce() throws Exception {
    Scripted source = new Scripted(
        reading(values("ready", 2, "desired", 2, "queue", 0, "not-a-column", 99)),
        reading(values("ready", 2, "desired", 3, "utilization_interval", 0.75), SCALE_OUT),
        new IOException("connection refused"),
        new IllegalStateException(),
        new IOException("connection refused"),
        reading(values("desired", 3, "ready", 3, "served", 1234L), SCALE_OUT, READY),
        reading(values(), READY, SCALE_OUT));
    recorder = new TelemetryRecorder(source, Duration.ofHours(1), dir.resolve("run"), ticking());
    awaitFirstPoll(source);
    assertEquals(1, recorder.readings());
    assertEquals(0, recorder.failures());
    assertEquals("", recorder.lastFailure());

    recorder.poll();
    assertEquals(2, recorder.readings());

    recorder.poll();
    assertEquals(List.of(2L, 1L, "connection refused"), List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()));
    recorder.poll();
    assertEquals(List.of(2L, 2L, "java.lang.IllegalStateException"), List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()),
        "a failure without a message is described by its type");
    recorder.poll();
    assertEquals(List.of(2L, 3L, "connection refused"), List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()));

    recorder.poll();
    recorder.poll();
    assertEquals(List.of(4L, 3L, "connection refused"), List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()),
        "the last failure stays on record after the source recovers");
    assertEquals(List.of(T0, T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000, T0 + 5000, T0 + 6000), source.times,
        "each reading is asked for at the clock's time");

    assertEquals(List.of(
        TelemetryRecorder.HEADER,
        T0 + ",2,,2,,,,,,0,,,,,,,",
        (T0 + 1000) + ",2,,3,,,,,0.75,,,,,,,,",
        (T0 + 5000) + ",3,,3,,,,,,,1234,,,,,,",
        (T0 + 6000) + ",,,,,,,,,,,,,,,,"), lines("telemetry.csv"));
    for (String row : lines("telemetry.csv")) assertEquals(17, row.split(",", -1).length, row);
    assertEquals(List.of(
        TelemetryRecorder.EVENTS_HEADER,
        Instant.ofEpochMilli(T0 + 500) + ",scale-out,2,3,\"utilization 75% above target 60%, for 2 evaluation(s)\"",
        "2027-01-15T08:00:15.500Z,instance-ready,2,3,i-3 is ready"), lines("events.csv"));
    assertEquals(List.of(SCALE_OUT, READY), TelemetryFiles.events(dir.resolve("run")), "each event reads back as it was, its comma kept");
  }

  @Test
  void valuesAndEventsWithCommasQuotesAndLineBreaksAreQuotedAndReadBackExactly() throws Exception {
    String odd = "a,b \"c\"\r\nd";
    TargetEvent event = new TargetEvent(T0 + 250, "scale,out", 2, 3, odd);
    Scripted source = new Scripted(reading(values("ready", 2, "desired", "3,5", "queue", odd), event));
    recorder = new TelemetryRecorder(source, Duration.ofHours(1), dir.resolve("run"), ticking());
    awaitFirstPoll(source);
    recorder.close();

    Path run = dir.resolve("run");
    assertEquals(TelemetryRecorder.HEADER + "\n" + T0 + ",2,,\"3,5\",,,,,,\"a,b \"\"c\"\"\r\nd\",,,,,,,\n", Files.readString(run.resolve("telemetry.csv")));
    assertEquals(TelemetryRecorder.EVENTS_HEADER + "\n" + Instant.ofEpochMilli(T0 + 250) + ",\"scale,out\",2,3,\"a,b \"\"c\"\"\r\nd\"\n",
        Files.readString(run.resolve("events.csv")));
    assertEquals(List.of(event), TelemetryFiles.events(run));
    Map<String, String> row = TelemetryFiles.rows(run.resolve("telemetry.csv")).get(0);
    assertEquals(List.of(String.valueOf(T0), "2", "", "3,5", odd), List.of(row.get("time_ms"), row.get("ready"), row.get("pending"), row.get("desired"),
        row.get("queue")));
    assertEquals(17, row.size());
  }

  @Test
  void theHeadersAreWrittenAtOnceAndAFirstFailureLeavesOnlyThem() throws Exception {
    Scripted source = new Scripted(new IOException("HTTP 503 from http://127.0.0.1:1/admin/capacity"));
    recorder = new TelemetryRecorder(source, Duration.ofHours(1), dir.resolve("run"), ticking());
    awaitFirstPoll(source);
    assertEquals(List.of(0L, 1L, "HTTP 503 from http://127.0.0.1:1/admin/capacity"),
        List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()));
    assertEquals(List.of(TelemetryRecorder.HEADER), lines("telemetry.csv"));
    assertEquals(List.of("time,kind,from,to,detail"), lines("events.csv"));
    assertEquals("time_ms,ready,pending,desired,unhealthy,slots_in_use,slots_total,utilization_now,utilization_interval,queue,served,shed,"
        + "cancelled,datastore_in_use,datastore_ceiling,datastore_waits,datastore_failures", TelemetryRecorder.HEADER);
    assertEquals("scripted", recorder.describe());
  }

  @Test
  void anInterruptedReadingIsAFailureAndKeepsTheInterrupt() throws Exception {
    Scripted source = new Scripted(reading(values("ready", 1)), new InterruptedException("stopping"));
    recorder = new TelemetryRecorder(source, Duration.ofHours(1), dir.resolve("run"), ticking());
    awaitFirstPoll(source);
    recorder.poll();
    assertTrue(Thread.interrupted(), "the interrupt is restored for the polling thread");
    assertEquals(List.of(1L, 1L, "stopping"), List.of(recorder.readings(), recorder.failures(), recorder.lastFailure()));
  }

  @Test
  void aReadingThatCompletesAfterCloseWritesNothing() throws Exception {
    Scripted source = new Scripted(reading(values("ready", 1)), reading(values("ready", 2), SCALE_OUT));
    recorder = new TelemetryRecorder(source, Duration.ofHours(1), dir.resolve("run"), ticking());
    awaitFirstPoll(source);
    recorder.close();
    recorder.close();
    recorder.poll();
    assertEquals(2, source.calls.get());
    assertEquals(List.of(1L, 0L), List.of(recorder.readings(), recorder.failures()));
    assertEquals(List.of(TelemetryRecorder.HEADER, T0 + ",1,,,,,,,,,,,,,,,"), lines("telemetry.csv"));
    assertEquals(List.of(TelemetryRecorder.EVENTS_HEADER), lines("events.csv"));
  }

  @Test
  void aShortIntervalKeepsPollingThroughFailures() throws Exception {
    AtomicInteger n = new AtomicInteger();
    TelemetrySource flaky = new TelemetrySource() {
      @Override
      public Reading read(long nowMs) throws Exception {
        int k = n.getAndIncrement();
        if (k % 2 == 1) throw new IOException("odd reading " + k);
        return new Reading(Map.of("ready", k), List.of());
      }

      @Override
      public String describe() {
        return "flaky";
      }
    };
    recorder = new TelemetryRecorder(flaky, Duration.ofMillis(20), dir.resolve("run"), ticking());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (recorder.readings() < 5) {
      assertTrue(System.nanoTime() < deadline, "only " + recorder.readings() + " readings and " + recorder.failures() + " failures in 10 s");
      Thread.sleep(10);
    }
    recorder.close();
    long readings = recorder.readings();
    long failures = recorder.failures();
    assertTrue(failures >= readings - 1 && failures <= readings, readings + " readings, " + failures + " failures: they alternate");
    List<String> rows = lines("telemetry.csv");
    assertEquals(readings + 1, rows.size(), "one row per reading that succeeded");
    for (int k = 1; k < rows.size(); k++) {
      assertEquals(String.valueOf(2 * (k - 1)), rows.get(k).split(",", -1)[1], "the even readings, in order");
    }
  }
}
