package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Locale;

/**
 * Students log in at a steady rate after a ramp: badge users with their badge, the others through the
 * portal, into the sample app. {@code firstbell.load.student-login}.
 */
public class StudentLoginSimulation extends Simulation {

  // parameters: the run (target, stack, credentials, recorder) and the plan
  private final FirstBellRun run = FirstBellRun.builder(StudentLoginSimulation.class).build();
  private final Checks load = new Checks(run.config(), "firstbell.load.student-login");
  private final LoadPlan plan = LoadPlan.rampThenHold(load.positive("logins-per-second"), load.nonNegativeDuration("ramp"),
      load.positiveDuration("duration"));

  // scenario and setUp: after the preflight and a warm-up at up to half the peak
  {
    setUp(run.plan(run.loginMix("Students log in", List.of("student")), plan, plan.peakRate() / 2)).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "students at %.1f logins/s after a %d s ramp, for %d s", plan.peakRate(),
        load.nonNegativeDuration("ramp").toSeconds(), load.positiveDuration("duration").toSeconds()));
  }

  @Override
  public void after() {
    run.after(run.sloFailure());
  }
}
