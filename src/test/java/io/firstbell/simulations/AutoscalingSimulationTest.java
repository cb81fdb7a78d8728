package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.results.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sudden step against a small stack with the sensitive autoscaler: 2 instances x 1 slot / 200 ms = 10
 * logins/s, a baseline of 3 logins/s stepping to 12. Modelled: the scale-out decision 1 s x 2 breaches = 2 s
 * after the step, capacity ready 5 s later (7 s). The run is short, so the tolerance is ±3 s, wider than the
 * benchmarks' ±2 s.
 */
class AutoscalingSimulationTest {

  @TempDir Path results;

  @Test
  void theMeasuredReactionIsNearTheModelledOneAndTheSloRecovers() throws Exception {
    Map<String, String> properties = Map.ofEntries(
            Map.entry("firstbell.roster.users", "3000"), Map.entry("firstbell.roster.districts", "6"),
            Map.entry("firstbell.stack.preset", "sensitive"),
            Map.entry("firstbell.stack.capacity.instances.slots", "1"),
            Map.entry("firstbell.population.think-time.distribution", "none"),
            Map.entry("firstbell.population.mistype-share", "0"),
            Map.entry("firstbell.load.autoscaling.baseline", "3"),
            Map.entry("firstbell.load.autoscaling.multiplier", "4"),
            Map.entry("firstbell.load.autoscaling.warm-up", "8s"),
            Map.entry("firstbell.load.autoscaling.hold", "30s"),
            Map.entry("firstbell.load.autoscaling.after", "6s"),
            Map.entry("firstbell.load.autoscaling.window", "2s"),
            Map.entry("firstbell.load.autoscaling.recovery-windows", "2"),
            Map.entry("firstbell.uptime.window", "2s"),
            Map.entry("firstbell.warm-up.duration", "5s"),
            Map.entry("firstbell.results.directory", results.toString()));
    GatlingFork.Result run = GatlingFork.run(AutoscalingSimulation.class, properties,
        results, Duration.ofMinutes(4));

    Summary summary = Regeneration.assertReproduced(results.resolve("latest"), properties);
    assertEquals(1, summary.autoscaling().size(), run.output());
    Summary.Surge surge = summary.autoscaling().get(0);
    double decision = surge.scaleOutDecisionSeconds() == null ? -1 : surge.scaleOutDecisionSeconds();
    double ready = surge.capacityReadySeconds() == null ? -1 : surge.capacityReadySeconds();
    assertTrue(decision >= 0 && decision <= 5, "scale-out decision " + decision + " s is not within 3 s of the modelled 2 s: " + surge);
    assertTrue(ready >= 4 && ready <= 10, "capacity ready " + ready + " s is not within 3 s of the modelled 7 s: " + surge);
    assertTrue(surge.recoverySeconds() != null && surge.recoverySeconds() < 30,
        "the SLO did not recover during the 30 s surge: " + surge + "\n" + run.output());
    assertEquals(2, surge.instancesBefore(), surge.toString());
    assertTrue(surge.peakReady() >= 3, surge.toString());
    // the surge comes 8 s into the judged load, which starts after the preflight and the 5 s warm-up (at the baseline, never above it)
    double loadStart = summary.warmUp().toOffsetSeconds();
    assertEquals(loadStart + 8.0, surge.stepOffsetSeconds(), 1.5, surge + "\n" + summary.warmUp());
    assertEquals(15, summary.warmUp().logins(), 2, "5 s at the 3/s baseline: " + summary.warmUp());
    assertEquals(0, run.exitCode(), "the SLO recovered, so the run passes:\n" + run.output());
    assertTrue(summary.passed(), "and its summary says so");
    assertEquals("reference", summary.telemetry().source(), summary.telemetry().toString());
    assertEquals(0, summary.telemetry().failedReadings(), summary.telemetry().toString());
    assertTrue(summary.verdict().startsWith("Autoscaling: scale-out decided "), summary.verdict());
    assertTrue(Files.readString(results.resolve("latest").resolve("events.csv")).contains(",scale-out,2,"), "events.csv has the decision");
  }
}
