package io.firstbell.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.firstbell.stack.StackSettings;
import io.firstbell.stack.roster.RosterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration loading and validation: every mistake is a SettingsException that names the key and the fix. */
class FirstBellConfigTest {

  private static final String UNKNOWN_SUFFIX = "; remove it or fix its spelling (all keys and defaults are in reference.conf)";

  @AfterEach
  void clearProfile() {
    System.clearProperty(FirstBellConfig.PROFILE_PROPERTY);
  }

  /** Validates {@code overrides} and reads both settings areas, as a stack start does. */
  private static void readAll(String overrides) {
    Config config = FirstBellConfig.withOverrides(overrides);
    StackSettings.from(config);
    RosterSettings.from(config);
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> readAll(overrides)).getMessage();
  }

  @Test
  void referenceDefaultsDescribeALoopbackStackAndAHundredThousandUsers() {
    Config config = FirstBellConfig.withOverrides("");
    StackSettings stack = StackSettings.from(config);
    assertEquals("127.0.0.1", stack.portalHost());
    assertEquals(0, stack.portalPort());
    assertEquals("localhost", stack.appHost());
    assertEquals(0, stack.appPort());
    assertEquals("firstbell-sample-app", stack.appClientId());
    assertEquals(false, stack.tls());
    assertEquals("http", stack.scheme());
    assertEquals(Duration.ofSeconds(60), stack.codeTtl());
    assertEquals(Duration.ofHours(8), stack.sessionTtl());
    assertEquals(Duration.ofHours(1), stack.accessTokenTtl());
    RosterSettings roster = RosterSettings.from(config);
    assertEquals(2018, roster.seed());
    assertEquals(50, roster.districts());
    assertEquals(100_000, roster.users());
    assertEquals(Set.of("K", "1", "2"), roster.badgeGrades());
    assertEquals(16, roster.passwordHashIterations());
  }

  @Test
  void overridesReplaceDefaults() {
    Config config = FirstBellConfig.withOverrides("firstbell.stack { tls = on, code-ttl = 5s }\nfirstbell.roster.users = 1234");
    assertTrue(StackSettings.from(config).tls());
    assertEquals("https", StackSettings.from(config).scheme());
    assertEquals(Duration.ofSeconds(5), StackSettings.from(config).codeTtl());
    assertEquals(1234, RosterSettings.from(config).users());
  }

  @Test
  void unknownKeyIsNamed() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell.stack.prot = 1"));
    // too far from every known key for a suggestion
    assertEquals("Unknown configuration key 'firstbell.stack.prot'" + UNKNOWN_SUFFIX, e.getMessage());
  }

  @Test
  void misspelledKeyIsNamedWithTheKeyItProbablyMeant() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell.stack.portal.prot = 1"));
    assertEquals("Unknown configuration key 'firstbell.stack.portal.prot' (did you mean 'firstbell.stack.portal.port'?)" + UNKNOWN_SUFFIX,
        e.getMessage());
    assertEquals("Unknown configuration key 'firstbell.roster.userz' (did you mean 'firstbell.roster.users'?)" + UNKNOWN_SUFFIX,
        assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell.roster.userz = 5")).getMessage());
  }

  @Test
  void keysOutsideFirstbellAreNotChecked() {
    Config config = FirstBellConfig.withOverrides("somebody-else.anything = 1");
    assertEquals(1, config.getInt("somebody-else.anything"));
  }

  @Test
  void wordWhereANumberBelongsNamesTheKey() {
    String message = failure("firstbell.roster.users = many");
    assertTrue(message.startsWith("firstbell.roster.users must be a whole number ("), message);
  }

  @Test
  void listWhereANumberBelongsNamesTheKey() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell.roster.users = [1, 2]"));
    assertTrue(e.getMessage().startsWith("Configuration key 'firstbell.roster.users' "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; see reference.conf for its expected form"), e.getMessage());
  }

  @Test
  void negativeSizeNamesTheKeyAndItsMinimum() {
    assertEquals("firstbell.roster.users is -5 but must be at least 1", failure("firstbell.roster.users = -5"));
  }

  @Test
  void portOutOfRangeNamesTheKeyAndItsMaximum() {
    assertEquals("firstbell.stack.portal.port is 70000 but must be at most 65535", failure("firstbell.stack.portal.port = 70000"));
  }

  @Test
  void fewerThanTwoUsersPerDistrictIsRefused() {
    assertEquals("firstbell.roster.users is 10 but must be at least twice firstbell.roster.districts (6) so that every district"
        + " has a student and a teacher", failure("firstbell.roster { users = 10, districts = 6 }"));
  }

  @Test
  void moreLargeDistrictsThanDistrictsIsRefused() {
    assertEquals("firstbell.roster.sharing-rules.large-districts is 7 but there are only 6 districts",
        failure("firstbell.roster { users = 100, districts = 6, sharing-rules.large-districts = 7 }"));
  }

  @Test
  void unknownBadgeGradeIsNamed() {
    assertEquals("firstbell.roster.badge-grades contains '13' but grades are [K, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]",
        failure("firstbell.roster.badge-grades = [K, 13]"));
  }

  @Test
  void zeroDurationIsRefused() {
    assertEquals("firstbell.stack.code-ttl is PT0S but must be a positive duration such as 10s", failure("firstbell.stack.code-ttl = 0s"));
  }

  @Test
  void nonDurationNamesTheKeyAndTheExpectedForm() {
    String message = failure("firstbell.stack.code-ttl = soon");
    assertTrue(message.startsWith("firstbell.stack.code-ttl must be a duration such as 500ms, 10s or 2m ("), message);
  }

  @Test
  void tlsMustBeOnOrOff() {
    String message = failure("firstbell.stack.tls = maybe");
    assertTrue(message.startsWith("firstbell.stack.tls must be on or off ("), message);
  }

  @Test
  void fractionAboveOneIsRefused() {
    assertEquals("firstbell.roster.teacher-share is 1.5 but must be between 0 and 1", failure("firstbell.roster.teacher-share = 1.5"));
  }

  @Test
  void nullValueIsReportedAsMissing() {
    assertEquals("firstbell.roster.users is missing; set it to a whole number", failure("firstbell.roster.users = null"));
  }

  @Test
  void emptyClientIdIsRefused() {
    assertEquals("firstbell.stack.app.client-id must not be empty", failure("firstbell.stack.app.client-id = \"  \""));
  }

  @Test
  void portalAndAppMustHaveDifferentHostNames() {
    assertEquals("firstbell.stack.portal.host and firstbell.stack.app.host are both '127.0.0.1'; give them different names"
        + " (e.g. 127.0.0.1 and localhost) so that portal and app do not share cookies", failure("firstbell.stack.app.host = \"127.0.0.1\""));
  }

  @Test
  void nonLoopbackHostIsRefused() {
    assertEquals("firstbell.stack.portal.host is '192.0.2.1' (192.0.2.1), which is not a loopback address; the reference stack serves"
        + " only on loopback (127.0.0.0/8)", failure("firstbell.stack.portal.host = \"192.0.2.1\""));
  }

  @Test
  void invalidHoconIsReported() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell {"));
    assertTrue(e.getMessage().startsWith("Configuration is not valid HOCON: "), e.getMessage());
  }

  @Test
  void unresolvableSubstitutionIsReported() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell.roster.users = ${nope}"));
    assertTrue(e.getMessage().startsWith("Configuration cannot be resolved: "), e.getMessage());
  }

  @Test
  void replacingTheWholeFirstbellSectionWithAValueIsASettingsException() {
    SettingsException e = assertThrows(SettingsException.class, () -> FirstBellConfig.withOverrides("firstbell = 5"));
    assertTrue(e.getMessage().contains("firstbell"), e.getMessage());
  }

  @Test
  void missingRunProfileIsNamedWithAnExample() {
    System.setProperty(FirstBellConfig.PROFILE_PROPERTY, "simulations/does-not-exist.conf");
    SettingsException e = assertThrows(SettingsException.class, FirstBellConfig::load);
    assertEquals("Run profile 'simulations/does-not-exist.conf' (from -Dprofile) does not exist; pass a path relative to the project"
        + " folder, e.g. -Dprofile=simulations/smoke.conf", e.getMessage());
  }

  @Test
  void everyShippedRunProfileLoadsAndValidates() throws IOException {
    List<Path> profiles;
    try (var files = Files.list(Path.of("simulations"))) {
      profiles = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(profiles.size() >= 9, profiles.toString());
    for (Path profile : profiles) {
      System.setProperty(FirstBellConfig.PROFILE_PROPERTY, profile.toString());
      assertDoesNotThrow(FirstBellConfig::load, profile.toString());
    }
    System.setProperty(FirstBellConfig.PROFILE_PROPERTY, "simulations/autoscaling-what-if.conf");
    Config whatIf = FirstBellConfig.load();
    assertEquals(10, whatIf.getInt("firstbell.load.autoscaling.baseline"), "its own key");
    assertEquals("5s", whatIf.getString("firstbell.uptime.window"), "included from autoscaling.conf");
  }

  @Test
  void runProfileOverridesTheReference(@TempDir Path dir) throws IOException {
    Path profile = Files.writeString(dir.resolve("small.conf"), "firstbell.roster { users = 777, districts = 3 }\n");
    System.setProperty(FirstBellConfig.PROFILE_PROPERTY, profile.toString());

    Config config = FirstBellConfig.load();

    assertEquals(777, RosterSettings.from(config).users());
    assertEquals(3, RosterSettings.from(config).districts());
  }

  @Test
  void runProfileIsValidatedLikeAnyOverride(@TempDir Path dir) throws IOException {
    Path profile = Files.writeString(dir.resolve("typo.conf"), "firstbell.roster.userz = 777\n");
    System.setProperty(FirstBellConfig.PROFILE_PROPERTY, profile.toString());

    SettingsException e = assertThrows(SettingsException.class, FirstBellConfig::load);

    assertEquals("Unknown configuration key 'firstbell.roster.userz' (did you mean 'firstbell.roster.users'?)" + UNKNOWN_SUFFIX,
        e.getMessage());
  }

  @Test
  void runProfileThatIsNotHoconIsNamed(@TempDir Path dir) throws IOException {
    Path profile = Files.writeString(dir.resolve("broken.conf"), "firstbell {\n");
    System.setProperty(FirstBellConfig.PROFILE_PROPERTY, profile.toString());

    SettingsException e = assertThrows(SettingsException.class, FirstBellConfig::load);

    assertTrue(e.getMessage().startsWith("Run profile '" + profile + "' is not valid HOCON: "), e.getMessage());
  }

  @Test
  void checksNameTheFullKey() {
    Checks checks = new Checks(FirstBellConfig.withOverrides(""), "firstbell.stack");
    assertEquals("firstbell.stack.portal.port", checks.full("portal.port"));
    SettingsException e = assertThrows(SettingsException.class, () -> checks.atLeast("missing-key", 1));
    assertEquals("firstbell.stack.missing-key is missing; set it to a whole number", e.getMessage());
  }

  @Test
  void aListIsGivenAsIndexedKeysAsSystemPropertiesGiveIt() {
    com.typesafe.config.Config asProperties = FirstBellConfig.withOverrides(
        "firstbell.target.allowed-hosts { \"0\" = \"portal.staging.example.org\", \"1\" = \"*.sso.example.org\" }, "
            + "firstbell.load.replay.match.status { \"0\" = 200 }");
    assertEquals(java.util.List.of("portal.staging.example.org", "*.sso.example.org"), asProperties.getStringList("firstbell.target.allowed-hosts"));
    assertEquals(java.util.List.of(200), asProperties.getIntList("firstbell.load.replay.match.status"));
  }
}
