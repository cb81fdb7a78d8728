package io.firstbell.simulations;

import io.firstbell.load.Surge;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.util.Locale;

/**
 * How fast does autoscaling react? A baseline of logins, a sudden step (baseline x multiplier), a hold, then back to the
 * baseline to watch scale-in. From the target's events and the ledger: time to the scale-out decision, until the new
 * capacity is ready, until the SLO has recovered, and what the surge cost ({@link io.firstbell.analysis.SurgeAnalysis}).
 * {@code firstbell.load.autoscaling}.
 */
public class AutoscalingSimulation extends Simulation {

  // parameters: the run and the surge
  private final FirstBellRun run = FirstBellRun.builder(AutoscalingSimulation.class).build();
  private final Surge surge = Surge.from(run.config());

  // scenario and setUp: the warm-up is never above the baseline, since a warm-up that made the target scale out would spoil the reaction
  {
    setUp(run.plan(run.loginMix("Users log in before, during and after a surge", surge.personas()), surge.plan(), surge.baseline()))
        .protocols(run.protocol());
  }

  /** The surge's plan goes into run.json however the run ends. */
  @Override
  public void before() {
    run.before(surge.describe(), record -> record.withSurge(surge.record(run.loadStart(), run.telemetry().source().name().toLowerCase(Locale.ROOT))));
  }

  /** The run is judged by the reaction: it fails only when the SLO never recovered after the surge. */
  @Override
  public void after() {
    run.after("the SLO never recovered after the surge");
  }
}
