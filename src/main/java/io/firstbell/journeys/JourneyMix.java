package io.firstbell.journeys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A simulation's mix of journeys: which of a set's journeys it runs, and how often each. Pure functions. */
public final class JourneyMix {

  private JourneyMix() {}

  /**
   * @param personas the personas the simulation logs in
   * @return the journeys of {@code all} in the mix of {@code personas}, in order: those with a weight above 0 whose persona
   *     is one of them, or who are of any persona
   */
  public static List<Journey> of(List<Journey> all, List<String> personas) {
    return all.stream().filter(j -> j.weight() > 0 && (j.persona() == null || personas.contains(j.persona()))).toList();
  }

  /** @return each journey's share of the mix's logins, in per cent, summing to 100 */
  public static double[] percents(List<Journey> mix) {
    double total = mix.stream().mapToDouble(Journey::weight).sum();
    if (!(total > 0)) throw new IllegalArgumentException("A mix needs a journey with a weight above 0");
    return mix.stream().mapToDouble(j -> 100 * j.weight() / total).toArray();
  }

  /** @return e.g. {@code lakeside-student 90%, lakeside-teacher 10%}; a name that two personas share is followed by the persona */
  public static String shares(List<Journey> mix) {
    if (mix.isEmpty()) return "no journey";
    double[] percents = percents(mix);
    boolean shared = shared(mix);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < mix.size(); i++) {
      String share = String.format(Locale.ROOT, "%.1f", percents[i]).replaceAll("\\.0$", "") + "%";
      parts.add(mix.get(i).label(shared) + " " + share);
    }
    return String.join(", ", parts);
  }

  /** @return whether two journeys of {@code journeys} share a name (one per persona) */
  static boolean shared(List<Journey> journeys) {
    Set<String> names = new HashSet<>();
    return journeys.stream().anyMatch(j -> !names.add(j.name()));
  }
}
