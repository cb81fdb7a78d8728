package io.firstbell.simulations;

import io.firstbell.load.PopulationSettings;
import io.firstbell.run.BreakingPointRun;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;

/**
 * Where does it break? After a warm-up that is never judged, student logins in steps of constant rate (open model) until
 * the SLO breaks, then a search between the last passing and the first failing rate until they are within the configured
 * precision — in one run, stopped as soon as the answer is known. Each step is judged on its steady state (after its
 * transition, before its settle time) and for sustainability; a step the generator spoiled runs again, and a verdict the
 * search cannot trust yet is confirmed by running it again ({@link io.firstbell.load.BreakingPointSearch}). Each step starts
 * once the last one's logins are over and prints a line; the answer (breaking point, first failing rate, knee, precision,
 * likely bottleneck, or why there is no trustworthy answer) goes into summary.json and the capacity report, and decides the
 * exit status. {@code firstbell.breaking-point}, {@code simulations/breaking-point.conf}.
 */
public class BreakingPointSimulation extends Simulation {

  // parameters: a fixed fleet (a search against a fleet that grows under it has no answer), no think time (a step's rate is
  // what the target sees), and the search
  private final FirstBellRun run = FirstBellRun.builder(BreakingPointSimulation.class).stack(BreakingPointRun::stackConfig)
      .thinkTime(PopulationSettings.ThinkTime.NONE).build();
  private final BreakingPointRun search = new BreakingPointRun(run);

  // scenario and setUp: arrivals at the search's maximum rate, thinned by the search to its warm-up's and then its current step's
  // rate; in a sharded run, each shard's share of a fixed staircase, judged from the merged ledger
  {
    setUp(search.population("Students log in, step by step")).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(search.describe(), search::record); // the search as it ran goes into run.json however the run ends
    search.start();
  }

  /** The run is judged by the search's answer: it fails when the search reached no trustworthy breaking point. */
  @Override
  public void after() {
    search.stop();
    run.after("the search reached no trustworthy breaking point (see the verdict)");
  }
}
