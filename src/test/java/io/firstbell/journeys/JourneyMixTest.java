package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.load.PopulationSettings;
import io.firstbell.target.CredentialsFile;
import io.firstbell.target.TargetSettings;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which journeys a simulation's mix runs and how often: the reference portal's weights from the population, any set's shares. */
class JourneyMixTest {

  private static final ChainBuilder NOTHING = exec(session -> session);
  private static final List<String> STUDENTS = List.of("student");
  private static final List<String> TEACHERS = List.of("teacher");
  private static final List<String> BOTH = List.of("student", "teacher");
  /** Three password students, one badge student, two teachers: a quarter of the students use a badge. */
  private static final List<CredentialsFile.User> USERS = List.of(user("s1", "student", "password"), user("s2", "student", "password"),
      user("s3", "student", "password"), user("k1", "student", "badge"), user("t1", "teacher", "password"), user("t2", "teacher", "password"));

  private static CredentialsFile.User user(String name, String type, String method) {
    return new CredentialsFile.User(name, "pw", type, "d1", method, 1);
  }

  private static JourneyContext context(String population, List<String> personas, List<CredentialsFile.User> users) {
    Config config = FirstBellConfig.withOverrides("firstbell.population { " + population + " }");
    return new JourneyContext(TargetSettings.from(config), "http://127.0.0.1:1", "http://localhost:2", config.getConfig("firstbell.target.journeys.settings"),
        PopulationSettings.from(config), 0.03, personas, users, null);
  }

  /** @return the shares of the reference portal's journeys in the mix of {@code personas}, in per cent, by name */
  private static java.util.Map<String, Double> referencePercents(String population, List<String> personas, List<CredentialsFile.User> users) {
    JourneyContext c = context(population, personas, users);
    List<Journey> set = ReferencePortalJourneys.weights(c).entrySet().stream()
        .map(e -> new Journey(e.getKey(), e.getKey().startsWith("teacher") ? "teacher" : "student", "password", u -> true, e.getValue(), NOTHING)).toList();
    List<Journey> mix = JourneyMix.of(set, personas);
    double[] percents = JourneyMix.percents(mix);
    java.util.Map<String, Double> shares = new java.util.LinkedHashMap<>();
    for (int i = 0; i < mix.size(); i++) shares.put(mix.get(i).name(), Math.round(percents[i] * 1e6) / 1e6);
    return shares;
  }

  @Test
  void theReferenceMixGivesStudentsTheStudentShareSplitByBadgeUsersAndTeachersTheirMethodsWeights() {
    // 90% students: 3/4 of them by password, 1/4 by badge; 10% teachers, portal 6 : app-initiated 3 : warm 1
    assertEquals(java.util.Map.of("student-portal", 67.5, "student-badge", 22.5, "teacher-portal", 6.0, "teacher-app-initiated", 3.0,
        "teacher-app-initiated-warm", 1.0), referencePercents("", BOTH, USERS));
  }

  @Test
  void aStudentsOnlyMixSplitsTheStudentsByTheirBadgeShareWhateverTheStudentShare() {
    assertEquals(java.util.Map.of("student-portal", 75.0, "student-badge", 25.0), referencePercents("student-share = 0.4", STUDENTS, USERS));
  }

  @Test
  void aTeachersOnlyMixRunsTheTeachersMethodsByTheirWeights() {
    assertEquals(java.util.Map.of("teacher-portal", 60.0, "teacher-app-initiated", 30.0, "teacher-app-initiated-warm", 10.0),
        referencePercents("student-share = 1", TEACHERS, USERS));
  }

  @Test
  void aJourneyWithoutWeightIsLeftOutOfTheMix() {
    List<CredentialsFile.User> noBadges = USERS.stream().filter(u -> !u.loginMethod().equals("badge")).toList();
    assertEquals(java.util.Map.of("student-portal", 90.0, "teacher-portal", 7.5, "teacher-app-initiated", 2.5),
        referencePercents("teacher-methods { portal = 3, app-initiated = 1, app-initiated-warm = 0 }", BOTH, noBadges));
  }

  @Test
  void theReferencePopulationLineSaysTheMixWithoutTheThinkTime() {
    JourneyContext c = context("", BOTH, USERS);
    assertEquals("90% students (badge users by badge, the rest through the portal), teachers portal 6 : app-initiated 3 : app-initiated with a"
        + " portal session 1, 3.0% mistype once", new ReferencePortalJourneys().describe(c, List.of()));
  }

  @Test
  void aJourneyOfEitherPersonaIsInTheMixOfTheSimulationsPersonasOnlyAndOneOfAnyPersonaInEvery() {
    Journey student = new Journey("s", "student", "password", Journey.users("student", null), 1, NOTHING);
    Journey teacher = new Journey("t", "teacher", "password", Journey.users("teacher", null), 1, NOTHING);
    Journey any = new Journey("a", null, "oidc", u -> true, 2, NOTHING);
    assertEquals(List.of(student, any), JourneyMix.of(List.of(student, teacher, any), STUDENTS));
    assertEquals(List.of(teacher, any), JourneyMix.of(List.of(student, teacher, any), TEACHERS));
    assertArrayEquals(new double[] {25, 25, 50}, JourneyMix.percents(JourneyMix.of(List.of(student, teacher, any), BOTH)), 1e-9);
  }

  @Test
  void theSharesNameEachJourneyAndItsPersonaWhenTwoShareAName() {
    Journey a = new Journey("lakeside-student", "student", "password", u -> true, 0.7, NOTHING);
    Journey b = new Journey("lakeside-teacher", "teacher", "password", u -> true, 0.3, NOTHING);
    assertEquals("lakeside-student 70%, lakeside-teacher 30%", JourneyMix.shares(List.of(a, b)));
    Journey c = new Journey("portal-login", "student", "password", u -> true, 2, NOTHING);
    Journey d = new Journey("portal-login", "teacher", "password", u -> true, 1, NOTHING);
    assertEquals("portal-login (student) 66.7%, portal-login (teacher) 33.3%", JourneyMix.shares(List.of(c, d)));
  }

  @Test
  void aContextGivesAPersonaThePopulationsShareOnlyWhenTheSimulationLogsInBoth() {
    assertEquals(0.9, context("", BOTH, USERS).share("student"), 1e-12);
    assertEquals(0.1, context("", BOTH, USERS).share("teacher"), 1e-12);
    assertEquals(1, context("", STUDENTS, USERS).share("student"));
    assertEquals(1, context("", TEACHERS, USERS).share("teacher"));
  }

  @Test
  void aJourneyRefusesAnotherPersonaANegativeWeightAndABlankName() {
    assertEquals("The persona of journey x is 'parent' but must be student, teacher or null (any)",
        assertThrows(IllegalArgumentException.class, () -> new Journey("x", "parent", "password", u -> true, 1, NOTHING)).getMessage());
    assertEquals("The weight of journey x is -1.0 but must be a number of at least 0",
        assertThrows(IllegalArgumentException.class, () -> new Journey("x", "student", "password", u -> true, -1, NOTHING)).getMessage());
    assertEquals("The weight of journey x is NaN but must be a number of at least 0",
        assertThrows(IllegalArgumentException.class, () -> new Journey("x", "student", "password", u -> true, Double.NaN, NOTHING)).getMessage());
    assertEquals("A journey needs a name, e.g. \"lakeside-student\"",
        assertThrows(IllegalArgumentException.class, () -> new Journey(" ", "student", "password", u -> true, 1, NOTHING)).getMessage());
  }

  @Test
  void theUsersOfAJourneyAreThoseOfItsUserTypeAndLoginMethod() {
    assertEquals(List.of("s1", "s2", "s3"), USERS.stream().filter(Journey.users("student", "password")).map(CredentialsFile.User::username).toList());
    assertEquals(List.of("k1"), USERS.stream().filter(Journey.users("student", "badge")).map(CredentialsFile.User::username).toList());
    assertEquals(List.of("t1", "t2"), USERS.stream().filter(Journey.users("teacher", null)).map(CredentialsFile.User::username).toList());
  }
}
