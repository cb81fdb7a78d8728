package io.firstbell.bench;

import io.firstbell.load.LoadPlan;
import io.firstbell.load.PopulationSettings;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: one injector offering full portal logins (password students: district login page → portal → one click into the
 * sample app over OAuth, {@link FirstBellRun#studentPortalLogins}) at one steady rate against the target of
 * {@code firstbell.target}, with no preflight and no think time: {@code ceiling.warm} seconds at the rate, then
 * {@code ceiling.duration} seconds at the rate that {@link InjectorCeiling} measures. Driven by {@link InjectorCeiling}, one
 * fresh JVM per rate; its results are not judged (the driver judges them).
 */
public class InjectorCeilingSimulation extends Simulation {

  // parameters: the rate and the two segments (system properties: the driver's, not FirstBell's configuration)
  private final double rate = positive("ceiling.rate", 100);
  private final Duration warm = Duration.ofSeconds((long) positive("ceiling.warm", 10));
  private final Duration measured = Duration.ofSeconds((long) positive("ceiling.duration", 20));
  private final FirstBellRun run = FirstBellRun.builder(InjectorCeilingSimulation.class).preflight(false)
      .thinkTime(PopulationSettings.ThinkTime.NONE).build();

  // setUp: password students through the portal, at one rate for warm + measured seconds
  {
    setUp(run.plan(run.studentPortalLogins("Students log in through the portal"),
            new LoadPlan(List.of(new LoadPlan.Segment(rate, warm), new LoadPlan.Segment(rate, measured))), 0))
        .protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "injector ceiling: full portal logins at %s/s, %d s to warm up then %d s measured", rate,
        warm.toSeconds(), measured.toSeconds()));
  }

  @Override
  public void after() {
    run.finish(); // not judged: the driver reads logins.csv and summary.json
  }

  private static double positive(String key, double fallback) {
    String value = System.getProperty(key);
    double d = value == null ? fallback : Double.parseDouble(value);
    if (!(d > 0)) throw new IllegalArgumentException(key + " must be a positive number, not " + value + "; e.g. -D" + key + "=" + fallback);
    return d;
  }
}
