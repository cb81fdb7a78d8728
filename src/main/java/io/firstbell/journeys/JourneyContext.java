package io.firstbell.journeys;

import com.typesafe.config.Config;
import io.firstbell.load.PopulationSettings;
import io.firstbell.target.CredentialsFile;
import io.firstbell.target.TargetSettings;
import java.util.List;

/**
 * What a {@link JourneySet} builds its journeys for: the target, your own settings, the population, the personas the
 * simulation logs in and the users of the credentials file. Immutable; FirstBell makes one for the simulation's mix, one for
 * the preflight (no mistyping) and one for the smoke simulation (both personas, no mistyping).
 *
 * @param target the validated target settings ({@code firstbell.target})
 * @param portalUrl the portal's base URL, against which a journey's relative URLs resolve (the embedded stack's own when it runs)
 * @param appUrl the app's base URL ({@code firstbell.target.portal.app-url}, or the embedded stack's sample app); also the
 *     session's {@code appUrl}
 * @param settings your journeys' own settings, {@code firstbell.target.journeys.settings} (free-form: any keys you like)
 * @param population the population's settings ({@code firstbell.population}): the student share, the teachers' methods
 * @param mistypeShare the share of users who mistype their password once before getting it right: the population's in the
 *     mix, 0 in the preflight and the smoke simulation
 * @param personas the personas the simulation logs in: {@value Journey#STUDENT}, {@value Journey#TEACHER} or both
 * @param users every user of the credentials file, in file order
 * @param stackClient the embedded reference stack's sample app as an OIDC client, when the embedded stack runs; else null
 */
public record JourneyContext(TargetSettings target, String portalUrl, String appUrl, Config settings, PopulationSettings population,
    double mistypeShare, List<String> personas, List<CredentialsFile.User> users, OidcClient stackClient) {

  /** A context; its lists are copied and cannot be changed. */
  public JourneyContext {
    personas = List.copyOf(personas);
    users = List.copyOf(users);
  }

  /**
   * @param persona {@value Journey#STUDENT} or {@value Journey#TEACHER}
   * @return the share of the simulation's logins the population gives {@code persona}: {@code firstbell.population.student-share}
   *     for students (1 minus it for teachers) when the simulation logs in both, else 1: a weight for that persona's journeys
   */
  public double share(String persona) {
    if (!(personas.contains(Journey.STUDENT) && personas.contains(Journey.TEACHER))) return 1;
    return Journey.STUDENT.equals(persona) ? population.studentShare() : 1 - population.studentShare();
  }

  /** @return whether the simulation logs in {@code persona} */
  public boolean logsIn(String persona) {
    return personas.contains(persona);
  }
}
