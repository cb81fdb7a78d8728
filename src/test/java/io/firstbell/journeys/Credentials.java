package io.firstbell.journeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads a credentials CSV ({@code username,password,user_type,district,login_method}) into feeder records. */
public final class Credentials {

  private static final String HEADER = io.firstbell.stack.roster.CredentialsExport.HEADER;

  private Credentials() {}

  /**
   * Exports the embedded stack's roster and reads its password-login students: the feeder of the benchmarks.
   *
   * @return every password-login student of the stack's roster
   */
  public static List<Map<String, Object>> passwordStudentsOf(io.firstbell.stack.ReferenceStack stack) {
    Path csv = Path.of("target", "firstbell", "credentials.csv");
    stack.exportCredentials(csv);
    return read(csv, "student", "password", Integer.MAX_VALUE);
  }

  /**
   * @param userType "student" or "teacher"
   * @param loginMethod "password" or "badge"
   * @return up to {@code limit} matching records, in file order
   */
  public static List<Map<String, Object>> read(Path csv, String userType, String loginMethod, int limit) {
    return read(csv, f -> f[2].equals(userType) && f[4].equals(loginMethod), limit);
  }

  /** @return every record of the file, in file order */
  public static List<Map<String, Object>> readAll(Path csv) {
    return read(csv, f -> true, Integer.MAX_VALUE);
  }

  private static List<Map<String, Object>> read(Path csv, java.util.function.Predicate<String[]> which, int limit) {
    try (Stream<String> lines = Files.lines(csv)) {
      var it = lines.iterator();
      if (!it.hasNext() || !it.next().trim().equals(HEADER)) {
        throw new IllegalArgumentException("Credentials file " + csv + " must start with the header line '" + HEADER + "'");
      }
      Iterable<String> rest = () -> it;
      return java.util.stream.StreamSupport.stream(rest.spliterator(), false)
          .filter(l -> !l.isBlank())
          .map(l -> l.split(",", -1))
          .filter(f -> f.length == 5 && which.test(f))
          .limit(limit)
          .map(f -> Map.<String, Object>of("username", f[0], "password", f[1], "userType", f[2], "district", f[3], "loginMethod", f[4]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read credentials file " + csv + ": " + e.getMessage(), e);
    }
  }
}
