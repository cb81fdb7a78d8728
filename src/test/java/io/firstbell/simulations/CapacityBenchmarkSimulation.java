package io.firstbell.simulations;

import io.firstbell.analysis.Benchmarks;
import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.load.LoadPlan;
import io.firstbell.run.FirstBellRun;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: the embedded stack's measured capacity against its model. Password students through the portal in
 * constant-rate steps at fractions of the modelled capacity of a fixed fleet; per step, offered and achieved logins, success
 * and p95 ({@link Benchmarks}).
 * <pre>./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.CapacityBenchmarkSimulation -Dfirstbell.stack.preset=fixed</pre>
 */
public class CapacityBenchmarkSimulation extends Simulation {

  // parameters: a benchmark of the embedded stack (no preflight, warm-up, think time or telemetry) with a fixed fleet, checked
  // before anything starts; the steps
  private final Config config = fixedFleet(FirstBellConfig.load());
  private final FirstBellRun run = FirstBellRun.builder(CapacityBenchmarkSimulation.class).config(config).benchmark().build();
  private final Checks benchmark = new Checks(run.config(), "firstbell.benchmarks.capacity");
  private final List<Double> fractions = run.config().getDoubleList("firstbell.benchmarks.capacity.steps");
  private final Duration stepDuration = benchmark.positiveDuration("step-duration");
  private final double successThreshold = benchmark.fraction("success-threshold");
  private final CapacitySettings capacity = CapacitySettings.from(run.config());
  private final CapacityFormula.Capacity modelled = CapacityFormula.studentPortalLogins(capacity, capacity.initialInstances());
  private final List<Double> rates = fractions.stream().map(f -> f * modelled.perSec()).toList();

  // setUp: one constant-rate step per configured fraction of the modelled capacity
  {
    setUp(run.plan(run.studentPortalLogins("Students log in through the portal"),
            new LoadPlan(rates.stream().map(r -> new LoadPlan.Segment(r, stepDuration)).toList()), 0))
        .protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "capacity benchmark: %d instance(s) x %d slots, slot-time per login %d ms, datastore %d reads x %d us / %d;"
            + " modelled capacity %.1f logins/s (%s bound); %d steps of %ds", capacity.initialInstances(), capacity.slots(),
        modelled.slotTimePerLogin().toMillis(), CapacityFormula.READS_PER_STUDENT_PORTAL_LOGIN, capacity.readTime().toNanos() / 1000,
        capacity.datastoreCeiling(), modelled.perSec(), modelled.bottleneck(), rates.size(), stepDuration.toSeconds()));
  }

  @Override
  public void after() {
    long shed = run.stack().capacity().snapshot().shed();
    long served = run.stack().capacity().snapshot().served();
    run.finish();
    List<Benchmarks.Step> steps = Benchmarks.steps(run.logins(), run.loadStart(), stepDuration.toMillis(), rates); // every row, not the recent ones kept in memory
    double best = steps.stream().mapToDouble(Benchmarks.Step::achievedPerSec).max().orElse(0);
    double holding = steps.stream().filter(s -> s.successRatio() >= successThreshold).mapToDouble(Benchmarks.Step::offeredPerSec).max().orElse(0);
    System.out.println("FirstBell capacity benchmark: step  offered/s  achieved/s  success%   p95 ms");
    for (int i = 0; i < steps.size(); i++) {
      Benchmarks.Step s = steps.get(i);
      System.out.printf(Locale.ROOT, "FirstBell capacity benchmark: %4d %10.1f %11.1f %9.2f %8d%n", i + 1, s.offeredPerSec(), s.achievedPerSec(),
          100 * s.successRatio(), s.p95Ms());
    }
    System.out.printf(Locale.ROOT, "FirstBell capacity benchmark: modelled %.1f/s, measured saturation %.1f/s (%+.1f%%), highest step with >= %.0f%% "
            + "success %.1f/s (%+.1f%%)%n", modelled.perSec(), best, 100 * (best / modelled.perSec() - 1), 100 * successThreshold, holding,
        100 * (holding / modelled.perSec() - 1));
    System.out.println("FirstBell capacity benchmark: stack " + shed + " requests shed; " + served + " served");
  }

  private static Config fixedFleet(Config config) {
    if (CapacitySettings.from(config).autoscaler().enabled()) {
      throw new SettingsException("The capacity benchmark needs a fixed fleet: run it with -Dfirstbell.stack.preset=fixed"
          + " (or firstbell.stack.capacity.autoscaler.enabled = off)");
    }
    return config;
  }
}
