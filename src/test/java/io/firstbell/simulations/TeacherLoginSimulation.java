package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Locale;

/**
 * Teachers log in at a steady rate after a ramp: through the portal, from the app, and from the app
 * while already holding a portal session, in the configured mix. {@code firstbell.load.teacher-login}.
 */
public class TeacherLoginSimulation extends Simulation {

  // parameters: the run (target, stack, credentials, recorder) and the plan
  private final FirstBellRun run = FirstBellRun.builder(TeacherLoginSimulation.class).build();
  private final Checks load = new Checks(run.config(), "firstbell.load.teacher-login");
  private final LoadPlan plan = LoadPlan.rampThenHold(load.positive("logins-per-second"), load.nonNegativeDuration("ramp"),
      load.positiveDuration("duration"));

  // scenario and setUp: after the preflight and a warm-up at up to half the peak
  {
    setUp(run.plan(run.loginMix("Teachers log in", List.of("teacher")), plan, plan.peakRate() / 2)).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "teachers at %.1f logins/s after a %d s ramp, for %d s", plan.peakRate(),
        load.nonNegativeDuration("ramp").toSeconds(), load.positiveDuration("duration").toSeconds()));
  }

  @Override
  public void after() {
    run.after(run.sloFailure());
  }
}
