package io.firstbell.journeys;

import java.util.List;

/**
 * The journeys a target is logged in with: FirstBell's own ({@link ReferencePortalJourneys}, {@link OidcJourneys}), the
 * configuration-driven one ({@link ConfigJourneys}), or a class of your own, named in {@code firstbell.target.journeys.class}.
 * Every simulation runs the configured set: its preflight logs in once with each journey of the mix, its load mixes them by
 * their weights, and the ledger, the analysis and the reports count their logins like any other.
 *
 * <p>A class of your own is public, has a public constructor without arguments (FirstBell creates it once per run, before any
 * load) and builds each journey's chain from FirstBell's named, checked steps: {@link LoginSteps#step} for a request of your
 * own, {@link PageSteps} for login pages, forms and links found on the page. It does not count logins itself: FirstBell wraps
 * each chain with {@link LoginSteps#login}. A setting it cannot use should throw
 * {@link io.firstbell.config.SettingsException} naming the key; any exception stops the run before any load.
 */
public interface JourneySet {

  /**
   * Builds the journeys for one use: the simulation's mix, the preflight or the smoke simulation. Called a few times per run,
   * before any load; it should not send requests.
   *
   * @param context the target, your settings ({@link JourneyContext#settings()}), the population, the personas the
   *     simulation logs in and the credentials' users
   * @return the journeys, at least one, each name used once per persona
   */
  List<Journey> journeys(JourneyContext context);

  /**
   * @param mix the journeys of the simulation's mix, each with a weight above 0
   * @return what the console's population line says about them (FirstBell adds the think time): by default the class and
   *     each journey's share of the logins, e.g. {@code com.example.LakesideJourneys: lakeside-student 90%, lakeside-teacher 10%}
   */
  default String describe(JourneyContext context, List<Journey> mix) {
    return getClass().getName() + ": " + JourneyMix.shares(mix);
  }
}
