package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;

/** Who logs in and how ({@code firstbell.population}); immutable, validated when built. */
public record PopulationSettings(
    double studentShare,
    double teacherPortal,
    double teacherAppInitiated,
    double teacherAppInitiatedWarm,
    double mistypeShare,
    ThinkTime thinkTime) {

  /** Pauses between a journey's steps. */
  public record ThinkTime(Distribution distribution, Duration mean, Duration max) {

    public enum Distribution { NONE, CONSTANT, UNIFORM, EXPONENTIAL }

    /** No think time at all. */
    public static final ThinkTime NONE = new ThinkTime(Distribution.NONE, Duration.ZERO, Duration.ZERO);

    /**
     * @param u a uniform random number in [0, 1)
     * @return one pause, in milliseconds, capped at {@code max}
     */
    public long drawMillis(double u) {
      double mean = this.mean.toMillis();
      double ms = switch (distribution) {
        case NONE -> 0;
        case CONSTANT -> mean;
        case UNIFORM -> 2 * mean * u;
        case EXPONENTIAL -> -mean * Math.log(1 - u);
      };
      return Math.min(max.toMillis(), Math.round(ms));
    }

    public String describe() {
      return distribution == Distribution.NONE ? "no think time"
          : distribution.name().toLowerCase() + " think time, mean " + mean.toMillis() + " ms, max " + max.toMillis() + " ms";
    }
  }

  public static PopulationSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.population");
    double portal = c.nonNegative("teacher-methods.portal");
    double app = c.nonNegative("teacher-methods.app-initiated");
    double warm = c.nonNegative("teacher-methods.app-initiated-warm");
    if (portal + app + warm <= 0) {
      throw new SettingsException(c.full("teacher-methods") + " weights are all 0; give at least one a positive weight");
    }
    Checks t = new Checks(config, "firstbell.population.think-time");
    return new PopulationSettings(c.fraction("student-share"), portal, app, warm, c.fraction("mistype-share"),
        new ThinkTime(t.choice("distribution", ThinkTime.Distribution.class), t.nonNegativeDuration("mean"), t.nonNegativeDuration("max")));
  }

  /** @return e.g. "90% students (badge users by badge), teachers portal 6 : app-initiated 3 : warm 1, 3% mistype once" */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%.0f%% students (badge users by badge, the rest through the portal), teachers portal %s : app-initiated %s : app-initiated with a portal session %s, %.1f%% mistype once, %s",
        100 * studentShare, trim(teacherPortal), trim(teacherAppInitiated), trim(teacherAppInitiatedWarm), 100 * mistypeShare, thinkTime.describe());
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
