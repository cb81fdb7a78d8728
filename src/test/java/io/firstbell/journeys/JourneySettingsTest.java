package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.load.PopulationSettings;
import io.firstbell.target.CredentialsFile;
import io.firstbell.target.TargetSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which journeys log in: the class that {@code firstbell.target.journeys.class} names is found, created and checked before any load. */
class JourneySettingsTest {

  private static final String KEY = "firstbell.target.journeys.class";

  /** A set of two journeys that reads its own setting. */
  public static final class TwoJourneys implements JourneySet {
    @Override
    public List<Journey> journeys(JourneyContext context) {
      String app = context.settings().getString("app");
      return List.of(new Journey(app + "-student", Journey.STUDENT, "password", Journey.users("student", null), 1, exec(s -> s)),
          new Journey(app + "-teacher", Journey.TEACHER, "password", Journey.users("teacher", null), 1, exec(s -> s)));
    }
  }

  /** A set that gives no journeys. */
  public static final class NoJourneys implements JourneySet {
    @Override
    public List<Journey> journeys(JourneyContext context) {
      return List.of();
    }
  }

  /** A set that gives one name twice for one persona. */
  public static final class TwiceTheSameName implements JourneySet {
    @Override
    public List<Journey> journeys(JourneyContext context) {
      Journey j = new Journey("hub", Journey.STUDENT, "password", u -> true, 1, exec(s -> s));
      return List.of(j, j.withWeight(2));
    }
  }

  /** A set whose journeys cannot be built. */
  public static final class Broken implements JourneySet {
    @Override
    public List<Journey> journeys(JourneyContext context) {
      throw new IllegalStateException("the tile selector is missing");
    }
  }

  /** A set without a constructor FirstBell can call. */
  public static final class NeedsAnArgument implements JourneySet {
    public NeedsAnArgument(String app) {}

    @Override
    public List<Journey> journeys(JourneyContext context) {
      return List.of();
    }
  }

  /** A set whose constructor fails. */
  public static final class FailsToStart implements JourneySet {
    public FailsToStart() {
      throw new IllegalArgumentException("no portal map");
    }

    @Override
    public List<Journey> journeys(JourneyContext context) {
      return List.of();
    }
  }

  /** A set that is abstract. */
  public abstract static class Abstract implements JourneySet {}

  private static Config config(String overrides) {
    return FirstBellConfig.withOverrides(overrides);
  }

  private static JourneySettings settings(String overrides) {
    return JourneySettings.from(config(overrides), TargetSettings.Kind.PORTAL);
  }

  private static String failure(String className) {
    return assertThrows(SettingsException.class, () -> settings(KEY + " = \"" + className + "\"")).getMessage();
  }

  private static JourneyContext context(Config config, JourneySettings s) {
    return new JourneyContext(TargetSettings.from(config), "http://127.0.0.1:1", "http://127.0.0.1:1", s.settings(), PopulationSettings.from(config), 0,
        List.of("student", "teacher"), List.of(new CredentialsFile.User("ann", "pw", "student", "d1", "password", 2)), null);
  }

  @Test
  void anEmptyClassMeansTheTargetsOwnJourneys() {
    assertInstanceOf(ReferencePortalJourneys.class, settings("").set());
    assertInstanceOf(OidcJourneys.class, JourneySettings.from(config(""), TargetSettings.Kind.OIDC).set());
    assertEquals("the target's own journeys (io.firstbell.journeys.ReferencePortalJourneys; firstbell.target.journeys.class is empty)",
        settings("").source());
  }

  @Test
  void aClassOfOnesOwnIsCreatedAndGivenItsOwnSettings() {
    Config config = config(KEY + " = \"" + TwoJourneys.class.getName() + "\"\nfirstbell.target.journeys.settings { app = math, tiles { order = [a, b] } }");
    JourneySettings s = JourneySettings.from(config, TargetSettings.Kind.PORTAL);
    assertInstanceOf(TwoJourneys.class, s.set());
    assertEquals(List.of("math-student", "math-teacher"), s.journeys(context(config, s)).stream().map(Journey::name).toList());
    assertEquals("io.firstbell.journeys.JourneySettingsTest$TwoJourneys: math-student 50%, math-teacher 50%",
        s.describe(context(config, s), s.journeys(context(config, s))));
  }

  @Test
  void configOrTheConfiguredJourneysClassMeansTheConfigurationDrivenJourneyWithItsSettingsValidated() {
    String journey = "\nfirstbell.target.journeys.config { login-page = \"/signin\", landing.text = \"#{username}\" }";
    assertInstanceOf(ConfigJourneys.class, settings(KEY + " = config" + journey).set());
    assertInstanceOf(ConfigJourneys.class, settings(KEY + " = " + ConfigJourneys.class.getName() + journey).set());
    assertEquals("firstbell.target.journeys.config.login-page is empty and so is firstbell.target.journeys.config.district-picker.url; set the"
        + " login page's URL, e.g. login-page = \"/signin?district=#{district}\", or the district picker that leads to it",
        assertThrows(SettingsException.class, () -> settings(KEY + " = config")).getMessage());
  }

  @Test
  void aClassThatIsNotOnTheClassPathIsRefusedWithTheFix() {
    assertEquals(KEY + " is 'com.example.Missing', but no such class is on the class path; give the fully qualified name of a class that"
        + " implements io.firstbell.journeys.JourneySet (compiled with your simulations, e.g. in src/test/java), config for the"
        + " configuration-driven journey (firstbell.target.journeys.config), or leave it empty for the target's own journeys",
        failure("com.example.Missing"));
  }

  @Test
  void aClassThatIsNotAJourneySetIsRefused() {
    assertEquals(KEY + " is 'java.lang.String', which does not implement io.firstbell.journeys.JourneySet; implement it"
        + " (List<Journey> journeys(JourneyContext context)) or name a class that does", failure("java.lang.String"));
  }

  @Test
  void aClassWithoutAPublicNoArgumentConstructorIsRefused() {
    assertEquals(KEY + " is '" + NeedsAnArgument.class.getName() + "', which has no public constructor without arguments; add one (FirstBell"
        + " creates the class itself, and hands it its settings, firstbell.target.journeys.settings, in the JourneyContext)",
        failure(NeedsAnArgument.class.getName()));
  }

  @Test
  void anAbstractClassIsRefused() {
    assertEquals(KEY + " is '" + Abstract.class.getName() + "', which is not a public concrete class; make it public and not abstract, so that"
        + " FirstBell can create it", failure(Abstract.class.getName()));
  }

  @Test
  void aConstructorThatFailsStopsTheRunWithItsMessage() {
    assertEquals(KEY + " is '" + FailsToStart.class.getName() + "', which could not be created: no portal map; fix the class or its settings"
        + " (firstbell.target.journeys.settings)", failure(FailsToStart.class.getName()));
  }

  @Test
  void aSetThatGivesNoJourneysIsRefused() {
    Config config = config(KEY + " = \"" + NoJourneys.class.getName() + "\"");
    JourneySettings s = JourneySettings.from(config, TargetSettings.Kind.PORTAL);
    assertEquals(KEY + " is '" + NoJourneys.class.getName() + "', which gave no journeys; return at least one Journey from"
        + " journeys(JourneyContext)", assertThrows(SettingsException.class, () -> s.journeys(context(config, s))).getMessage());
  }

  @Test
  void aSetThatGivesANameTwiceForOnePersonaIsRefused() {
    Config config = config(KEY + " = \"" + TwiceTheSameName.class.getName() + "\"");
    JourneySettings s = JourneySettings.from(config, TargetSettings.Kind.PORTAL);
    assertEquals(KEY + " is '" + TwiceTheSameName.class.getName() + "', which gave two journeys named hub for the persona student; give each"
        + " its own name", assertThrows(SettingsException.class, () -> s.journeys(context(config, s))).getMessage());
  }

  @Test
  void aSetWhoseJourneysCannotBeBuiltStopsTheRunWithItsMessage() {
    Config config = config(KEY + " = \"" + Broken.class.getName() + "\"");
    JourneySettings s = JourneySettings.from(config, TargetSettings.Kind.PORTAL);
    assertEquals(KEY + " is '" + Broken.class.getName() + "', which could not build its journeys: the tile selector is missing; fix the class"
        + " or its settings (firstbell.target.journeys.settings)", assertThrows(SettingsException.class, () -> s.journeys(context(config, s))).getMessage());
  }

  @Test
  void theOidcJourneysRefuseATargetThatIsNotAnOidcProvider() {
    Config config = config(KEY + " = \"" + OidcJourneys.class.getName() + "\"");
    JourneySettings s = JourneySettings.from(config, TargetSettings.Kind.REFERENCE);
    assertEquals(KEY + " is io.firstbell.journeys.OidcJourneys, which logs in to an OpenID Connect provider, but firstbell.target.kind is"
        + " reference; set kind = oidc with its issuer and client (firstbell.target.oidc), or choose another journey class",
        assertThrows(SettingsException.class, () -> s.journeys(context(config, s))).getMessage());
  }

  @Test
  void aMisspeltKeyOfTheConfiguredJourneyIsUnknownWhileYourOwnSettingsTakeAnyKey() {
    assertEquals("Unknown configuration key 'firstbell.target.journeys.config.landng.text' (did you mean"
        + " 'firstbell.target.journeys.config.landing.text'?); remove it or fix its spelling (all keys and defaults are in reference.conf)",
        assertThrows(SettingsException.class, () -> config("firstbell.target.journeys.config.landng.text = x")).getMessage());
    assertEquals("math", config("firstbell.target.journeys.settings { app = math }").getString("firstbell.target.journeys.settings.app"));
  }
}
