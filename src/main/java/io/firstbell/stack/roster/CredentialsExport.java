package io.firstbell.stack.roster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the roster's credentials as {@code username,password,user_type,district,login_method}: the
 * same CSV format users supply for their own staging stack. Badge users carry their badge token in
 * the password column.
 */
public final class CredentialsExport {

  /** The header line of the credentials CSV. */
  public static final String HEADER = "username,password,user_type,district,login_method";

  private CredentialsExport() {}

  /**
   * @return the number of users written
   */
  public static int write(RosterStore store, long seed, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      int[] count = {0};
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(HEADER);
        w.write('\n');
        store.forEachUser(u -> {
          boolean badge = u.badgeDigest() != null;
          w.write(u.username());
          w.write(',');
          w.write(badge ? Credentials.badge(seed, u.id()) : Credentials.password(seed, u.id()));
          w.write(',');
          w.write(u.type().wireName());
          w.write(',');
          w.write(u.districtSlug());
          w.write(',');
          w.write(badge ? "badge" : "password");
          w.write('\n');
          count[0]++;
        });
      }
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the credentials CSV to " + file + ": " + e.getMessage(), e);
    }
  }
}
