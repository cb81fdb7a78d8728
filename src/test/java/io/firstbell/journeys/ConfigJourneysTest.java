package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration-driven journey's settings ({@code firstbell.target.journeys.config}), validated before any load. */
class ConfigJourneysTest {

  private static final String AREA = "firstbell.target.journeys.config";
  private static final String PICKER = "district-picker { url = \"/\", link = \"a.org-link[data-org='#{district}']\" }, landing.selector = \"h2.greeting\"";

  private static ConfigJourneys.Settings settings(String config) {
    return ConfigJourneys.Settings.from(FirstBellConfig.withOverrides(AREA + " { " + config + " }"));
  }

  private static String failure(String config) {
    return assertThrows(SettingsException.class, () -> settings(config)).getMessage();
  }

  @Test
  void aPickerJourneyRunsItsNamedStepsInTheUsersOrder() {
    ConfigJourneys.Settings s = settings(PICKER + ", app.selector = \"div.tile[data-name=math] a.tile-go\", landing.text = \"Signed in as #{username}\"");
    assertEquals(List.of("Open district picker", "Choose district", "Submit credentials", "Open app"), s.stepNames());
    assertEquals("portal-login", s.name());
    assertEquals(List.of("student", "teacher"), s.personas());
    assertEquals("a.org-link[data-org='#{district}']", s.pickerLink());
  }

  @Test
  void aLoginPageOpenedDirectlyThatLandsInTheAppHasTwoStepsWithTheirConfiguredNames() {
    ConfigJourneys.Settings s = settings("login-page = \"/in/#{district}\", landing.text = \"#{username}\", personas = [teacher],"
        + " steps { login-page = \"Open district login page\", submit-credentials = \"Sign in\" }");
    assertEquals(List.of("Open district login page", "Sign in"), s.stepNames());
    assertEquals(List.of("teacher"), s.personas());
  }

  @Test
  void neitherALoginPageNorAPickerIsRefusedWithAnExample() {
    assertEquals(AREA + ".login-page is empty and so is " + AREA + ".district-picker.url; set the login page's URL, e.g. login-page ="
        + " \"/signin?district=#{district}\", or the district picker that leads to it", failure("landing.selector = h1"));
  }

  @Test
  void bothALoginPageAndAPickerAreRefused() {
    assertEquals(AREA + ".login-page and " + AREA + ".district-picker.url are both set; set login-page for a login page opened directly, or"
        + " district-picker for one reached through the district's link on the picker, not both", failure(PICKER + ", login-page = \"/signin\""));
  }

  @Test
  void aPickerWithoutTheDistrictsLinkIsRefused() {
    assertEquals(AREA + ".district-picker.link is empty; set the selector of the user's district's link on the picker, e.g."
        + " \"a[data-district='#{district}']\"", failure("district-picker.url = \"/\", landing.selector = h1"));
  }

  @Test
  void aLoginPageThatIsNeitherAPathNorAUrlIsRefused() {
    assertEquals(AREA + ".login-page is 'signin' but must be a path on the portal such as \"/signin\" or an http or https URL (#{district} and"
        + " the other columns of the credentials may be used in it)", failure("login-page = signin, landing.selector = h1"));
  }

  @Test
  void aSelectorJsoupCannotParseIsRefused() {
    String message = failure("login-page = \"/signin\", landing.selector = \"h2[[greeting\"");
    assertEquals(AREA + ".landing.selector is 'h2[[greeting', which is not a CSS selector (", message.substring(0, message.indexOf('(') + 1));
  }

  @Test
  void anAppByBothSelectorAndUrlIsRefused() {
    assertEquals(AREA + ".app.selector and " + AREA + ".app.url are both set; open the app by its tile or link on the page after signing in"
        + " (selector) or by its URL, not both", failure("login-page = \"/signin\", landing.selector = h1, app { selector = a.tile, url = \"/app\" }"));
  }

  @Test
  void aJourneyThatChecksNothingOnItsLandingPageIsRefused() {
    assertEquals(AREA + ".landing.selector and " + AREA + ".landing.text are both empty; a login counts only when the user sees the page they"
        + " came for: set the selector of an element it shows, e.g. \"h1.welcome\", and/or a text it contains, e.g. \"#{username}\"",
        failure("login-page = \"/signin\""));
  }

  @Test
  void anUnknownPersonaIsRefused() {
    assertEquals(AREA + ".personas holds 'parent' but a persona is student or teacher", failure("login-page = \"/signin\", landing.selector = h1,"
        + " personas = [student, parent]"));
  }

  @Test
  void twoStepsWithOneNameAreRefused() {
    assertEquals(AREA + ".steps names two steps \"Sign in\"; give each its own name, so that a failed login says where it failed",
        failure("login-page = \"/signin\", landing.selector = h1, steps { login-page = \"Sign in\", submit-credentials = \"Sign in\" }"));
  }
}
