package io.firstbell.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A run's folder, {@code results/<simulation>-<timestamp>/}: logins.csv, telemetry.csv, summary.json,
 * capacity-report.html and a link to Gatling's own report folder. Runs never overwrite each other;
 * {@code results/latest} points at the newest.
 */
public final class RunFolder {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolder() {}

  /**
   * Checks, before any load, that run folders can be written in {@code results}: it is created if missing, and a file is
   * written in it and removed.
   *
   * @param key the setting that names it, for the message
   * @throws io.firstbell.config.SettingsException naming the directory, why it cannot be written, and the fix
   */
  public static void checkWritable(Path results, String key) {
    try {
      Files.createDirectories(results);
      Path probe = Files.createTempFile(results, ".firstbell-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new io.firstbell.config.SettingsException(key + " is '" + results + "', where no run folder can be written (" + e
          + "); make it writable or point " + key + " elsewhere. No load was sent", e);
    }
  }

  /** @return a new, empty folder for a run of {@code simulation} */
  public static Path create(Path results, String simulation, LocalDateTime now) throws IOException {
    Files.createDirectories(results);
    String base = simulation.toLowerCase(Locale.ROOT) + "-" + now.format(STAMP);
    Path folder = results.resolve(base);
    for (int i = 2; Files.exists(folder); i++) {
      folder = results.resolve(base + "-" + i);
    }
    return Files.createDirectory(folder);
  }

  /** Points {@code results/latest} at {@code folder} (replacing the previous link in one step). */
  public static void linkLatest(Path results, Path folder) throws IOException {
    Path tmp = results.resolve(".latest-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, folder.getFileName());
    Files.move(tmp, results.resolve("latest"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Links {@code folder/gatling} to Gatling's run folder of this simulation: the newest
   * {@code <simulation>-<digits>} folder in {@code results} (Gatling writes its report there at the end of the run).
   *
   * @return whether a folder was found and linked
   */
  public static boolean linkGatlingReport(Path results, Path folder, String simulation) throws IOException {
    String prefix = simulation.toLowerCase(Locale.ROOT) + "-";
    Path newest = null;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(results)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (Files.isDirectory(d) && name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d{17}")
            && (newest == null || name.compareTo(newest.getFileName().toString()) > 0)) {
          newest = d;
        }
      }
    }
    if (newest == null) return false;
    Files.createSymbolicLink(folder.resolve("gatling"), Path.of("..", newest.getFileName().toString()));
    return true;
  }
}
