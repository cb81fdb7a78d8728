package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.load.LoadPlan.Segment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurgeTest {

  private static final Duration S30 = Duration.ofSeconds(30);

  @Test
  void aSuddenStepGoesFromTheBaselineToTheSurgeAtOnce() {
    LoadPlan plan = Surge.plan(20, 60, 0, S30, Duration.ofSeconds(90), S30);

    assertEquals(List.of(new Segment(20, S30), new Segment(60, Duration.ofSeconds(90)), new Segment(20, S30)), plan.segments());
    assertEquals(20 * 30 + 60 * 90 + 20 * 30, plan.logins());
  }

  @Test
  void aRampRisesBySlopeEverySecondPlayedAtEachSecondsMidpoint() {
    // 10 -> 16 at 2 logins/s per second: 3 one-second steps at 11, 13, 15, then the surge
    LoadPlan plan = Surge.plan(10, 16, 2, S30, Duration.ofSeconds(60), S30);

    Duration s1 = Duration.ofSeconds(1);
    assertEquals(List.of(new Segment(10, S30), new Segment(11, s1), new Segment(13, s1), new Segment(15, s1),
        new Segment(16, Duration.ofSeconds(60)), new Segment(10, S30)), plan.segments());
    assertEquals(Duration.ofSeconds(123), plan.duration());
  }

  @Test
  void aRampThatDoesNotDivideEvenlyNeverOvershootsTheSurge() {
    // 10 -> 15 at 2/s: ceil(2.5) = 3 steps at 11, 13 and min(15, 15) = 15
    LoadPlan plan = Surge.plan(10, 15, 2, S30, S30, S30);

    assertEquals(new Segment(15, Duration.ofSeconds(1)), plan.segments().get(3));
    assertEquals(15.0, plan.peakRate());
  }

  @Test
  void personasMustNameStudentsTeachersOrBoth() {
    assertEquals(List.of("student", "teacher"), Surge.personas(List.of("student", "teacher", "student")));
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.firstbell.config.SettingsException.class,
        () -> Surge.personas(List.of("student", "parent")));
    assertEquals("firstbell.load.autoscaling.personas is [student, parent] but must name student, teacher or both, e.g. [student, teacher] "
        + "(their shares come from firstbell.population.student-share)", e.getMessage());
  }
}
