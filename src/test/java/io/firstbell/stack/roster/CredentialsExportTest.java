package io.firstbell.stack.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials CSV: the format users supply for their own staging stacks, and secrets that match the roster. */
class CredentialsExportTest {

  @Test
  void csvHasTheFixedHeaderAndOneFiveFieldRowPerUserWhoseSecretsWork(@TempDir Path dir) throws IOException {
    try (TestRosters.Built roster = TestRosters.build("firstbell.roster { users = 400, districts = 3, sharing-rules.large-districts = 1,"
        + " sharing-rules.per-large-district = 20 }")) {
      Path csv = dir.resolve("out/credentials.csv");
      long seed = roster.settings().seed();

      int written = CredentialsExport.write(roster.store(), seed, csv);

      List<String> lines = Files.readAllLines(csv);
      assertEquals("username,password,user_type,district,login_method", lines.get(0));
      assertEquals(CredentialsExport.HEADER, lines.get(0));
      assertEquals(400, written);
      assertEquals(401, lines.size());
      Map<String, User> byName = roster.users().stream().collect(Collectors.toMap(User::username, Function.identity()));
      int badgeRows = 0;
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        assertEquals(5, f.length, line);
        User u = byName.get(f[0]);
        assertEquals(u.type().wireName(), f[2], line);
        assertEquals(u.districtSlug(), f[3], line);
        if (f[4].equals("badge")) {
          badgeRows++;
          assertEquals("student", f[2], line);
          assertEquals(u.badgeDigest(), Credentials.badgeDigest(f[1]), line);
        } else {
          assertEquals("password", f[4], line);
          assertEquals(null, u.badgeDigest(), line);
          assertTrue(PasswordHasher.verify(f[1], u.passwordHash()), line);
        }
      }
      assertEquals(roster.users().stream().filter(u -> u.badgeDigest() != null).count(), badgeRows);
      assertTrue(badgeRows > 0, "the roster has badge students");
    }
  }
}
