package io.firstbell.stack.http;

import io.firstbell.config.SettingsException;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The stack's access log, as an nginx in front of it would write it (format {@code combined}: {@code $remote_addr - -
 * [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"}), one line per request of every
 * server, so that a run can be recorded and replayed. Lines are written as requests end and flushed at least every second
 * and on close.
 */
public final class AccessLog implements AutoCloseable {

  private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  private final Path file;
  private final BufferedWriter out;
  private final ZoneId zone;
  private long lastFlush = System.nanoTime();
  private long lines;

  /**
   * @param file the log, created or emptied
   * @param zone the zone of {@code $time_local}
   * @throws SettingsException when it cannot be written
   */
  public AccessLog(Path file, ZoneId zone) {
    this.file = file;
    this.zone = zone;
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SettingsException("firstbell.stack.access-log is '" + file + "', which cannot be written (" + e.getMessage()
          + "); give a writable file, or leave it empty to write no access log");
    }
  }

  /** Writes the line of the request {@code ctx}, which has just been answered. */
  public void log(Context ctx) {
    String query = ctx.queryString();
    String length = ctx.res().getHeader("Content-Length");
    String line = ctx.ip() + " - - [" + TIME_LOCAL.format(Instant.now().atZone(zone)) + "] \"" + ctx.method() + " " + ctx.path()
        + (query == null || query.isEmpty() ? "" : "?" + query) + " " + ctx.protocol() + "\" " + ctx.statusCode() + " "
        + (length == null ? "0" : length) + " \"" + quoted(ctx.header("Referer")) + "\" \"" + quoted(ctx.userAgent()) + "\"\n";
    synchronized (this) {
      try {
        out.write(line);
        lines++;
        long now = System.nanoTime();
        if (now - lastFlush > 1_000_000_000L) {
          out.flush();
          lastFlush = now;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("access log " + file + " cannot be written", e);
      }
    }
  }

  private static String quoted(String value) {
    return value == null || value.isEmpty() ? "-" : value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** @return the lines written so far */
  public synchronized long lines() {
    return lines;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("access log " + file + " cannot be closed", e);
    }
  }
}
