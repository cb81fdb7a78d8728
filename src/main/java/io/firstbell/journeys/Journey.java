package io.firstbell.journeys;

import io.firstbell.target.CredentialsFile;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One journey of a {@link JourneySet}: how one kind of user logs in, as a Gatling chain of named, checked steps
 * ({@link LoginSteps#step}, {@link PageSteps}). FirstBell feeds each login a user the journey {@code suits}, wraps the chain
 * so that the ledger counts the login ({@link LoginSteps#login}), and mixes the journeys of a simulation by their weights.
 * Immutable.
 *
 * @param name the journey's name in the ledger, the reports and the preflight, e.g. {@code lakeside-student}
 * @param persona {@value #STUDENT} or {@value #TEACHER}: a simulation that logs in students only (the breaking point, the
 *     steady student rate) runs the student journeys; null for a journey of any persona, run by every simulation with the
 *     users it suits, each recorded as the user type of the credentials
 * @param method how the user logs in, for the ledger's {@code method} column, e.g. {@code password}, {@code badge},
 *     {@code app-initiated}
 * @param suits which users of the credentials file the journey logs in, e.g. {@link #users(String, String)}
 * @param weight how often the journey is chosen, relative to the other journeys of the simulation's mix; 0 keeps it out of
 *     the mix and the preflight (the smoke simulation still runs it once)
 * @param chain the journey's steps; the user's {@code username}, {@code password}, {@code userType}, {@code district} and
 *     {@code loginMethod} (the credentials' columns) and {@code appUrl} are in the session, and the portal's URL is the base
 *     URL of every relative request
 */
public record Journey(String name, String persona, String method, Predicate<CredentialsFile.User> suits, double weight, ChainBuilder chain) {

  /** The persona of a student's journey. */
  public static final String STUDENT = "student";
  /** The persona of a teacher's journey. */
  public static final String TEACHER = "teacher";

  /** @throws IllegalArgumentException naming what is wrong: a blank name or method, another persona, a negative weight, no chain */
  public Journey {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("A journey needs a name, e.g. \"lakeside-student\"");
    if (persona != null && !persona.equals(STUDENT) && !persona.equals(TEACHER)) {
      throw new IllegalArgumentException("The persona of journey " + name + " is '" + persona + "' but must be student, teacher or null (any)");
    }
    if (method == null || method.isBlank()) throw new IllegalArgumentException("Journey " + name + " needs a login method, e.g. \"password\"");
    Objects.requireNonNull(suits, () -> "Journey " + name + " needs the users it suits, e.g. Journey.users(\"student\", \"password\")");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("The weight of journey " + name + " is " + weight + " but must be a number of at least 0");
    }
    Objects.requireNonNull(chain, () -> "Journey " + name + " needs its chain of steps");
  }

  /**
   * @param userType {@value #STUDENT}, {@value #TEACHER}, or null for both
   * @param loginMethod {@code password}, {@code badge}, or null for both
   * @return the users of the credentials file with that {@code user_type} and {@code login_method}
   */
  public static Predicate<CredentialsFile.User> users(String userType, String loginMethod) {
    return u -> (userType == null || userType.equals(u.userType())) && (loginMethod == null || loginMethod.equals(u.loginMethod()));
  }

  /** @return this journey with another weight */
  public Journey withWeight(double weight) {
    return new Journey(name, persona, method, suits, weight, chain);
  }

  /** @return e.g. {@code lakeside-student} (or {@code portal-login (teacher)} for a name that more than one persona shares) */
  String label(boolean withPersona) {
    return withPersona && persona != null ? name + " (" + persona + ")" : name;
  }
}
