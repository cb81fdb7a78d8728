package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import io.firstbell.results.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A sudden surge ({@code firstbell.load.autoscaling}): a baseline of logins, a step (baseline x multiplier) at once or
 * along a slope, a hold, then the baseline again to watch scale-in; and the rule its recovery is judged by. Validated.
 *
 * @param beforeSurge the baseline before the surge (the key {@code warm-up})
 * @param window the windows the recovery is judged on
 * @param recoveryWindows consecutive windows that must meet the SLO
 */
public record Surge(double baseline, double multiplier, double slope, Duration beforeSurge, Duration hold, Duration after, Duration window,
    int recoveryWindows, List<String> personas) {

  /** @return the settings of {@code firstbell.load.autoscaling} */
  public static Surge from(Config config) {
    Checks load = new Checks(config, "firstbell.load.autoscaling");
    return new Surge(load.positive("baseline"), load.positive("multiplier"), load.nonNegative("slope"), load.positiveDuration("warm-up"),
        load.positiveDuration("hold"), load.positiveDuration("after"), load.positiveDuration("window"), load.between("recovery-windows", 1, 100),
        personas(config.getStringList("firstbell.load.autoscaling.personas")));
  }

  /** @return the personas, each once, in order; anything but student and teacher is refused */
  public static List<String> personas(List<String> configured) {
    if (configured.isEmpty() || !List.of("student", "teacher").containsAll(configured)) {
      throw new SettingsException("firstbell.load.autoscaling.personas is " + configured
          + " but must name student, teacher or both, e.g. [student, teacher] (their shares come from firstbell.population.student-share)");
    }
    return List.copyOf(new LinkedHashSet<>(configured));
  }

  /** @return the surge's peak rate */
  public double peak() {
    return baseline * multiplier;
  }

  /** @return how long the ramp up to the peak takes: zero for a sudden step */
  public Duration ramp() {
    return slope > 0 ? Duration.ofSeconds((long) Math.ceil(baseline * (multiplier - 1) / slope)) : Duration.ZERO;
  }

  /** @return the plan: the baseline, the ramp or step, the surge held, the baseline again */
  public LoadPlan plan() {
    return plan(baseline, peak(), slope, beforeSurge, hold, after);
  }

  /**
   * The plan: the baseline, then up to the surge at once ({@code slope} 0) or at {@code slope} logins/s per
   * second (played as one-second steps), the surge held, then the baseline again.
   */
  public static LoadPlan plan(double baseline, double peak, double slope, Duration beforeSurge, Duration hold, Duration after) {
    List<LoadPlan.Segment> s = new ArrayList<>();
    s.add(new LoadPlan.Segment(baseline, beforeSurge));
    if (slope > 0) {
      long seconds = (long) Math.ceil((peak - baseline) / slope);
      for (long i = 0; i < seconds; i++) s.add(new LoadPlan.Segment(Math.min(peak, baseline + slope * (i + 0.5)), Duration.ofSeconds(1)));
    }
    s.add(new LoadPlan.Segment(peak, hold));
    s.add(new LoadPlan.Segment(baseline, after));
    return new LoadPlan(s);
  }

  /**
   * @param loadStartMs when the judged load began (after the warm-up)
   * @param telemetrySource the configured telemetry source's name
   * @return the surge's record for {@code run.json}
   */
  public RunRecord.Surge record(long loadStartMs, String telemetrySource) {
    long stepAt = loadStartMs + beforeSurge.toMillis();
    return new RunRecord.Surge(stepAt, stepAt + ramp().toMillis() + hold.toMillis(), baseline, peak(), ramp().toSeconds(), window.toMillis(),
        recoveryWindows, telemetrySource);
  }

  /** @return the surge, for the console */
  public String describe() {
    return String.format(Locale.ROOT, "%s at %.1f logins/s for %d s, then %s to %.1f logins/s held %d s, then %.1f logins/s for %d s",
        String.join(" and ", personas.stream().map(p -> p + "s").toList()), baseline, beforeSurge.toSeconds(),
        slope > 0 ? String.format(Locale.ROOT, "a ramp of %.1f logins/s per second (%d s)", slope, ramp().toSeconds()) : "a sudden step",
        peak(), hold.toSeconds(), baseline, after.toSeconds());
  }
}
