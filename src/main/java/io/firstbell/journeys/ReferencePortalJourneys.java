package io.firstbell.journeys;

import io.firstbell.load.PopulationSettings;
import io.firstbell.target.CredentialsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FirstBell's own journeys of a Clever-like portal such as the reference stack ({@link Journeys}): students through the
 * district login page or, K-2 in badge districts, with their badge; teachers through the portal, from the app, and from the
 * app with a portal session; against the embedded stack also its OIDC provider (weight 0: the smoke simulation runs it once).
 * The weights are the population's ({@code firstbell.population}): students by {@code student-share}, split between badge and
 * password by the credentials' badge users; teachers by {@code teacher-methods}. The set of the {@code reference} and
 * {@code portal} targets unless {@code firstbell.target.journeys.class} names another.
 */
public final class ReferencePortalJourneys implements JourneySet {

  @Override
  public List<Journey> journeys(JourneyContext context) {
    Map<String, Double> w = weights(context);
    double mistype = context.mistypeShare();
    List<Journey> all = new ArrayList<>(List.of(
        new Journey("student-portal", Journey.STUDENT, "password", Journey.users(Journey.STUDENT, "password"), w.get("student-portal"),
            Journeys.studentPortal(mistype)),
        new Journey("student-badge", Journey.STUDENT, "badge", Journey.users(Journey.STUDENT, "badge"), w.get("student-badge"), Journeys.studentBadge),
        new Journey("teacher-portal", Journey.TEACHER, "password", Journey.users(Journey.TEACHER, null), w.get("teacher-portal"),
            Journeys.teacherPortal(mistype)),
        new Journey("teacher-app-initiated", Journey.TEACHER, "app-initiated", Journey.users(Journey.TEACHER, null), w.get("teacher-app-initiated"),
            Journeys.teacherAppInitiated),
        new Journey("teacher-app-initiated-warm", Journey.TEACHER, "app-initiated", Journey.users(Journey.TEACHER, null),
            w.get("teacher-app-initiated-warm"), Journeys.teacherAppInitiatedWarm)));
    if (context.stackClient() != null) {
      all.add(new Journey("oidc", Journey.STUDENT, "oidc", Journey.users(Journey.STUDENT, "password"), w.get("oidc"), Journeys.oidc(context.stackClient())));
    }
    return all;
  }

  /**
   * @return each journey's weight, in the order of {@link #journeys}: students the context's student share, split between
   *     badge and password by the credentials' badge users; teachers theirs, split by the teachers' methods; the embedded
   *     provider's OIDC journey 0
   */
  static Map<String, Double> weights(JourneyContext context) {
    PopulationSettings p = context.population();
    double students = context.share(Journey.STUDENT);
    double teachers = context.share(Journey.TEACHER);
    double badge = badgeShareOfStudents(context.users());
    double methods = p.teacherPortal() + p.teacherAppInitiated() + p.teacherAppInitiatedWarm();
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("student-portal", students * (1 - badge));
    w.put("student-badge", students * badge);
    w.put("teacher-portal", teachers * p.teacherPortal() / methods);
    w.put("teacher-app-initiated", teachers * p.teacherAppInitiated() / methods);
    w.put("teacher-app-initiated-warm", teachers * p.teacherAppInitiatedWarm() / methods);
    w.put("oidc", 0.0);
    return w;
  }

  /** @return e.g. "90% students (badge users by badge, the rest through the portal), teachers portal 6 : app-initiated 3 : app-initiated with a portal session 1, 3.0% mistype once" */
  @Override
  public String describe(JourneyContext context, List<Journey> mix) {
    PopulationSettings p = context.population();
    return String.format(Locale.ROOT, "%.0f%% students (badge users by badge, the rest through the portal), teachers portal %s : app-initiated %s"
        + " : app-initiated with a portal session %s, %.1f%% mistype once", 100 * p.studentShare(), trim(p.teacherPortal()),
        trim(p.teacherAppInitiated()), trim(p.teacherAppInitiatedWarm()), 100 * p.mistypeShare());
  }

  /** @return the share of the students of {@code users} who log in with a badge */
  static double badgeShareOfStudents(List<CredentialsFile.User> users) {
    long students = users.stream().filter(u -> Journey.STUDENT.equals(u.userType())).count();
    long badge = users.stream().filter(u -> Journey.STUDENT.equals(u.userType()) && "badge".equals(u.loginMethod())).count();
    return students == 0 ? 0 : badge / (double) students;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
