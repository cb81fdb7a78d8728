package io.firstbell.run;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.journeys.Journey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journey a replayed login runs: of its recorded persona, with a user in its recorded district, by weight. */
class ReplayChoiceTest {

  private static final List<Journey> MIX = List.of(
      new Journey("student-portal", Journey.STUDENT, "password", u -> true, 6, exec(s -> s)),
      new Journey("student-badge", Journey.STUDENT, "badge", u -> true, 3, exec(s -> s)),
      new Journey("teacher-portal", Journey.TEACHER, "password", u -> true, 1, exec(s -> s)));

  /** student-portal has users in oak and elm, student-badge in oak only, teacher-portal in elm only */
  private static final List<Map<String, List<Map<String, Object>>>> USERS = List.of(
      Map.of("oak", List.of(Map.of()), "elm", List.of(Map.of())), Map.of("oak", List.of(Map.of())), Map.of("elm", List.of(Map.of())));

  @Test
  void anUnnamedLoginRunsAnyJourneyByWeight() {
    assertEquals(0, ReplayChoice.journey(MIX, USERS, "", "", 0.0));
    assertEquals(0, ReplayChoice.journey(MIX, USERS, "", "", 0.59));
    assertEquals(1, ReplayChoice.journey(MIX, USERS, "", "", 0.6));
    assertEquals(2, ReplayChoice.journey(MIX, USERS, "", "", 0.95));
  }

  @Test
  void aDistrictKeepsTheJourneysWithAUserThere() {
    assertEquals(0, ReplayChoice.journey(MIX, USERS, "", "elm", 0.8), "elm: student-portal 6, teacher-portal 1");
    assertEquals(2, ReplayChoice.journey(MIX, USERS, "", "elm", 0.9));
    assertEquals(1, ReplayChoice.journey(MIX, USERS, Journey.STUDENT, "oak", 0.7), "oak students: portal 6, badge 3");
  }

  @Test
  void aPersonaKeepsItsJourneysAndNoneInTheDistrictIsMinusOne() {
    assertEquals(2, ReplayChoice.journey(MIX, USERS, Journey.TEACHER, "", 0.0));
    assertEquals(-1, ReplayChoice.journey(MIX, USERS, Journey.TEACHER, "oak", 0.5), "no teacher journey has a user in oak");
    assertEquals(-1, ReplayChoice.journey(MIX, USERS, "", "pine", 0.5), "no user in pine at all");
    assertEquals(ReplayChoice.NO_JOURNEY_OF_PERSONA, ReplayChoice.journey(MIX.subList(0, 2), USERS, Journey.TEACHER, "", 0.5),
        "a mix of students only has no teacher journey");
  }
}
