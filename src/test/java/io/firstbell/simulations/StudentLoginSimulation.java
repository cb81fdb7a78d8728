package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import java.util.List;

/**
 * Students log in at a steady rate after a ramp: badge users with their badge, the others through the
 * portal, into the sample app. {@code firstbell.load.student-login}.
 */
public class StudentLoginSimulation extends FirstBellSimulation {

  // parameters
  private final Checks load = new Checks(config, "firstbell.load.student-login");
  private final LoadPlan plan = LoadPlan.rampThenHold(load.positive("logins-per-second"), load.nonNegativeDuration("ramp"), load.positiveDuration("duration"));

  // scenarios and setUp (journeys, protocol, assertions: FirstBellSimulation)
  {
    run(loginMix("Students log in", List.of("student")), plan);
  }

  @Override
  protected String describeLoad() {
    return String.format("students at %.1f logins/s after a %d s ramp, for %d s", plan.peakRate(),
        load.nonNegativeDuration("ramp").toSeconds(), load.positiveDuration("duration").toSeconds());
  }
}
