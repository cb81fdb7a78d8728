package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.analysis.AutoscalingReaction.Reaction;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles.Instances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalingReactionTest {

  private static final SloSettings SLO = new SloSettings(0.99, Duration.ofSeconds(2));
  private static final long STEP = 100_000;

  /** One login every 100 ms from {@code from} to {@code to}, failing when scheduled in [failFrom, failTo). */
  private static List<LoginRecord> logins(long from, long to, long failFrom, long failTo) {
    List<LoginRecord> records = new ArrayList<>();
    for (long t = from; t < to; t += 100) {
      boolean fail = t >= failFrom && t < failTo;
      records.add(new LoginRecord(t, t, t + 200, "student-portal", "student", "password", "d",
          fail ? LoginRecord.Outcome.FAILED : LoginRecord.Outcome.SUCCEEDED, fail ? "Open sample app tile" : "", fail ? "http-503" : "", 3, false, 0));
    }
    return records;
  }

  @Test
  void theReactionIsMeasuredFromTheStep() {
    List<TargetEvent> events = List.of(
        new TargetEvent(STEP + 6_000, "scale-out", 2, 4, ""),
        new TargetEvent(STEP + 21_000, "instance-ready", 2, 3, ""),
        new TargetEvent(STEP + 21_000, "instance-ready", 3, 4, ""),
        new TargetEvent(STEP + 90_000 + 62_000, "scale-in", 4, 2, ""));
    // failures from the step until 23 s after it: the windows of 5 s starting at 0, 5, 10, 15, 20 s are down
    List<LoginRecord> records = logins(STEP - 30_000, STEP + 180_000, STEP, STEP + 23_000);

    // readings: 2 ready until 21 s after the step, 4 until 70 s after the drop, then 2
    List<Instances> samples = List.of(new Instances(STEP - 30_000, 2, 2), new Instances(STEP - 1_000, 2, 2), new Instances(STEP + 6_000, 2, 4),
        new Instances(STEP + 21_000, 4, 4), new Instances(STEP + 90_000 + 62_000, 4, 2), new Instances(STEP + 90_000 + 70_000, 2, 2));

    Reaction r = AutoscalingReaction.of(STEP, STEP + 90_000, events, samples, records, SLO, 5_000, 3, STEP + 180_000);

    // over-provisioned after the drop: 2 instances beyond the 2 before the step, for 70 s
    assertEquals(new Reaction(STEP, 6.0, 21.0, 25.0, 230, 5, 4, 2, 4, 140.0, 70.0, 62.0), r);
  }

  @Test
  void aTargetThatNeverScalesAndNeverRecoversSaysSo() {
    List<LoginRecord> records = logins(STEP, STEP + 30_000, STEP, STEP + 30_000);

    Reaction r = AutoscalingReaction.of(STEP, -1, List.of(), List.of(), records, SLO, 5_000, 3, STEP + 30_000);

    assertEquals(new Reaction(STEP, null, null, null, 300, 6, null, null, null, null, null, null), r);
  }

  @Test
  void recoveryNeedsKConsecutiveGoodWindows() {
    // down 0-5 s, up 5-10 s, down 10-15 s, then up: with k = 2 the recovery starts at 15 s
    List<LoginRecord> records = new ArrayList<>(logins(STEP, STEP + 60_000, STEP, STEP + 5_000));
    records.replaceAll(r -> r.scheduledStartMs() >= STEP + 10_000 && r.scheduledStartMs() < STEP + 15_000
        ? new LoginRecord(r.scheduledStartMs(), r.startMs(), r.endMs(), r.journey(), r.persona(), r.method(), r.district(),
            LoginRecord.Outcome.FAILED, "Submit credentials", "http-503", 3, false, 0)
        : r);

    Reaction r = AutoscalingReaction.of(STEP, -1, List.of(), List.of(), records, SLO, 5_000, 2, STEP + 60_000);

    assertEquals(15.0, r.recoverySeconds());
    assertEquals(2, r.downWindows());
    assertEquals(100, r.failedLogins());
  }

  @Test
  void overProvisioningCountsInstanceSecondsBeyondTheFleetBeforeTheStepUntilTheEnd() {
    // 2 before; 5 ready at the drop; 3 from 10 s after it; never back to 2 before the end 30 s after the drop
    List<Instances> samples = List.of(new Instances(STEP - 500, 2, 2), new Instances(STEP + 40_000, 5, 5), new Instances(STEP + 60_000 + 10_000, 3, 3));

    Reaction r = AutoscalingReaction.of(STEP, STEP + 60_000, List.of(), samples, List.of(), SLO, 5_000, 1, STEP + 90_000);

    assertEquals(2, r.instancesBefore());
    assertEquals(5, r.peakReady());
    assertEquals(3 * 10.0 + 1 * 20.0, r.overProvisionedInstanceSeconds());
    assertEquals(null, r.backToBaselineSeconds());
  }

  @Test
  void withoutTelemetryOnlyTheLedgerSpeaks() {
    List<LoginRecord> records = logins(STEP, STEP + 30_000, STEP, STEP + 10_000);

    Reaction r = AutoscalingReaction.of(STEP, STEP + 30_000, List.of(), List.of(), records, SLO, 5_000, 2, STEP + 30_000);

    assertEquals(new Reaction(STEP, null, null, 10.0, 100, 2, null, null, null, null, null, null), r);
  }
}
