package io.firstbell.analysis;

import io.firstbell.ledger.LoginRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Failed logins by the step that failed and the kind of failure, most frequent first (ties in the order first seen). */
public final class Failures {

  /** How many logins failed at {@code step} with {@code kind}. */
  public record Count(String step, String kind, long count) {}

  private Failures() {}

  /** @return the failed logins of {@code records} (cut short is not the target's failure) by step and kind */
  public static List<Count> byStepAndKind(Iterable<LoginRecord> records) {
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    for (LoginRecord r : records) {
      if (r.outcome() == LoginRecord.Outcome.FAILED) counts.computeIfAbsent(List.of(r.failedStep(), r.failureKind()), k -> new long[1])[0]++;
    }
    List<Count> all = new ArrayList<>();
    counts.forEach((k, n) -> all.add(new Count(k.get(0), k.get(1), n[0])));
    all.sort((a, b) -> Long.compare(b.count(), a.count())); // stable: ties keep their first-seen order
    return all;
  }
}
