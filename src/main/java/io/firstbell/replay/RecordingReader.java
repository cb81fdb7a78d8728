package io.firstbell.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.firstbell.config.SettingsException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;

/**
 * Reads a recording into logins per second, streaming: memory grows with the window's seconds (and who logged in), not with
 * the lines. Bad input is refused before any load, naming the file, the line and the fix; what is within the settings'
 * tolerances is skipped and counted.
 */
public final class RecordingReader {

  private static final String KEY = ReplaySettings.AREA;
  // the reader is closed with the file, after the digest has read its last bytes
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  private final ReplaySettings settings;
  private final Series total = new Series();
  private final Map<String, Series> keyed = new HashMap<>();
  private long lines;
  private long matched;
  private long unparseable;
  private long outOfOrder;
  private long outside;
  private long firstBadLine;
  private String firstBadText;
  private long firstDisorderLine;
  private long latestMillis = Long.MIN_VALUE;

  private RecordingReader(ReplaySettings settings) {
    this.settings = settings;
  }

  /**
   * @return the recording {@code settings} name, within their window
   * @throws SettingsException when it cannot be read or holds no replayable login
   */
  public static Recording read(ReplaySettings settings) {
    return new RecordingReader(settings).read();
  }

  private Recording read() {
    String file = settings.source().toString();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream raw = new DigestInputStream(Files.newInputStream(settings.source()), sha);
        InputStream in = decompressed(new BufferedInputStream(raw, 1 << 16))) {
      if (settings.format() == ReplaySettings.Format.COUNTS) {
        counts(new InputStreamReader(in, StandardCharsets.UTF_8));
      } else {
        accessLog(new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16));
      }
      raw.transferTo(java.io.OutputStream.nullOutputStream()); // the digest covers the whole file, trailing bytes included
    } catch (IOException e) {
      throw new SettingsException(KEY + ".source: " + file + " cannot be read (" + e.getMessage() + ")");
    }
    return recording(file, HexFormat.of().formatHex(sha.digest()));
  }

  private static InputStream decompressed(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  // ---- access logs ------------------------------------------------------------------------------------------------

  private void accessLog(BufferedReader reader) throws IOException {
    boolean alb = settings.format() == ReplaySettings.Format.ALB;
    AccessLogLine parsed = new AccessLogLine();
    Matcher path = settings.path().matcher("");
    String pattern = settings.path().pattern();
    boolean personaGroup = pattern.contains("(?<persona>");
    boolean districtGroup = pattern.contains("(?<district>");
    String method = settings.method();
    List<Integer> statuses = settings.statuses();
    String line;
    while ((line = reader.readLine()) != null) {
      lines++;
      boolean ok;
      try {
        ok = alb ? parsed.parseAlb(line) : parsed.parseNginx(line);
      } catch (DateTimeException | IndexOutOfBoundsException e) {
        ok = false;
      }
      if (!ok) {
        if (!line.isBlank()) bad(line);
        continue;
      }
      if (method != null && !method.equals(parsed.method)) continue;
      if (!statuses.isEmpty() && !statuses.contains(parsed.status)) continue;
      if (!path.reset(parsed.path).find()) continue;
      String key = personaGroup || districtGroup
          ? Recording.key(personaGroup ? path.group("persona") : null, districtGroup ? path.group("district") : null) : null;
      arrival(parsed.epochMillis, 1, 1, key);
    }
  }

  // ---- counts ------------------------------------------------------------------------------------------------------

  private record Row(long line, long millis, double logins, String key) {}

  private void counts(Reader reader) throws IOException {
    List<Row> rows = new ArrayList<>();
    int time = -1;
    int logins = -1;
    int persona = -1;
    int district = -1;
    try (MappingIterator<List<String>> it = CSV.readerFor(List.class).with(CsvSchema.emptySchema()).readValues(reader)) {
      if (!it.hasNext()) throw refused("is empty", "give a CSV with a header time,logins and one row per minute or second");
      List<String> header = it.next();
      lines++;
      for (int i = 0; i < header.size(); i++) {
        switch (header.get(i).trim().toLowerCase(Locale.ROOT)) {
          case "time" -> time = i;
          case "logins" -> logins = i;
          case "persona" -> persona = i;
          case "district" -> district = i;
          default -> { } // other columns (a dashboard's) are ignored
        }
      }
      if (time < 0 || logins < 0) {
        throw refused("has the header '" + String.join(",", header) + "', without a time and a logins column",
            "give a CSV whose header names time and logins (optional persona and district), or set " + KEY + ".format to nginx or alb for an access log");
      }
      while (it.hasNext()) {
        List<String> row;
        try {
          row = it.next();
        } catch (RuntimeException e) {
          lines++;
          bad("(not CSV: " + e.getMessage() + ")");
          continue;
        }
        lines++;
        if (row.size() == 1 && row.get(0).isBlank()) continue;
        try {
          long millis = epochMillis(row.get(time).trim());
          double n = Double.parseDouble(row.get(logins).trim());
          if (!(n >= 0) || Double.isInfinite(n)) throw new NumberFormatException();
          String key = persona >= 0 || district >= 0 ? Recording.key(cell(row, persona), cell(row, district)) : null;
          rows.add(new Row(lines, millis, n, key));
        } catch (RuntimeException e) {
          bad(String.join(",", row));
        }
      }
    }
    long interval = settings.countsInterval() != null ? settings.countsInterval().toMillis() : gap(rows);
    long read = lines;
    for (Row r : rows) {
      long start = settings.countsTimeIsEnd() ? r.millis - interval : r.millis;
      lines = r.line; // for an out-of-order message
      arrival(start, r.logins, Math.max(1, (int) (interval / 1000)), r.key);
    }
    lines = read;
  }

  private static String cell(List<String> row, int i) {
    return i < 0 || i >= row.size() ? "" : row.get(i).trim();
  }

  /** @return the smallest positive gap between rows, in whole seconds */
  private long gap(List<Row> rows) {
    long[] times = rows.stream().mapToLong(Row::millis).sorted().distinct().toArray();
    long gap = Long.MAX_VALUE;
    for (int i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
    if (gap == Long.MAX_VALUE) {
      if (times.length == 0) return 60_000; // no row: refused below, as matching nothing
      throw refused("has a single time, so the interval of its rows is unknown", "set " + KEY + ".counts.interval, e.g. 1m");
    }
    if (gap < 1000 || gap % 1000 != 0) {
      throw refused("has rows " + gap + " ms apart", "give rows whole seconds apart (per second or per minute), or set " + KEY + ".counts.interval");
    }
    return gap;
  }

  /** seconds since the epoch (a fraction allowed, as Prometheus exports them), or a date and time with its offset */
  private static long epochMillis(String s) {
    if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) && !s.contains("-"))) {
      return Math.round(Double.parseDouble(s) * 1000);
    }
    return s.endsWith("Z") ? Instant.parse(s).toEpochMilli() : OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  // ---- both --------------------------------------------------------------------------------------------------------

  private void bad(String line) {
    if (unparseable++ == 0) {
      firstBadLine = lines;
      firstBadText = line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
  }

  /** {@code logins} spread evenly over {@code seconds} seconds from {@code millis} */
  private void arrival(long millis, double logins, int seconds, String key) {
    matched++;
    if (latestMillis != Long.MIN_VALUE && millis < latestMillis - settings.maxDisorder().toMillis()) {
      if (outOfOrder++ == 0) firstDisorderLine = lines;
      return;
    }
    latestMillis = Math.max(latestMillis, millis);
    long from = settings.from() == null ? Long.MIN_VALUE : settings.from().toEpochMilli();
    long to = settings.to() == null ? Long.MAX_VALUE : settings.to().toEpochMilli();
    long first = Math.floorDiv(millis, 1000);
    double each = logins / seconds;
    boolean inside = false;
    for (int i = 0; i < seconds; i++) {
      long second = first + i;
      long at = seconds == 1 ? millis : second * 1000;
      if (at < from || at >= to) continue;
      inside = true;
      total.add(second, each);
      if (key != null) keyed.computeIfAbsent(key, k -> new Series()).add(second, each);
    }
    if (!inside) outside++;
  }

  private Recording recording(String file, String digest) {
    if (lines == 0) throw refused("is empty", "give the recording to replay");
    if (unparseable > settings.maxUnparseable() * lines) {
      throw refused(String.format(Locale.ROOT, "has %,d unparseable lines of %,d (more than %s), the first at line %d: %s", unparseable, lines,
              pct(settings.maxUnparseable()), firstBadLine, firstBadText),
          "check " + KEY + ".format (" + settings.format().name().toLowerCase(Locale.ROOT) + "; counts, nginx or alb), or raise " + KEY + ".max-unparseable");
    }
    if (matched == 0) {
      throw refused(settings.format() == ReplaySettings.Format.COUNTS ? "has no counts row" : String.format(Locale.ROOT,
              "has no line matching %s.match (%s) among its %,d lines", KEY, settings.describeMatch(), lines),
          settings.format() == ReplaySettings.Format.COUNTS ? "give rows of time,logins" : "fix " + KEY + ".match (method, path, status) to pick the lines that are logins");
    }
    if (outOfOrder > settings.maxOutOfOrder() * matched) {
      throw refused(String.format(Locale.ROOT, "has %,d of %,d logins more than %d s behind the latest time before them (more than %s), the first at line %d",
              outOfOrder, matched, settings.maxDisorder().toSeconds(), pct(settings.maxOutOfOrder()), firstDisorderLine),
          "sort it by time, or raise " + KEY + ".max-disorder or " + KEY + ".max-out-of-order");
    }
    if (total.isEmpty()) {
      throw refused(String.format(Locale.ROOT, "has no login in the window %s–%s (%,d logins outside it)",
              settings.from() == null ? "its start" : settings.from(), settings.to() == null ? "its end" : settings.to(), outside),
          "fix " + KEY + ".window (from, to) to a part of the recording");
    }
    long start = settings.from() != null ? Math.floorDiv(settings.from().toEpochMilli(), 1000) : total.first();
    long end = settings.to() != null ? Math.floorDiv(settings.to().toEpochMilli() + 999, 1000) : total.last() + 1;
    Map<String, double[]> keys = new HashMap<>();
    keyed.forEach((k, s) -> keys.put(k, s.slice(start, end)));
    return new Recording(file, digest, Instant.ofEpochSecond(start), total.slice(start, end), keys,
        new Recording.Stats(lines, matched, unparseable, outOfOrder, outside, firstBadLine));
  }

  private SettingsException refused(String what, String fix) {
    return new SettingsException(KEY + ".source: " + settings.source() + " " + what + "; " + fix + ". No load was sent");
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.3g %%", share * 100);
  }

  /** Counts per second, growing either way from the first second added. */
  static final class Series {
    private double[] values = new double[0];
    private long base;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void add(long second, double n) {
      if (values.length == 0) {
        values = new double[4096];
        base = second - 1024;
      }
      if (second < base) {
        long grow = Math.max(values.length, base - second + 1024);
        double[] bigger = new double[Math.toIntExact(values.length + grow)];
        System.arraycopy(values, 0, bigger, (int) grow, values.length);
        values = bigger;
        base -= grow;
      } else if (second - base >= values.length) {
        values = java.util.Arrays.copyOf(values, Math.toIntExact(Math.max(values.length * 2L, second - base + 1024)));
      }
      values[(int) (second - base)] += n;
      first = Math.min(first, second);
      last = Math.max(last, second);
    }

    boolean isEmpty() {
      return first == Long.MAX_VALUE;
    }

    long first() {
      return first;
    }

    long last() {
      return last;
    }

    /** @return the counts of seconds {@code from} (inclusive) to {@code to} (exclusive) */
    double[] slice(long from, long to) {
      double[] out = new double[Math.toIntExact(to - from)];
      for (long s = Math.max(from, first); s < Math.min(to, last + 1); s++) out[(int) (s - from)] = values[(int) (s - base)];
      return out;
    }
  }
}
