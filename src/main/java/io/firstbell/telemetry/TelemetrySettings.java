package io.firstbell.telemetry;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings;
import java.time.Duration;

/**
 * Where a run reads the target's instances from ({@code firstbell.telemetry}); immutable, validated before
 * any load is sent.
 *
 * @param source where from
 * @param interval how often it is polled
 * @param timeout how long one poll may take
 * @param capacityUrl the reference stack's {@code /admin/capacity} (source {@code reference}); empty: the target's own
 * @param prometheusUrl the Prometheus server's base URL (source {@code prometheus})
 * @param readyQuery PromQL: instances ready to serve
 * @param desiredQuery PromQL: instances the autoscaler wants
 */
public record TelemetrySettings(Source source, Duration interval, Duration timeout, String capacityUrl, String prometheusUrl,
    String readyQuery, String desiredQuery) {

  /** The telemetry sources. */
  public enum Source {
    /** {@code reference} for the reference target, {@code none} for the others. */
    AUTO,
    /** The reference stack's {@code /admin/capacity}: instances, slots, datastore and the autoscaler's own events. */
    REFERENCE,
    /** A Prometheus server's HTTP API, with PromQL for ready and desired instances. */
    PROMETHEUS,
    /** Client side only: the ledger alone. */
    NONE
  }

  /**
   * Reads {@code firstbell.telemetry}; {@code auto} is resolved against the target.
   *
   * @throws SettingsException naming the key and the fix
   */
  public static TelemetrySettings from(Config config, TargetSettings target) {
    Checks c = new Checks(config, "firstbell.telemetry");
    Source source = c.choice("source", Source.class);
    if (source == Source.AUTO) source = target.kind() == TargetSettings.Kind.REFERENCE ? Source.REFERENCE : Source.NONE;
    Duration interval = c.positiveDuration("interval");
    Duration timeout = c.positiveDuration("timeout");
    String capacityUrl = config.getString("firstbell.telemetry.reference.capacity-url").trim();
    if (!capacityUrl.isEmpty()) Checks.httpUrl(c.full("reference.capacity-url"), capacityUrl);
    if (source == Source.REFERENCE && capacityUrl.isEmpty() && target.kind() != TargetSettings.Kind.REFERENCE) {
      throw new SettingsException(c.full("source") + " is reference but the target is " + target.kind().name().toLowerCase(java.util.Locale.ROOT)
          + "; set " + c.full("reference.capacity-url") + " to its /admin/capacity URL, or choose prometheus or none");
    }
    String prometheus = config.getString("firstbell.telemetry.prometheus.url").trim();
    String ready = config.getString("firstbell.telemetry.prometheus.ready").trim();
    String desired = config.getString("firstbell.telemetry.prometheus.desired").trim();
    if (source == Source.PROMETHEUS) {
      if (prometheus.isEmpty()) {
        throw new SettingsException(c.full("prometheus.url") + " is required for " + c.full("source") + " = prometheus; set it to the server's base URL such as http://127.0.0.1:9090");
      }
      Checks.httpUrl(c.full("prometheus.url"), prometheus);
      if (ready.isEmpty()) throw new SettingsException(c.full("prometheus.ready") + " must be a PromQL expression for the instances ready to serve");
      if (desired.isEmpty()) throw new SettingsException(c.full("prometheus.desired") + " must be a PromQL expression for the instances the autoscaler wants");
    }
    if (prometheus.endsWith("/")) prometheus = prometheus.substring(0, prometheus.length() - 1);
    return new TelemetrySettings(source, interval, timeout, capacityUrl, prometheus, ready, desired);
  }

  /** @return a description for the console */
  public String describe() {
    return switch (source) {
      case REFERENCE -> "reference stack /admin/capacity every " + interval.toMillis() + " ms" + (capacityUrl.isEmpty() ? "" : " at " + capacityUrl);
      case PROMETHEUS -> "prometheus " + prometheusUrl + " every " + interval.toMillis() + " ms (ready: " + readyQuery + "; desired: " + desiredQuery + ")";
      default -> "none (client side only: the ledger)";
    };
  }
}
