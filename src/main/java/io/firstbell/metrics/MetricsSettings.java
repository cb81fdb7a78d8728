package io.firstbell.metrics;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Whether and where this injector serves its live login metrics ({@code firstbell.metrics}); immutable, validated before any
 * load.
 *
 * @param enabled whether {@link LiveMetrics} serves {@code /metrics} at all
 * @param port the port it listens on; 0 for any free one
 * @param bind the address it listens on: an IP address ({@code 127.0.0.1}, this machine only; {@code 0.0.0.0}, every
 *     interface, as a pod needs) or {@code localhost}
 * @param linger at the end of the run, how long {@link LiveMetrics#close()} waits for one more scrape, so that Prometheus has
 *     the final counts; zero: it stops at once
 */
public record MetricsSettings(boolean enabled, int port, String bind, Duration linger) {

  /** No metrics served. */
  public static final MetricsSettings OFF = new MetricsSettings(false, 0, "127.0.0.1", Duration.ZERO);

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * Reads {@code firstbell.metrics}.
   *
   * @throws SettingsException naming the key and the fix
   */
  public static MetricsSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.metrics");
    boolean enabled = c.onOff("enabled");
    int port = c.between("port", 0, 65535);
    String bind = c.string("bind").trim();
    if (!address(bind)) {
      throw new SettingsException(c.full("bind") + " is '" + bind + "' but must be an IP address to listen on: 127.0.0.1 (this machine"
          + " only), 0.0.0.0 (every interface, what a pod needs to be scraped), an IPv6 address such as ::1, or localhost");
    }
    return new MetricsSettings(enabled, port, bind, c.nonNegativeDuration("linger"));
  }

  /** @return whether {@code bind} is an address literal or {@code localhost}: nothing that needs a name lookup */
  static boolean address(String bind) {
    if (bind.equalsIgnoreCase("localhost") || IPV4.matcher(bind).matches()) return true;
    if (!IPV6.matcher(bind).matches()) return false;
    try {
      java.net.InetAddress.getByName(bind); // a literal with ':' is parsed, never looked up
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** @return e.g. {@code http://127.0.0.1:9404/metrics} (the configured port, 0 when any), or {@code off}, for the console */
  public String describe() {
    return enabled ? "http://" + host(bind) + ":" + port + "/metrics" : "off";
  }

  static String host(String bind) {
    return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
  }
}
