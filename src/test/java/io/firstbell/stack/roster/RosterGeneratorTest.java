package io.firstbell.stack.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic roster: deterministic from its seed, Zipf-skewed districts, and credentials that match what is stored. */
class RosterGeneratorTest {

  private static final String SHAPE =
      "firstbell.roster { users = 1500, districts = 5, sharing-rules.large-districts = 1, sharing-rules.per-large-district = 200 }";

  private static TestRosters.Built roster;
  private static List<User> users;

  @BeforeAll
  static void build() {
    roster = TestRosters.build(SHAPE);
    users = roster.users();
  }

  @AfterAll
  static void drop() {
    if (roster != null) roster.close();
  }

  private static void assertSizesAddUp(int[] sizes, int districts, int total) {
    assertEquals(districts, sizes.length);
    assertEquals(total, Arrays.stream(sizes).sum(), () -> Arrays.toString(sizes));
    for (int size : sizes) {
      assertTrue(size >= 2, () -> "every district has at least 2 users: " + Arrays.toString(sizes));
    }
  }

  private static void assertLargestFirst(int[] sizes) {
    for (int i = 1; i < sizes.length; i++) {
      int k = i;
      assertTrue(sizes[k - 1] >= sizes[k], () -> "largest first: " + Arrays.toString(sizes));
    }
  }

  private static void assertValidSizes(int[] sizes, int districts, int total) {
    assertSizesAddUp(sizes, districts, total);
    assertLargestFirst(sizes);
  }

  @Test
  void districtSizesAreZipfSkewedAndAddUpToTheUsers() {
    int[] sizes = RosterGenerator.districtSizes(50, 100_000, 1.1);

    assertValidSizes(sizes, 50, 100_000);
    assertTrue(sizes[0] > 10 * sizes[49], () -> "largest " + sizes[0] + " vs smallest " + sizes[49]);
  }

  @Test
  void districtSizesAtTheMinimumAreAllTwo() {
    int[] sizes = RosterGenerator.districtSizes(10, 20, 1.1);
    assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), Arrays.stream(sizes).boxed().toList());
  }

  @Test
  void districtSizesAddUpAcrossShapes() {
    for (int districts : new int[] {1, 2, 3, 7, 16, 50, 333}) {
      for (int users : new int[] {2 * districts, 2 * districts + 1, 3 * districts + 6, 10_000, 100_003}) {
        for (double skew : new double[] {0.1, 0.5, 1.1, 3.0, 8.0}) {
          assertSizesAddUp(RosterGenerator.districtSizes(districts, users, skew), districts, users);
        }
      }
    }
  }

  @Test
  void districtSizesAreLargestFirstWhenFewDistrictsAreClamped() {
    for (int districts : new int[] {1, 2, 3, 7, 50}) {
      for (int users : new int[] {2 * districts, 10_000, 100_003}) {
        assertLargestFirst(RosterGenerator.districtSizes(districts, users, 1.1));
      }
    }
  }

  @Test
  void districtSizesStayLargestFirstWhenTheMinimumOfTwoForcesUsersToBeTakenBack() {
    assertValidSizes(RosterGenerator.districtSizes(16, 54, 1.1), 16, 54);
    for (int districts : new int[] {16, 21, 333}) {
      for (int users = 2 * districts; users <= 2 * districts + 40; users++) {
        for (double skew : new double[] {0.5, 1.1, 3.0}) {
          assertLargestFirst(RosterGenerator.districtSizes(districts, users, skew));
        }
      }
    }
  }

  @Test
  void sameSeedBuildsTheSameRoster() {
    try (TestRosters.Built again = TestRosters.build(SHAPE)) {
      assertEquals(users, again.users());
      assertEquals(roster.store().districts(), again.store().districts());
      assertEquals(roster.store().apps(), again.store().apps());
      User someone = users.get(700);
      assertEquals(roster.store().appsSharedWith(someone), again.store().appsSharedWith(someone));
    }
  }

  @Test
  void anotherSeedBuildsAnotherRoster() {
    try (TestRosters.Built other = TestRosters.build(SHAPE + "\nfirstbell.roster.seed = 7")) {
      List<User> otherUsers = other.users();
      assertEquals(users.size(), otherUsers.size());
      assertNotEquals(users.stream().map(User::username).toList(), otherUsers.stream().map(User::username).toList());
      assertNotEquals(users.get(0).passwordHash(), otherUsers.get(0).passwordHash());
      assertNotEquals(Credentials.password(2018, 1), Credentials.password(7, 1));
    }
  }

  @Test
  void credentialsAreAFunctionOfSeedAndUserId() {
    assertEquals(Credentials.password(2018, 42), Credentials.password(2018, 42));
    assertEquals(Credentials.badge(2018, 42), Credentials.badge(2018, 42));
    assertNotEquals(Credentials.password(2018, 42), Credentials.password(2018, 43));
    assertTrue(Credentials.password(2018, 42).matches("[a-z]+-[a-z]+-[1-9][0-9]"), Credentials.password(2018, 42));
    assertTrue(Credentials.badge(2018, 42).matches("[A-HJ-NP-Z2-9]{20}"), Credentials.badge(2018, 42));
  }

  @Test
  void everyUsersDerivedPasswordMatchesTheStoredHash() {
    long seed = roster.settings().seed();
    for (User u : users) {
      assertTrue(u.passwordHash().startsWith("pbkdf2-sha256$16$"), u.passwordHash());
      assertTrue(PasswordHasher.verify(Credentials.password(seed, u.id()), u.passwordHash()), u.username());
    }
  }

  @Test
  void badgesBelongExactlyToTheBadgeGradesOfBadgeDistricts() {
    long seed = roster.settings().seed();
    Map<Integer, District> districts = roster.store().districts().stream().collect(Collectors.toMap(District::id, Function.identity()));
    int badges = 0;
    for (User u : users) {
      boolean expected = u.type() == UserType.STUDENT && districts.get(u.districtId()).badges()
          && roster.settings().badgeGrades().contains(u.grade());
      if (expected) {
        badges++;
        assertEquals(Credentials.badgeDigest(Credentials.badge(seed, u.id())), u.badgeDigest(), u.username());
        assertEquals(u, roster.store().userByBadgeDigest(u.badgeDigest()).orElseThrow());
      } else {
        assertNull(u.badgeDigest(), u.username());
      }
    }
    assertTrue(badges > 0, "the test roster has badge students");
  }

  @Test
  void usernamesAreFirstDotLastAndTheUserId() {
    for (User u : users) {
      assertEquals((u.firstName() + "." + u.lastName()).toLowerCase(java.util.Locale.ROOT) + u.id(), u.username());
      assertEquals(u, roster.store().userByUsername(u.username()).orElseThrow());
    }
  }

  @Test
  void teachersHaveNoGradeAndStudentsHaveOne() {
    for (User u : users) {
      if (u.type() == UserType.TEACHER) {
        assertNull(u.grade(), u.username());
      } else {
        assertTrue(RosterSettings.GRADES.contains(u.grade()), u.username() + " " + u.grade());
      }
    }
  }

  @Test
  void summaryDescribesWhatWasBuilt() {
    RosterSummary summary = roster.summary();
    long students = users.stream().filter(u -> u.type() == UserType.STUDENT).count();
    assertEquals(5, summary.districts());
    assertEquals(students, summary.students());
    assertEquals(1500 - students, summary.teachers());
    int[] sizes = RosterGenerator.districtSizes(5, 1500, 1.1);
    assertEquals(sizes[0], summary.largestDistrictUsers());
    assertEquals(sizes[4], summary.smallestDistrictUsers());
    Map<Integer, Long> perDistrict = users.stream().collect(Collectors.groupingBy(User::districtId, Collectors.counting()));
    for (int d = 1; d <= 5; d++) {
      assertEquals(sizes[d - 1], perDistrict.get(d), "district " + d);
      int id = d;
      assertTrue(users.stream().anyMatch(u -> u.districtId() == id && u.type() == UserType.TEACHER), "district " + d + " has a teacher");
      assertTrue(users.stream().anyMatch(u -> u.districtId() == id && u.type() == UserType.STUDENT), "district " + d + " has a student");
    }
    assertEquals(Math.round(1500 * 0.06), summary.teachers(), 5, "about 6% teachers");
  }

  @Test
  void sampleAppIsSharedWithEveryUserAndListedFirst() {
    assertEquals(TestRosters.SAMPLE_CLIENT_ID, roster.store().apps().get(0).clientId());
    assertEquals(9, roster.store().apps().size());
    for (int i = 0; i < users.size(); i += 97) {
      List<App> shared = roster.store().appsSharedWith(users.get(i));
      assertEquals(TestRosters.SAMPLE_CLIENT_ID, shared.get(0).clientId(), users.get(i).username());
      assertTrue(roster.store().isShared(users.get(i), shared.get(0).id()));
    }
  }

  @Test
  void largeDistrictsHoldTheirConfiguredSharingRules() {
    List<District> districts = roster.store().districts();
    assertEquals(200 + 1, roster.store().sharingRuleCount(districts.get(0).id()), "large district: 200 rules and the sample app's");
    for (District d : districts.subList(1, districts.size())) {
      assertEquals(12 + 1, roster.store().sharingRuleCount(d.id()), d.slug());
    }
    assertEquals(201 + 4 * 13, roster.summary().sharingRules());
  }

  @Test
  void districtsAreLargestFirstWithUniqueSlugs() {
    List<District> districts = roster.store().districts();
    assertEquals(List.of("cedar-falls", "maple-valley", "riverbend", "pine-ridge", "lakeside"), districts.stream().map(District::slug).toList());
    assertEquals("Cedar Falls Unified School District", districts.get(0).name());
    assertNotNull(roster.store().district("lakeside").orElse(null));
  }
}
