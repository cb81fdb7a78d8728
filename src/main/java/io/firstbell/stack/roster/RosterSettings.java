package io.firstbell.stack.roster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.util.List;
import java.util.Set;

/** The synthetic roster's shape ({@code firstbell.roster}); immutable, validated when built. */
public record RosterSettings(
    long seed,
    int districts,
    int users,
    double teacherShare,
    double districtSizeSkew,
    int studentsPerSchool,
    int sectionSize,
    int catalogueApps,
    int sharingRulesPerDistrict,
    int largeDistricts,
    int sharingRulesPerLargeDistrict,
    Set<String> badgeGrades,
    int passwordHashIterations) {

  /** Grades in roster order, kindergarten first. */
  public static final List<String> GRADES = List.of("K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");

  /**
   * Reads {@code firstbell.roster}.
   *
   * @return the settings
   * @throws SettingsException naming the offending key
   */
  public static RosterSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.roster");
    int districts = c.between("districts", 1, 10_000);
    int users = c.between("users", 1, 5_000_000);
    if (users < districts * 2) {
      throw new SettingsException(c.full("users") + " is " + users + " but must be at least twice "
          + c.full("districts") + " (" + districts + ") so that every district has a student and a teacher");
    }
    List<String> badgeGrades;
    try {
      badgeGrades = config.getStringList("firstbell.roster.badge-grades");
    } catch (ConfigException e) {
      throw new SettingsException(c.full("badge-grades") + " must be a list of grades such as [\"K\", \"1\", \"2\"]", e);
    }
    for (String g : badgeGrades) {
      if (!GRADES.contains(g)) {
        throw new SettingsException(c.full("badge-grades") + " contains '" + g + "' but grades are " + GRADES);
      }
    }
    int largeDistricts = c.atLeast("sharing-rules.large-districts", 0);
    if (largeDistricts > districts) {
      throw new SettingsException(c.full("sharing-rules.large-districts") + " is " + largeDistricts
          + " but there are only " + districts + " districts");
    }
    return new RosterSettings(
        c.seed("seed"),
        districts,
        users,
        c.fraction("teacher-share"),
        c.positive("district-size-skew"),
        c.atLeast("students-per-school", 1),
        c.atLeast("section-size", 1),
        c.between("catalogue-apps", 0, 1000),
        c.atLeast("sharing-rules.per-district", 0),
        largeDistricts,
        c.atLeast("sharing-rules.per-large-district", 0),
        Set.copyOf(badgeGrades),
        c.between("password-hash.iterations", 1, 10_000_000));
  }
}
