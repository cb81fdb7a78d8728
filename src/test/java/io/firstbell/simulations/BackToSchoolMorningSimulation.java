package io.firstbell.simulations;

import io.firstbell.load.BackToSchoolMorning;
import io.firstbell.load.LoadPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A back-to-school morning: students and teachers in the population's mix, arriving before the first
 * bells of the four US time zones, time-compressed. {@code firstbell.load.back-to-school}.
 */
public class BackToSchoolMorningSimulation extends FirstBellSimulation {

  private static final Duration SEGMENT = Duration.ofSeconds(5);

  // parameters
  private final BackToSchoolMorning morning = BackToSchoolMorning.from(config);
  private final LoadPlan plan = plan(morning);

  // scenarios and setUp (journeys, protocol, assertions: FirstBellSimulation)
  {
    run(loginMix("School morning logins", List.of("student", "teacher")), plan);
  }

  @Override
  protected String describeLoad() {
    return morning.describe();
  }

  private static LoadPlan plan(BackToSchoolMorning morning) {
    List<LoadPlan.Segment> segments = new ArrayList<>();
    for (double rate : morning.rates(SEGMENT)) {
      segments.add(new LoadPlan.Segment(rate, SEGMENT));
    }
    return new LoadPlan(segments);
  }
}
