package io.firstbell.replay;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to replay and how ({@code firstbell.load.replay}); immutable, validated before any load.
 *
 * @param source the recording: a counts CSV or an access log, gzip-compressed or not
 * @param format how to read it
 * @param from the window's start (inclusive), or null for the recording's first arrival
 * @param to the window's end (exclusive), or null for the recording's last arrival
 * @param multiplier how many logins are offered for each recorded one, in every window of time (1.2: 20 % more)
 * @param speed how much faster than recorded the clock runs (2: a recorded hour is replayed in 30 minutes); a different thing
 *     from the multiplier, which keeps the clock and adds logins
 * @param seed where within each second the extra (or missing) fractions of logins fall
 * @param countsTimeIsEnd whether a counts row's time ends its interval (Prometheus {@code increase(...[1m])}) rather than starting it
 * @param countsInterval the interval of a counts row, or null to take the smallest gap between rows
 * @param method the method of the lines that are logins, or null for any
 * @param path found in a line's path (no query) for it to be a login; its named groups {@code persona} and {@code district}, when
 *     present, say who logged in
 * @param statuses the statuses of the lines that are logins (empty: any)
 * @param maxUnparseable the share of lines that may be unparseable (counted and skipped) before the recording is refused
 * @param maxDisorder how far a line's time may fall behind the latest time seen and still count in order
 * @param maxOutOfOrder the share of matched lines that may be out of order by more than {@code maxDisorder} before the recording is refused
 */
public record ReplaySettings(
    Path source,
    Format format,
    Instant from,
    Instant to,
    double multiplier,
    double speed,
    long seed,
    boolean countsTimeIsEnd,
    Duration countsInterval,
    String method,
    Pattern path,
    List<Integer> statuses,
    double maxUnparseable,
    Duration maxDisorder,
    double maxOutOfOrder) {

  /** The recording's formats. */
  public enum Format {
    /** {@code time,logins} rows (per minute or per second), optional {@code persona} and {@code district} columns */
    COUNTS,
    /** an nginx access log, combined format, with {@code [$time_local]}, {@code $msec} or {@code $time_iso8601} */
    NGINX,
    /** an AWS Application Load Balancer access log */
    ALB
  }

  public static final String AREA = "firstbell.load.replay";

  /**
   * Reads {@code firstbell.load.replay}.
   *
   * @throws SettingsException naming the key and the fix
   */
  public static ReplaySettings from(Config config) {
    Checks c = new Checks(config, AREA);
    Config r = config.getConfig(AREA);
    String sourceName = r.getString("source").trim();
    if (sourceName.isEmpty()) {
      throw new SettingsException(c.full("source") + " is required: the recording to replay, a counts CSV (time,logins per minute or "
          + "per second) or an access log (nginx or alb), gzip-compressed or not");
    }
    Path source = Path.of(sourceName);
    if (!Files.isRegularFile(source)) {
      throw new SettingsException(c.full("source") + " is '" + sourceName + "', which is not a file; give the path of the recording to replay");
    }
    Format format = c.choice("format", Format.class);
    Instant from = instant(c, r, "window.from");
    Instant to = instant(c, r, "window.to");
    if (from != null && to != null && !to.isAfter(from)) {
      throw new SettingsException(c.full("window.to") + " (" + to + ") must be after " + c.full("window.from") + " (" + from + ")");
    }
    double multiplier = c.positive("multiplier");
    double speed = c.positive("speed");
    String time = r.getString("counts.time").trim().toLowerCase(Locale.ROOT);
    if (!time.equals("start") && !time.equals("end")) {
      throw new SettingsException(c.full("counts.time") + " is '" + time + "' but must be start (a row's time starts its interval) or end "
          + "(it ends it, as in a Prometheus increase(...[1m]) export)");
    }
    String interval = r.getString("counts.interval").trim();
    Duration countsInterval = interval.equalsIgnoreCase("auto") ? null : c.positiveDuration("counts.interval");
    if (countsInterval != null && countsInterval.toMillis() % 1000 != 0) {
      throw new SettingsException(c.full("counts.interval") + " is " + interval + " but must be whole seconds, e.g. 1s or 1m, or auto");
    }
    String method = r.getString("match.method").trim();
    String pathRegex = r.getString("match.path");
    Pattern path;
    try {
      path = Pattern.compile(pathRegex);
    } catch (PatternSyntaxException e) {
      throw new SettingsException(c.full("match.path") + " is '" + pathRegex + "', which is not a regular expression: " + e.getDescription());
    }
    List<Integer> statuses;
    try {
      statuses = List.copyOf(r.getIntList("match.status"));
    } catch (RuntimeException e) {
      throw new SettingsException(c.full("match.status") + " must be a list of HTTP statuses such as [200, 302], or [] for any");
    }
    for (int s : statuses) {
      if (s < 100 || s > 599) throw new SettingsException(c.full("match.status") + " holds " + s + ", which is not an HTTP status (100-599)");
    }
    return new ReplaySettings(source, format, from, to, multiplier, speed, c.seed("seed"), time.equals("end"), countsInterval,
        method.isEmpty() || method.equals("*") ? null : method.toUpperCase(Locale.ROOT), path, statuses, c.fraction("max-unparseable"),
        c.nonNegativeDuration("max-disorder"), c.fraction("max-out-of-order"));
  }

  private static Instant instant(Checks c, Config r, String key) {
    String value = r.getString(key).trim();
    if (value.isEmpty()) return null;
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new SettingsException(c.full(key) + " is '" + value + "' but must be a date and time with its offset, e.g. 2026-09-08T07:00:00-04:00");
    }
  }

  /** @return the matcher, for messages: e.g. {@code method POST, path ~ ^/in/, status [200]} */
  public String describeMatch() {
    return "method " + (method == null ? "any" : method) + ", path ~ " + path.pattern() + ", status " + (statuses.isEmpty() ? "any" : statuses);
  }
}
