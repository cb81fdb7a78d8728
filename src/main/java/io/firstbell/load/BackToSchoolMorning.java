package io.firstbell.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A back-to-school morning across the four US time zones, as a load shape: in each zone, logins
 * rise linearly over {@code spread} to each first bell and stop at it; zones are an hour apart and
 * weighted by their share of students. The morning is compressed by {@code compression} (60 plays
 * an hour in a minute) and scaled so that its busiest moment offers {@code peak} logins/s.
 */
public record BackToSchoolMorning(List<LocalTime> bells, Map<String, Double> zones, double peakPerSecond, Duration spread, double compression) {

  /** Zone offsets behind Eastern time, in hours. */
  private static final Map<String, Integer> OFFSETS = Map.of("eastern", 0, "central", 1, "mountain", 2, "pacific", 3);

  public static BackToSchoolMorning from(Config config) {
    String area = "firstbell.load.back-to-school";
    Checks c = new Checks(config, area);
    List<LocalTime> bells = new ArrayList<>();
    try {
      for (String b : config.getStringList(area + ".bells")) {
        bells.add(LocalTime.parse(b));
      }
    } catch (ConfigException | java.time.format.DateTimeParseException e) {
      throw new SettingsException(c.full("bells") + " must be a list of local times such as [\"07:30\", \"08:00\"]", e);
    }
    if (bells.isEmpty()) throw new SettingsException(c.full("bells") + " is empty; give at least one first bell such as \"08:00\"");
    Map<String, Double> zones = new LinkedHashMap<>();
    for (String zone : List.of("eastern", "central", "mountain", "pacific")) {
      zones.put(zone, c.fraction("time-zones." + zone));
    }
    double total = zones.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total <= 0) throw new SettingsException(c.full("time-zones") + " shares are all 0");
    return new BackToSchoolMorning(bells, zones, c.positive("peak-logins-per-second"), c.positiveDuration("spread"), c.positive("compression"));
  }

  /**
   * The shape as constant-rate segments of run time.
   *
   * @param segment the length of each segment of run time
   * @return offered logins/s per segment, from the first login of the morning to the last bell
   */
  public List<Double> rates(Duration segment) {
    double spreadSec = spread.toSeconds();
    double first = Double.MAX_VALUE;
    double last = -Double.MAX_VALUE;
    for (LocalTime bell : bells) {
      for (Map.Entry<String, Double> zone : zones.entrySet()) {
        if (zone.getValue() <= 0) continue; // a zone without students does not stretch the morning
        double at = bell.toSecondOfDay() + OFFSETS.get(zone.getKey()) * 3600.0;
        first = Math.min(first, at - spreadSec);
        last = Math.max(last, at);
      }
    }
    double segmentReal = segment.toNanos() / 1e9 * compression;
    int n = (int) Math.ceil((last - first) / segmentReal);
    double[] density = new double[n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      double mid = first + (i + 0.5) * segmentReal;
      double d = 0;
      for (LocalTime bell : bells) {
        for (Map.Entry<String, Double> z : zones.entrySet()) {
          double x = mid - (bell.toSecondOfDay() + OFFSETS.get(z.getKey()) * 3600.0); // seconds relative to the bell
          if (x >= -spreadSec && x < 0) d += z.getValue() * (x + spreadSec) / spreadSec;
        }
      }
      density[i] = d;
      max = Math.max(max, d);
    }
    List<Double> rates = new ArrayList<>();
    for (double d : density) rates.add(max == 0 ? 0 : peakPerSecond * d / max);
    return rates;
  }

  /** @return the morning as a load plan of 5 s constant-rate segments */
  public LoadPlan plan() {
    Duration segment = Duration.ofSeconds(5);
    return new LoadPlan(rates(segment).stream().map(rate -> new LoadPlan.Segment(rate, segment)).toList());
  }

  public String describe() {
    return String.format(java.util.Locale.ROOT, "back-to-school morning: bells %s in 4 time zones %s, logins rising over %d min to each bell, peak %.1f logins/s, compressed %.0fx",
        bells, zones, spread.toMinutes(), peakPerSecond, compression);
  }
}
