package io.firstbell.replay;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recorded logins per second over a window: what a replay replays. A counts row spreads its logins evenly over its
 * interval, so counts may be fractions.
 *
 * @param source the file read
 * @param digest its SHA-256 (hex), as stored (compressed or not)
 * @param start the window's first second
 * @param counts the logins recorded in each second of the window, from {@code start}
 * @param keyed the same per who logged in ({@link #key persona and district}), for the part of the logins whose recording says
 * @param stats what reading found
 */
public record Recording(String source, String digest, Instant start, double[] counts, Map<String, double[]> keyed, Stats stats) {

  /**
   * What reading the recording found.
   *
   * @param linesRead lines (or counts rows) read
   * @param matched lines that are logins, inside the window or not
   * @param unparseable lines without the format's shape (skipped)
   * @param outOfOrder matched lines further behind the latest time than the disorder allowed (skipped)
   * @param outsideWindow matched lines outside the window (skipped)
   * @param firstUnparseableLine the line number of the first unparseable line, or 0
   */
  public record Stats(long linesRead, long matched, long unparseable, long outOfOrder, long outsideWindow, long firstUnparseableLine) {}

  /** @return the key of a persona and district (either may be empty) */
  public static String key(String persona, String district) {
    return (persona == null ? "" : persona) + "|" + (district == null ? "" : district);
  }

  /** @return the persona of {@code key}, or empty */
  public static String persona(String key) {
    return key.substring(0, key.indexOf('|'));
  }

  /** @return the district of {@code key}, or empty */
  public static String district(String key) {
    return key.substring(key.indexOf('|') + 1);
  }

  /** @return the window's length in seconds */
  public int seconds() {
    return counts.length;
  }

  /** @return the logins recorded in the window */
  public double total() {
    double t = 0;
    for (double c : counts) t += c;
    return t;
  }

  /** @return the logins recorded in each minute of the window */
  public double[] perMinute() {
    double[] minutes = new double[(counts.length + 59) / 60];
    for (int i = 0; i < counts.length; i++) minutes[i / 60] += counts[i];
    return minutes;
  }

  /** @return the keys in a stable order */
  public Map<String, double[]> sortedKeyed() {
    return new TreeMap<>(keyed);
  }
}
