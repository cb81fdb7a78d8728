package io.firstbell.simulations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.AutoscalingReaction;
import io.firstbell.config.Checks;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.LoadPlan;
import io.gatling.javaapi.core.Assertion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast does autoscaling react? A baseline of student logins, a sudden step (baseline x multiplier),
 * a hold, then back to the baseline to watch scale-in. From the target's events and the ledger: time
 * to the scale-out decision, until the new capacity is ready, until the SLO has recovered, and what the
 * surge cost. {@code firstbell.load.autoscaling}.
 */
public class AutoscalingSimulation extends FirstBellSimulation {

  // parameters
  private final Checks load = new Checks(config, "firstbell.load.autoscaling");
  private final double baseline = load.positive("baseline");
  private final double multiplier = load.positive("multiplier");
  private final Duration warmUp = load.positiveDuration("warm-up");
  private final Duration hold = load.positiveDuration("hold");
  private final Duration after = load.positiveDuration("after");
  private final LoadPlan plan = new LoadPlan(List.of(new LoadPlan.Segment(baseline, warmUp),
      new LoadPlan.Segment(baseline * multiplier, hold), new LoadPlan.Segment(baseline, after)));

  // scenarios and setUp (journeys, protocol: FirstBellSimulation)
  {
    run(loginMix("Students log in before, during and after a surge", List.of("student")), plan);
  }

  /** The surge breaks the SLO on purpose: the run is judged by its reaction times, not by its assertions. */
  @Override
  protected List<Assertion> sloAssertions() {
    return List.of();
  }

  @Override
  protected String describeLoad() {
    return String.format(Locale.ROOT, "students at %.1f logins/s for %d s, then a step to %.1f logins/s for %d s, then %.1f logins/s for %d s",
        baseline, warmUp.toSeconds(), baseline * multiplier, hold.toSeconds(), baseline, after.toSeconds());
  }

  @Override
  protected void addToSummary(ObjectNode summary) {
    long stepAt = injectionStart() + warmUp.toMillis();
    long dropAt = stepAt + hold.toMillis();
    List<AutoscalingReaction.Event> events = events(recorder.folder().resolve("events.csv"));
    List<LoginRecord> records = ledger.records();
    AutoscalingReaction.Reaction r = AutoscalingReaction.of(stepAt, dropAt, events, records, slo(),
        load.positiveDuration("window").toMillis(), load.between("recovery-windows", 1, 100), Instant.parse(summary.path("endedAt").asText()).toEpochMilli());
    ObjectNode step = summary.putArray("autoscaling").addObject();
    step.put("stepAt", Instant.ofEpochMilli(r.stepAtMs()).toString());
    put(step, "scaleOutDecisionSeconds", r.scaleOutDecisionSeconds());
    put(step, "capacityReadySeconds", r.capacityReadySeconds());
    put(step, "recoverySeconds", r.recoverySeconds());
    step.put("failedLogins", r.failedLogins());
    step.put("downWindows", r.downWindows());
    if (r.peakDesired() == null) step.putNull("peakDesired"); else step.put("peakDesired", r.peakDesired());
    put(step, "scaleInSeconds", r.scaleInSeconds());
    String line = String.format(Locale.ROOT, "Autoscaling: scale-out decided %s after the surge, capacity ready after %s, SLO recovered after %s; "
            + "%d logins failed and %d windows were down meanwhile; scaled in %s after the drop.",
        secs(r.scaleOutDecisionSeconds()), secs(r.capacityReadySeconds()), secs(r.recoverySeconds()), r.failedLogins(), r.downWindows(),
        secs(r.scaleInSeconds()));
    summary.put("verdict", line + " " + summary.path("verdict").asText());
  }

  private static List<AutoscalingReaction.Event> events(Path file) {
    List<AutoscalingReaction.Event> events = new ArrayList<>();
    if (!Files.isRegularFile(file)) return events;
    try {
      for (String l : Files.readAllLines(file)) {
        String[] f = l.split(",", -1);
        if (f.length < 4 || f[0].equals("time")) continue;
        events.add(new AutoscalingReaction.Event(Instant.parse(f[0]).toEpochMilli(), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  private static void put(ObjectNode node, String field, Double v) {
    if (v == null) node.putNull(field); else node.put(field, Math.round(v * 10) / 10.0);
  }

  private static String secs(Double v) {
    return v == null ? "never" : String.format(Locale.ROOT, "%.1f s", v);
  }
}
