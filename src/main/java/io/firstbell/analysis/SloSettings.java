package io.firstbell.analysis;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import java.time.Duration;

/** The service level objective ({@code firstbell.slo}): share of logins that succeed, and p95 login time. */
public record SloSettings(double successRatio, Duration p95Login) {

  public static SloSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.slo");
    return new SloSettings(c.fraction("success-ratio"), c.positiveDuration("p95-login"));
  }

  /** @return whether logins with this outcome meet the objective; nothing attempted meets nothing */
  public boolean metBy(long attempted, double successRatio, long p95Ms) {
    return attempted > 0 && successRatio >= this.successRatio && p95Ms <= p95Login.toMillis();
  }

  /** @return e.g. "success >= 99.0% and p95 login <= 2000 ms" */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "success >= %.1f%% and p95 login <= %d ms", 100 * successRatio, p95Login.toMillis());
  }
}
