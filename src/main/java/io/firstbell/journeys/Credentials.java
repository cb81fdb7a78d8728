package io.firstbell.journeys;

import io.firstbell.target.CredentialsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads a credentials CSV ({@code username,password,user_type,district,login_method}, {@link CredentialsFile}) into feeder records. */
public final class Credentials {

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
    return CredentialsFile.read(csv).users().stream().filter(u -> u.userType().equals(userType) && u.loginMethod().equals(loginMethod))
        .limit(limit).map(CredentialsFile.User::feederRecord).toList();
  }

  /** @return every record of the file, in file order; duplicate usernames are reported on the console */
  public static List<Map<String, Object>> readAll(Path csv) {
    return readUsers(csv).stream().map(CredentialsFile.User::feederRecord).toList();
  }

  /** @return every user of the file, in file order; duplicate usernames are reported on the console */
  public static List<CredentialsFile.User> readUsers(Path csv) {
    CredentialsFile.Contents contents = CredentialsFile.read(csv);
    if (!contents.duplicates().isEmpty()) {
      System.out.println("FirstBell: WARNING the credentials file " + csv + " names " + contents.duplicates().size() + " user(s) more than once (e.g. "
          + contents.duplicates().get(0) + "): they may log in concurrently");
    }
    return contents.users();
  }
}
