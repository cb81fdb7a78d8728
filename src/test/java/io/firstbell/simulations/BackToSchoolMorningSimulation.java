package io.firstbell.simulations;

import io.firstbell.load.BackToSchoolMorning;
import io.firstbell.load.LoadPlan;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * A back-to-school morning: students and teachers in the population's mix, arriving before the first
 * bells of the four US time zones, time-compressed. {@code firstbell.load.back-to-school}.
 */
public class BackToSchoolMorningSimulation extends Simulation {

  // parameters: the run and the morning's plan
  private final FirstBellRun run = FirstBellRun.builder(BackToSchoolMorningSimulation.class).build();
  private final BackToSchoolMorning morning = BackToSchoolMorning.from(run.config());
  private final LoadPlan plan = morning.plan();

  // scenario and setUp: after the preflight and a warm-up at up to half the peak
  {
    setUp(run.plan(run.loginMix("School morning logins", List.of("student", "teacher")), plan, plan.peakRate() / 2)).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(morning.describe());
  }

  @Override
  public void after() {
    run.after(run.sloFailure());
  }
}
