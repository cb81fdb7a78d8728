package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.results.Summary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaking-point finder against a small stack whose capacity is known: 1 instance x 2 slots / 200 ms
 * = 10 logins/s, started cold in a fresh JVM (stack and generator alike). Short steps keep it quick, so the
 * tolerance is wider than the benchmark's ±5 % (bench/BreakingPointBenchmark.java).
 */
class BreakingPointSimulationTest {

  @TempDir Path results;

  @Test
  void onAColdStackTheFirstStepDoesNotDecideTheAnswerWhichIsNearTheModelledCapacityWithTheSlotsNamed() throws Exception {
    Map<String, String> properties = Map.ofEntries(
            Map.entry("firstbell.roster.users", "3000"), Map.entry("firstbell.roster.districts", "6"),
            Map.entry("firstbell.stack.preset", "fixed"),
            Map.entry("firstbell.stack.capacity.instances.initial", "1"),
            Map.entry("firstbell.stack.capacity.instances.slots", "2"),
            Map.entry("firstbell.population.think-time.distribution", "none"),
            Map.entry("firstbell.population.mistype-share", "0"),
            Map.entry("firstbell.breaking-point.start", "4"),
            Map.entry("firstbell.breaking-point.increment", "4"),
            Map.entry("firstbell.warm-up.duration", "5s"),
            Map.entry("firstbell.breaking-point.step", "8s"),
            Map.entry("firstbell.breaking-point.transition", "2s"),
            Map.entry("firstbell.breaking-point.settle", "2s"),
            Map.entry("firstbell.breaking-point.precision", "1"),
            Map.entry("firstbell.breaking-point.max", "30"),
            Map.entry("firstbell.results.directory", results.toString()));
    GatlingFork.Result run = GatlingFork.run(BreakingPointSimulation.class, properties,
        results, Duration.ofMinutes(4));

    assertTrue(run.output().contains("FirstBell: step 1 (coarse): offered 4.0/s"), run.output());
    Summary summary = Regeneration.assertReproduced(results.resolve("latest"), properties);
    Summary.BreakingPoint bp = summary.breakingPoint();
    double found = bp.maxSustainablePerSec();
    assertTrue(found >= 7.5 && found <= 12.5, "breaking point " + found + " is not within 25% of the modelled 10 logins/s:\n" + run.output());
    assertTrue(bp.firstFailingPerSec() > found, bp.toString());
    assertTrue(bp.precisionPerSec() <= 1.0 + 1e-9, bp.toString());
    assertTrue(bp.bottleneck().startsWith("worker slots"), bp.toString());
    assertEquals("refined to within the precision", bp.outcome(), bp.toString());
    assertTrue(summary.steps().size() >= 4, summary.steps().toString());
    assertEquals(0, run.exitCode(), "a search that found its answer passes:\n" + run.output());
    assertTrue(summary.passed());
    // cold start: the first step either passed or was not trusted on its own (re-run); it never counted as the first failure
    Summary.Step first = summary.steps().get(0);
    assertTrue(first.sloMet() || !first.status().equals("judged"), first.toString());
    // the warm-up ran first, is shaded, and is not judged
    assertTrue(summary.warmUp().logins() >= 15, summary.warmUp().toString());
    assertTrue(summary.preflight().passed(), summary.preflight().toString());
    String report = java.nio.file.Files.readString(results.resolve("latest").resolve("capacity-report.html"));
    assertTrue(report.contains("data-shade=\"warm-up\""), "the warm-up is shaded on the charts");
    assertTrue(report.contains("class=\"verdict met\""), "the search's answer leads, in green");
    assertTrue(summary.verdict().startsWith("Breaking point: "), summary.verdict());
    assertTrue(run.output().strip().lines().filter(l -> l.startsWith("FirstBell: ")).reduce((a, b) -> b).orElse("").startsWith("FirstBell: Breaking point: "),
        "FirstBell's last console line is the answer:\n" + run.output());
  }
}
