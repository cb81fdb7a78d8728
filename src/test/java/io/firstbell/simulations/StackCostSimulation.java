package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import io.firstbell.report.ExitStatus;
import io.firstbell.results.Summary;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: the reference stack's own CPU per completed student login at a steady rate it sustains, measured from the
 * CPU time of the stack's threads (the generator's threads excluded).
 * {@code ./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.StackCostSimulation}
 */
public class StackCostSimulation extends Simulation {

  // parameters: a benchmark of the embedded stack (no preflight, warm-up, think time or telemetry, whose readings would cost the stack CPU)
  private final FirstBellRun run = FirstBellRun.builder(StackCostSimulation.class).benchmark().build();
  private final Checks benchmark = new Checks(run.config(), "firstbell.benchmarks.stack-cost");
  private final double rate = benchmark.positive("logins-per-second");
  private final Duration duration = benchmark.positiveDuration("duration");
  private long cpuBefore;
  private long wallBefore;

  // setUp: password students through the portal at one steady rate
  {
    setUp(run.plan(run.studentPortalLogins("Students log in through the portal"), new LoadPlan(List.of(new LoadPlan.Segment(rate, duration))), 0))
        .protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "stack-cost benchmark: %s logins/s for %ds", rate, duration.toSeconds()));
    cpuBefore = run.stack().cpuMillis();
    wallBefore = System.nanoTime();
  }

  @Override
  public void after() {
    long cpu = run.stack().cpuMillis() - cpuBefore;
    double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
    Summary summary = run.finish();
    long logins = summary.logins().succeeded();
    System.out.printf(Locale.ROOT, "FirstBell stack-cost: %d logins succeeded in %.1f s; stack CPU %d ms = %.2f ms per login, %.1f%% of one core%n",
        logins, wallSeconds, cpu, logins == 0 ? Double.NaN : cpu / (double) logins, 100.0 * cpu / 1000.0 / wallSeconds);
    if (summary.logins().successRatio() < 0.99) { // a rate the stack does not sustain measures its shedding, not its cost per login
      ExitStatus.failWith(ExitStatus.VERDICT_FAILED);
      System.out.printf(Locale.ROOT, "FirstBell: exit status %d: only %.2f%% of the logins succeeded; lower firstbell.benchmarks.stack-cost.logins-per-second%n",
          ExitStatus.VERDICT_FAILED, 100 * summary.logins().successRatio());
    }
  }
}
