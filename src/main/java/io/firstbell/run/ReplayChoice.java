package io.firstbell.run;

import io.firstbell.journeys.Journey;
import java.util.List;
import java.util.Map;

/** Which journey of a mix a replayed login runs: a pure function of who the recording says it is and one random draw. */
final class ReplayChoice {

  /** What {@link #journey} answers for a persona the mix has no journey of. */
  static final int NO_JOURNEY_OF_PERSONA = -2;

  private ReplayChoice() {}

  /**
   * @param journeys the mix, each with its weight
   * @param usersByDistrict for each journey, the users it suits by district
   * @param persona the recorded persona, or empty for any
   * @param district the recorded district, or empty for any
   * @param draw a number in [0, 1)
   * @return the index of a journey of {@code persona} (or of any persona) with a user in {@code district}, chosen by weight
   *     with {@code draw}; -1 when none of its journeys has a user there; {@value #NO_JOURNEY_OF_PERSONA} when the mix has no
   *     journey of {@code persona}
   */
  static int journey(List<Journey> journeys, List<Map<String, List<Map<String, Object>>>> usersByDistrict, String persona, String district,
      double draw) {
    boolean personaHasOne = persona.isEmpty() || journeys.stream().anyMatch(j -> j.persona() == null || j.persona().equals(persona));
    if (!personaHasOne) return NO_JOURNEY_OF_PERSONA;
    double total = 0;
    double[] weights = new double[journeys.size()];
    for (int i = 0; i < journeys.size(); i++) {
      Journey j = journeys.get(i);
      boolean ofPersona = persona.isEmpty() || j.persona() == null || j.persona().equals(persona);
      boolean inDistrict = district.isEmpty() || usersByDistrict.get(i).containsKey(district);
      weights[i] = ofPersona && inDistrict ? j.weight() : 0;
      total += weights[i];
    }
    if (!(total > 0)) return -1;
    double at = draw * total;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] <= 0) continue;
      if (at < weights[i]) return i;
      at -= weights[i];
    }
    for (int i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i; // a draw at the very top
    return -1;
  }
}
