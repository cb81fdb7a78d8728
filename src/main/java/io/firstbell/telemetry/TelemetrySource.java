package io.firstbell.telemetry;

import java.util.List;
import java.util.Map;

/** One place the target's instances are read from; polled once a second by {@link TelemetryRecorder}. */
public interface TelemetrySource {

  /**
   * One reading of the target.
   *
   * @param values telemetry.csv's columns that this source knows (see {@link TelemetryRecorder#HEADER}); the others stay empty
   * @param events the target's capacity events this reading reveals (may repeat earlier ones; the recorder keeps each once)
   */
  record Reading(Map<String, Object> values, List<TargetEvent> events) {}

  /**
   * Reads the target now.
   *
   * @param nowMs the time of this reading (epoch ms)
   * @throws Exception when the reading failed; the recorder counts it and goes on
   */
  Reading read(long nowMs) throws Exception;

  /** @return what this source reads, for messages */
  String describe();
}
