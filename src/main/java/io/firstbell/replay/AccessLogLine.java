package io.firstbell.replay;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One access log line, read without regular expressions (a day of log is millions of lines): its time, method, path and
 * status. The parsers fill a reused holder and say whether the line had the format's shape.
 *
 * <ul>
 *   <li>nginx {@code combined}: {@code $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
 *       "$http_referer" "$http_user_agent"}, and the same with {@code $msec} ({@code 1757502001.123}) or
 *       {@code $time_iso8601} ({@code 2026-09-10T07:00:01-04:00}) in place of {@code [$time_local]};
 *   <li>AWS ALB: {@code type time elb client:port target:port request_processing_time target_processing_time
 *       response_processing_time elb_status_code target_status_code received_bytes sent_bytes "request" ...}, the time
 *       as {@code 2026-09-10T11:00:01.123456Z} and the request as {@code "POST https://host:443/path?query HTTP/1.1"}.
 * </ul>
 */
public final class AccessLogLine {

  /** The parsed fields; valid after a parse returned true. */
  public long epochMillis;
  public String method;
  /** The path, without the query. */
  public String path;
  public int status;

  // the epoch millis at midnight UTC of the date last parsed, cached: lines of a log share their date
  private int cachedYear = -1;
  private int cachedMonth;
  private int cachedDay;
  private long cachedMidnight;

  /** @return whether {@code line} is an nginx combined line (with any of its three time variants); fills the fields */
  public boolean parseNginx(String line) {
    // the time comes after the remote user: "addr - user " then "[..]", or a bare $msec / $time_iso8601 token
    int first = line.indexOf(' ');
    if (first < 0) return false;
    int second = line.indexOf(' ', first + 1);
    if (second < 0) return false;
    int timeStart = line.indexOf(' ', second + 1);
    if (timeStart < 0) return false;
    timeStart++;
    int timeEnd;
    if (timeStart < line.length() && line.charAt(timeStart) == '[') {
      timeEnd = line.indexOf(']', timeStart);
      if (timeEnd < 0 || !timeLocal(line, timeStart + 1, timeEnd)) return false;
      timeEnd++;
    } else {
      timeEnd = line.indexOf(' ', timeStart);
      if (timeEnd < 0) return false;
      if (!(msec(line, timeStart, timeEnd) || iso(line, timeStart, timeEnd))) return false;
    }
    int quote = line.indexOf('"', timeEnd);
    if (quote < 0) return false;
    int close = line.indexOf('"', quote + 1);
    if (close < 0 || !request(line, quote + 1, close, false)) return false;
    return statusAt(line, close + 2);
  }

  /** @return whether {@code line} is an AWS ALB access log line; fills the fields (the status is the ELB's) */
  public boolean parseAlb(String line) {
    int typeEnd = line.indexOf(' ');
    if (typeEnd < 0) return false;
    int timeEnd = line.indexOf(' ', typeEnd + 1);
    if (timeEnd < 0 || !iso(line, typeEnd + 1, timeEnd)) return false;
    // elb, client:port, target:port, three processing times, then the ELB status code
    int at = timeEnd;
    for (int i = 0; i < 6; i++) {
      at = line.indexOf(' ', at + 1);
      if (at < 0) return false;
    }
    if (!statusAt(line, at + 1)) return false;
    int quote = line.indexOf('"', at);
    if (quote < 0) return false;
    int close = line.indexOf('"', quote + 1);
    return close >= 0 && request(line, quote + 1, close, true);
  }

  /** "METHOD target PROTOCOL"; an absolute target (ALB) loses its scheme, host and port; the query is dropped */
  private boolean request(String line, int from, int to, boolean absolute) {
    int space = line.indexOf(' ', from);
    if (space < 0 || space >= to) return false;
    method = line.substring(from, space);
    int targetStart = space + 1;
    int targetEnd = line.indexOf(' ', targetStart);
    if (targetEnd < 0 || targetEnd > to) targetEnd = to;
    if (absolute || line.startsWith("http", targetStart)) {
      int scheme = line.indexOf("://", targetStart);
      if (scheme >= 0 && scheme < targetEnd) {
        int slash = line.indexOf('/', scheme + 3);
        targetStart = slash < 0 || slash >= targetEnd ? targetEnd : slash;
      }
    }
    int query = line.indexOf('?', targetStart);
    int pathEnd = query >= 0 && query < targetEnd ? query : targetEnd;
    path = targetStart == pathEnd ? "/" : line.substring(targetStart, pathEnd);
    return true;
  }

  private boolean statusAt(String line, int at) {
    if (at + 3 > line.length()) return false;
    int s = 0;
    for (int i = at; i < at + 3; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') return false;
      s = s * 10 + (c - '0');
    }
    if (at + 3 < line.length() && line.charAt(at + 3) != ' ') return false;
    status = s;
    return true;
  }

  /** {@code 10/Sep/2026:07:00:01 -0400} */
  private boolean timeLocal(String s, int from, int to) {
    if (to - from != 26 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/' || s.charAt(from + 11) != ':' || s.charAt(from + 20) != ' ') {
      return false;
    }
    int day = digits(s, from, 2);
    int month = month(s, from + 3);
    int year = digits(s, from + 7, 4);
    int h = digits(s, from + 12, 2);
    int m = digits(s, from + 15, 2);
    int sec = digits(s, from + 18, 2);
    int offset = offsetSeconds(s, from + 21, to);
    if ((day | month | year | h | m | sec) < 0 || offset == Integer.MIN_VALUE) return false;
    epochMillis = midnight(year, month, day) + ((h * 3600L + m * 60L + sec) - offset) * 1000L;
    return true;
  }

  /** {@code 1757502001.123} (seconds since the epoch, to the millisecond) */
  private boolean msec(String s, int from, int to) {
    int dot = s.indexOf('.', from);
    if (dot < 0 || dot >= to || dot == from) return false;
    long seconds = 0;
    for (int i = from; i < dot; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
      seconds = seconds * 10 + (c - '0');
    }
    long millis = 0;
    int n = 0;
    for (int i = dot + 1; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
      if (n++ < 3) millis = millis * 10 + (c - '0');
    }
    for (; n < 3; n++) millis *= 10;
    epochMillis = seconds * 1000 + millis;
    return true;
  }

  /** {@code 2026-09-10T07:00:01-04:00}, {@code 2026-09-10T11:00:01.123456Z}, {@code +00:00} or {@code +0000} */
  private boolean iso(String s, int from, int to) {
    if (to - from < 20 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 10) != 'T'
        || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
      return false;
    }
    int year = digits(s, from, 4);
    int month = digits(s, from + 5, 2);
    int day = digits(s, from + 8, 2);
    int h = digits(s, from + 11, 2);
    int m = digits(s, from + 14, 2);
    int sec = digits(s, from + 17, 2);
    if ((year | month | day | h | m | sec) < 0 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    int at = from + 19;
    long millis = 0;
    if (at < to && s.charAt(at) == '.') {
      int n = 0;
      for (at++; at < to && Character.isDigit(s.charAt(at)); at++) {
        if (n++ < 3) millis = millis * 10 + (s.charAt(at) - '0');
      }
      for (; n < 3; n++) millis *= 10;
    }
    int offset = at < to && s.charAt(at) == 'Z' && at + 1 == to ? 0 : offsetSeconds(s, at, to);
    if (offset == Integer.MIN_VALUE) return false;
    epochMillis = midnight(year, month, day) + ((h * 3600L + m * 60L + sec) - offset) * 1000L + millis;
    return true;
  }

  /** {@code -0400} or {@code -04:00}; MIN_VALUE when neither */
  private static int offsetSeconds(String s, int from, int to) {
    int len = to - from;
    if (len != 5 && len != 6) return Integer.MIN_VALUE;
    char sign = s.charAt(from);
    if (sign != '+' && sign != '-') return Integer.MIN_VALUE;
    int h = digits(s, from + 1, 2);
    if (len == 6 && s.charAt(from + 3) != ':') return Integer.MIN_VALUE;
    int m = digits(s, from + (len == 6 ? 4 : 3), 2);
    if (h < 0 || m < 0) return Integer.MIN_VALUE;
    int seconds = h * 3600 + m * 60;
    return sign == '-' ? -seconds : seconds;
  }

  private long midnight(int year, int month, int day) {
    if (year != cachedYear || month != cachedMonth || day != cachedDay) {
      cachedMidnight = LocalDate.of(year, month, day).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      cachedYear = year;
      cachedMonth = month;
      cachedDay = day;
    }
    return cachedMidnight;
  }

  /** @return the {@code n} decimal digits at {@code from}, or -1 when they are not all digits */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private static int month(String s, int from) {
    for (int i = 0; i < 12; i++) {
      if (s.regionMatches(from, MONTHS, i * 3, 3)) return i + 1;
    }
    return -1;
  }
}
