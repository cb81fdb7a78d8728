package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.Locale;

/**
 * Hard ceilings on any run ({@code firstbell.safety}): the highest arrival rate, the longest planned length and the most
 * planned logins. A plan beyond one is refused before any load is sent, with its numbers and the key to change; the
 * breaking-point search's {@code max} and the autoscaling surge obey them like every other plan.
 */
public record Safety(double maxRate, Duration maxDuration, long maxLogins) {

  public static Safety from(Config config) {
    Checks c = new Checks(config, "firstbell.safety");
    return new Safety(c.positive("max-rate"), c.positiveDuration("max-duration"), c.atLeast("max-logins", 1));
  }

  /**
   * @param what the plan, in words, and the setting that shapes it, e.g. "the breaking-point search (firstbell.breaking-point.max)"
   * @throws SettingsException when the plan exceeds a ceiling
   */
  public void check(String what, double peakRate, Duration duration, long logins) {
    if (peakRate > maxRate) {
      throw refused(what + " would offer " + Rates.fmt(peakRate) + " logins/s at its peak, above firstbell.safety.max-rate (" + Rates.fmt(maxRate) + ")",
          "max-rate");
    }
    if (duration.compareTo(maxDuration) > 0) {
      throw refused(what + " would run " + duration.toSeconds() + " s, longer than firstbell.safety.max-duration (" + maxDuration.toSeconds() + " s)",
          "max-duration");
    }
    if (logins > maxLogins) {
      throw refused(String.format(Locale.ROOT, "%s would start %,d logins, more than firstbell.safety.max-logins (%,d)", what, logins, maxLogins),
          "max-logins");
    }
  }

  /** @return the ceilings, in words, for the console */
  public String describe() {
    return String.format(Locale.ROOT, "at most %s logins/s, %d s and %,d logins (firstbell.safety)", Rates.fmt(maxRate), maxDuration.toSeconds(), maxLogins);
  }

  private static SettingsException refused(String why, String key) {
    return new SettingsException(why + ": shorten or lower the load, or raise firstbell.safety." + key + " if the target can take it; no load was sent");
  }

}
