package io.firstbell.stack.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The instant login's one-app sharing lookup agrees with the dashboard's list, for every app, shared or not. */
class IsSharedTest {

  private static final String SHAPE =
      "firstbell.roster { users = 1500, districts = 5, sharing-rules.large-districts = 1, sharing-rules.per-large-district = 200 }";

  private static TestRosters.Built roster;

  @BeforeAll
  static void build() {
    roster = TestRosters.build(SHAPE);
  }

  @AfterAll
  static void drop() {
    if (roster != null) roster.close();
  }

  @Test
  void isSharedIsTrueExactlyForTheAppsOnTheDashboard() {
    List<App> catalogue = roster.store().apps();
    List<User> users = roster.users();
    int shared = 0;
    int notShared = 0;
    for (int i = 0; i < users.size(); i += 7) { // students and teachers of every district, by school, grade and section rules
      User user = users.get(i);
      Set<Integer> listed = roster.store().appsSharedWith(user).stream().map(App::id).collect(Collectors.toSet());
      for (App app : catalogue) {
        boolean expected = listed.contains(app.id());
        assertEquals(expected, roster.store().isShared(user, app.id()), user.username() + " / " + app.slug());
        if (expected) shared++; else notShared++;
      }
    }
    assertTrue(shared > 0 && notShared > 0, "both answers were asked for: " + shared + " shared, " + notShared + " not");
  }
}
