package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.report.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaking-point finder against a small stack whose capacity is known: 1 instance x 2 slots / 200 ms
 * = 10 logins/s. Short steps keep it quick, so the tolerance is wider than the benchmarks' ±5 %.
 */
class BreakingPointSimulationTest {

  @TempDir Path results;

  @Test
  void theReportedBreakingPointIsNearTheModelledCapacityAndTheSlotsAreNamed() throws Exception {
    GatlingFork.Result run = GatlingFork.run(BreakingPointSimulation.class, Map.ofEntries(
            Map.entry("firstbell.roster.users", "3000"), Map.entry("firstbell.roster.districts", "6"),
            Map.entry("firstbell.stack.preset", "fixed"),
            Map.entry("firstbell.stack.capacity.instances.initial", "1"),
            Map.entry("firstbell.stack.capacity.instances.slots", "2"),
            Map.entry("firstbell.population.think-time.distribution", "none"),
            Map.entry("firstbell.population.mistype-share", "0"),
            Map.entry("firstbell.breaking-point.start", "4"),
            Map.entry("firstbell.breaking-point.increment", "4"),
            Map.entry("firstbell.breaking-point.step", "6s"),
            Map.entry("firstbell.breaking-point.settle", "2s"),
            Map.entry("firstbell.breaking-point.cooldown", "2s"),
            Map.entry("firstbell.breaking-point.precision", "1"),
            Map.entry("firstbell.breaking-point.max", "30"),
            Map.entry("firstbell.results.directory", results.toString())),
        results, Duration.ofMinutes(4));

    assertTrue(run.output().contains("FirstBell: step 1 (coarse): offered 4.0/s"), run.output());
    JsonNode summary = RunSummary.read(results.resolve("latest").resolve("summary.json"));
    JsonNode bp = summary.path("breakingPoint");
    double found = bp.path("maxSustainablePerSec").asDouble();
    assertTrue(found >= 7.5 && found <= 12.5, "breaking point " + found + " is not within 25% of the modelled 10 logins/s:\n" + run.output());
    assertTrue(bp.path("firstFailingPerSec").asDouble() > found, bp.toString());
    assertTrue(bp.path("precisionPerSec").asDouble() <= 1.0 + 1e-9, bp.toString());
    assertTrue(bp.path("bottleneck").asText().startsWith("worker slots"), bp.toString());
    assertEquals("refined to within the precision", bp.path("outcome").asText(), bp.toString());
    assertTrue(summary.path("steps").size() >= 4, summary.path("steps").toString());
  }
}
