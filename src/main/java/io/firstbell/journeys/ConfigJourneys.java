package io.firstbell.journeys;

import static io.firstbell.journeys.LoginSteps.step;
import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * The configuration-driven journey ({@code firstbell.target.journeys.class = config}), for the most common shape of a
 * portal login: open the login page (directly, or through a district picker's link), fill in the form found by its password
 * field and submit it, redirects followed, open the app (a tile or link found by a selector, or a URL), and check the page the
 * user lands on by a selector and/or a text. Each step is named (the names are configurable) and checked. One journey per
 * configured persona, all with the one name, weighted by the population's student share.
 */
public final class ConfigJourneys implements JourneySet {

  private final Settings settings;

  /** @param settings the journey, validated ({@link Settings#from}) */
  public ConfigJourneys(Settings settings) {
    this.settings = settings;
  }

  /**
   * The configuration-driven journey ({@code firstbell.target.journeys.config}); immutable, validated when read.
   *
   * @param name the journey's name in the ledger
   * @param personas the personas it logs in ({@value Journey#STUDENT}, {@value Journey#TEACHER}), each a journey of its own
   * @param loginPage the login page's URL, or empty when the district picker leads to it
   * @param pickerUrl the district picker's URL, or empty for none
   * @param pickerLink the selector of the user's district's link on the picker
   * @param appSelector the selector of the app's tile or link on the page after signing in, or empty
   * @param appUrl the app's URL, or empty
   * @param landingSelector the selector of an element the landing page shows, or empty
   * @param landingText text the landing page (or its {@code landingSelector} element) contains, or empty
   * @param steps the steps' names
   */
  public record Settings(String name, List<String> personas, String loginPage, String pickerUrl, String pickerLink, String appSelector,
      String appUrl, String landingSelector, String landingText, Steps steps) {

    /** The names of the configuration-driven journey's steps, as the ledger records a failed one. */
    public record Steps(String districtPicker, String chooseDistrict, String loginPage, String submitUsername, String submitCredentials, String app) {}

    private static final String AREA = JourneySettings.AREA + ".config";
    /** Gatling's expression language: {@code #{username}}. */
    private static final Pattern EL = Pattern.compile("#\\{([^}]*)}");

    /**
     * Reads {@code firstbell.target.journeys.config}.
     *
     * @return the settings
     * @throws SettingsException naming the key and the fix
     */
    public static Settings from(Config config) {
      Checks c = new Checks(config, AREA);
      Config t = config.getConfig(AREA);
      String name = c.string("name").trim();
      List<String> personas = personas(c);
      String loginPage = url(c, t, "login-page");
      String pickerUrl = url(c, t, "district-picker.url");
      String pickerLink = selector(c, t, "district-picker.link");
      if (loginPage.isEmpty() == pickerUrl.isEmpty()) {
        throw new SettingsException(loginPage.isEmpty()
            ? c.full("login-page") + " is empty and so is " + c.full("district-picker.url") + "; set the login page's URL, e.g."
                + " login-page = \"/signin?district=#{district}\", or the district picker that leads to it"
            : c.full("login-page") + " and " + c.full("district-picker.url") + " are both set; set login-page for a login page opened"
                + " directly, or district-picker for one reached through the district's link on the picker, not both");
      }
      if (!pickerUrl.isEmpty() && pickerLink.isEmpty()) {
        throw new SettingsException(c.full("district-picker.link") + " is empty; set the selector of the user's district's link on the"
            + " picker, e.g. \"a[data-district='#{district}']\"");
      }
      if (pickerUrl.isEmpty() && !pickerLink.isEmpty()) {
        throw new SettingsException(c.full("district-picker.link") + " is set but " + c.full("district-picker.url") + " is empty; set the"
            + " picker's URL, or leave the link empty");
      }
      String appSelector = selector(c, t, "app.selector");
      String appUrl = url(c, t, "app.url");
      if (!appSelector.isEmpty() && !appUrl.isEmpty()) {
        throw new SettingsException(c.full("app.selector") + " and " + c.full("app.url") + " are both set; open the app by its tile or"
            + " link on the page after signing in (selector) or by its URL, not both");
      }
      String landingSelector = selector(c, t, "landing.selector");
      String landingText = t.getString("landing.text");
      if (landingSelector.isEmpty() && landingText.isBlank()) {
        throw new SettingsException(c.full("landing.selector") + " and " + c.full("landing.text") + " are both empty; a login counts"
            + " only when the user sees the page they came for: set the selector of an element it shows, e.g. \"h1.welcome\", and/or"
            + " a text it contains, e.g. \"#{username}\"");
      }
      Steps steps = new Steps(c.string("steps.district-picker").trim(), c.string("steps.choose-district").trim(),
          c.string("steps.login-page").trim(), c.string("steps.submit-username").trim(), c.string("steps.submit-credentials").trim(),
          c.string("steps.app").trim());
      Settings s = new Settings(name, personas, loginPage, pickerUrl, pickerLink, appSelector, appUrl, landingSelector, landingText, steps);
      Set<String> names = new HashSet<>();
      List<String> all = new ArrayList<>(s.stepNames());
      all.add(steps.submitUsername());
      for (String step : all) {
        if (!names.add(step)) {
          throw new SettingsException(AREA + ".steps names two steps \"" + step + "\"; give each its own name, so that a failed login"
              + " says where it failed");
        }
      }
      return s;
    }

    /** @return the names of the steps this journey runs, in order (and {@code steps.submit-username} before the credentials, for a login page that asks for the username alone) */
    public List<String> stepNames() {
      List<String> names = new ArrayList<>();
      if (!pickerUrl.isEmpty()) {
        names.add(steps.districtPicker());
        names.add(steps.chooseDistrict());
      } else {
        names.add(steps.loginPage());
      }
      names.add(steps.submitCredentials());
      if (!appSelector.isEmpty() || !appUrl.isEmpty()) names.add(steps.app());
      return names;
    }

    private static List<String> personas(Checks c) {
      List<String> personas = c.strings("personas").stream().map(String::trim).toList();
      if (personas.isEmpty()) {
        throw new SettingsException(c.full("personas") + " is empty; give the personas the journey logs in, e.g. [student, teacher]");
      }
      for (String p : personas) {
        if (!p.equals(Journey.STUDENT) && !p.equals(Journey.TEACHER)) {
          throw new SettingsException(c.full("personas") + " holds '" + p + "' but a persona is student or teacher");
        }
      }
      if (personas.size() != new HashSet<>(personas).size()) throw new SettingsException(c.full("personas") + " names a persona twice");
      return personas;
    }

    /** @return a URL relative to the portal ({@code /…}) or absolute (http or https), in Gatling's expression language, or empty */
    private static String url(Checks c, Config t, String key) {
      String value = t.getString(key).trim();
      if (value.isEmpty() || value.startsWith("/") || value.startsWith("#{")) return value;
      String plain = EL.matcher(value).replaceAll("x");
      if (!(plain.startsWith("http://") || plain.startsWith("https://"))) {
        throw new SettingsException(c.full(key) + " is '" + value + "' but must be a path on the portal such as \"/signin\" or an http or"
            + " https URL (#{district} and the other columns of the credentials may be used in it)");
      }
      Checks.httpUrl(c.full(key), plain);
      return value;
    }

    /** @return a CSS selector jsoup can parse (its expressions, such as {@code #{district}}, taken as words), or empty */
    private static String selector(Checks c, Config t, String key) {
      String value = t.getString(key).trim();
      if (value.isEmpty()) return value;
      try {
        QueryParser.parse(EL.matcher(value).replaceAll("x"));
      } catch (Selector.SelectorParseException | IllegalArgumentException e) {
        throw new SettingsException(c.full(key) + " is '" + value + "', which is not a CSS selector (" + e.getMessage() + "); write one such"
            + " as \"a.tile[data-name=math]\"");
      }
      return value;
    }

    /** @return {@code text} with each {@code #{attribute}} replaced by the session's value of it (empty when it has none) */
    static String resolve(String text, Session session) {
      Matcher m = EL.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String key = m.group(1).trim();
        m.appendReplacement(out, Matcher.quoteReplacement(session.contains(key) ? String.valueOf((Object) session.get(key)) : ""));
      }
      return m.appendTail(out).toString();
    }
  }

  @Override
  public List<Journey> journeys(JourneyContext context) {
    ChainBuilder chain = chain();
    return settings.personas().stream()
        .map(p -> new Journey(settings.name(), p, "password", Journey.users(p, "password"), context.share(p), chain)).toList();
  }

  @Override
  public String describe(JourneyContext context, List<Journey> mix) {
    Settings s = settings;
    return "the configured journey " + s.name() + " (" + JourneySettings.AREA + ".config: " + String.join(" → ", s.stepNames()) + "), "
        + JourneyMix.shares(mix);
  }

  /** @return the journey's steps */
  ChainBuilder chain() {
    Settings s = settings;
    Settings.Steps names = s.steps();
    ChainBuilder login = s.pickerUrl().isEmpty()
        ? PageSteps.openLoginPage(names.loginPage(), s.loginPage())
        : exec(step(names.districtPicker(), 200, http(names.districtPicker()).get(s.pickerUrl()), PageSteps.link(s.pickerLink())))
            .exec(PageSteps.openLinkedLoginPage(names.chooseDistrict()));
    CheckBuilder[] landing = landing();
    if (!s.appSelector().isEmpty()) {
      return login.exec(PageSteps.submitLoginForm(names.submitUsername(), names.submitCredentials(), 200, PageSteps.link(s.appSelector())))
          .exec(PageSteps.openLink(names.app(), landing));
    }
    if (!s.appUrl().isEmpty()) {
      return login.exec(PageSteps.submitLoginForm(names.submitUsername(), names.submitCredentials(), 200))
          .exec(step(names.app(), 200, http(names.app()).get(s.appUrl()), landing));
    }
    return login.exec(PageSteps.submitLoginForm(names.submitUsername(), names.submitCredentials(), 200, landing));
  }

  /** @return the landing page's checks: its element, the text it (or the element) contains */
  private CheckBuilder[] landing() {
    String selector = settings.landingSelector();
    String text = settings.landingText();
    if (text.isBlank()) return new CheckBuilder[] {css(selector).exists()};
    if (selector.isEmpty()) return new CheckBuilder[] {substring(session -> Settings.resolve(text, session)).exists()};
    return new CheckBuilder[] {css(selector).transformWithSession((found, session) -> found.contains(Settings.resolve(text, session))).is(true)};
  }
}
