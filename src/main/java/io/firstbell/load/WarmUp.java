package io.firstbell.load;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import java.time.Duration;
import java.util.Locale;

/**
 * The warm-up before a judged load ({@code firstbell.warm-up}): logins at a constant rate that warm the target and
 * the generator (JIT, pools, caches, first connections) and are never judged. Never harder than the load begins: the
 * rate is at most the load's first rate. A {@code duration} of {@code 0s} switches it off.
 */
public record WarmUp(Duration duration, double rate) {

  /** No warm-up. */
  public static final WarmUp OFF = new WarmUp(Duration.ZERO, 0);

  public static WarmUp from(Config config) {
    Checks c = new Checks(config, "firstbell.warm-up");
    Duration d = c.nonNegativeDuration("duration");
    return d.isZero() ? OFF : new WarmUp(d, c.positive("rate"));
  }

  public boolean enabled() {
    return !duration.isZero() && rate > 0;
  }

  /** @return the warm-up's rate before a load whose first rate is {@code firstLoadRate}: never above it */
  public double rateBefore(double firstLoadRate) {
    return firstLoadRate > 0 ? Math.min(rate, firstLoadRate) : rate;
  }

  /** @return e.g. "warm-up 15 s at 10 logins/s (not judged)", or "no warm-up" */
  public String describe(double firstLoadRate) {
    return enabled() ? String.format(Locale.ROOT, "warm-up %d s at %s logins/s (not judged)", duration.toSeconds(), Rates.fmt(rateBefore(firstLoadRate)))
        : "no warm-up";
  }

}
