package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import java.util.List;

/**
 * Teachers log in at a steady rate after a ramp: through the portal, from the app, and from the app
 * while already holding a portal session, in the configured mix. {@code firstbell.load.teacher-login}.
 */
public class TeacherLoginSimulation extends FirstBellSimulation {

  // parameters
  private final Checks load = new Checks(config, "firstbell.load.teacher-login");
  private final LoadPlan plan = LoadPlan.rampThenHold(load.positive("logins-per-second"), load.nonNegativeDuration("ramp"), load.positiveDuration("duration"));

  // scenarios and setUp (journeys, protocol, assertions: FirstBellSimulation)
  {
    run(loginMix("Teachers log in", List.of("teacher")), plan);
  }

  @Override
  protected String describeLoad() {
    return String.format("teachers at %.1f logins/s after a %d s ramp, for %d s", plan.peakRate(),
        load.nonNegativeDuration("ramp").toSeconds(), load.positiveDuration("duration").toSeconds());
  }
}
