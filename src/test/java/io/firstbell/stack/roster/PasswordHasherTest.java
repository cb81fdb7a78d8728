package io.firstbell.stack.roster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The roster's PBKDF2-HMAC-SHA256 password hashes. */
class PasswordHasherTest {

  private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** The JDK's own PBKDF2, one 32-byte block. */
  private static byte[] jdk(String password, byte[] salt, int iterations) throws Exception {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
  }

  @ParameterizedTest(name = "{1} iterations of \"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "maple-comet-42|1",
      "maple-comet-42|2",
      "maple-comet-42|16",
      "maple-comet-42|1000",
      "pässwörd ☃ 日本|16",
      "a|1000",
      "this password is longer than the sixty-four byte HMAC-SHA256 block, so HMAC hashes it first|16",
  })
  void deriveEqualsTheJdksPbkdf2WithHmacSha256(String password, int iterations) throws Exception {
    assertArrayEquals(jdk(password, SALT, iterations), PasswordHasher.derive(password, SALT, iterations));
  }

  @Test
  void deriveOfTheEmptyPasswordEqualsTheJdks() throws Exception {
    assertArrayEquals(jdk("", SALT, 16), PasswordHasher.derive("", SALT, 16));
  }

  @Test
  void deriveWithTheRosterSaltEqualsTheJdks() throws Exception {
    byte[] salt = Credentials.salt(2018, 42);
    String password = Credentials.password(2018, 42);
    assertArrayEquals(jdk(password, salt, 16), PasswordHasher.derive(password, salt, 16));
  }

  @Test
  void hashIsEncodedWithItsCostAndSalt() {
    String hash = PasswordHasher.hash("maple-comet-42", SALT, 16);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    assertEquals("pbkdf2-sha256$16$" + b64.encodeToString(SALT) + "$" + b64.encodeToString(PasswordHasher.derive("maple-comet-42", SALT, 16)),
        hash);
  }

  @Test
  void verifyAcceptsTheRightPassword() {
    assertTrue(PasswordHasher.verify("maple-comet-42", PasswordHasher.hash("maple-comet-42", SALT, 16)));
    assertTrue(PasswordHasher.verify("x", PasswordHasher.hash("x", SALT, 1)));
  }

  @Test
  void verifyRejectsAWrongPassword() {
    String hash = PasswordHasher.hash("maple-comet-42", SALT, 16);
    assertFalse(PasswordHasher.verify("maple-comet-43", hash));
    assertFalse(PasswordHasher.verify("Maple-comet-42", hash));
    assertFalse(PasswordHasher.verify("", hash));
    assertFalse(PasswordHasher.verify(null, hash));
  }

  @Test
  void verifyUsesTheCostStoredInTheHash() {
    String hash = PasswordHasher.hash("maple-comet-42", SALT, 3);
    assertTrue(PasswordHasher.verify("maple-comet-42", hash));
    assertFalse(PasswordHasher.verify("maple-comet-42", hash.replace("$3$", "$4$")));
  }

  /**
   * Malformed encodings of the right password's real hash, each broken in one field only, so each case fails
   * exactly when the guard for that field is missing (a random digest would not match anyway).
   */
  static java.util.stream.Stream<String> malformedHashes() {
    String real = PasswordHasher.hash("maple-comet-42", SALT, 16);
    String[] f = real.split("\\$");
    return java.util.stream.Stream.of(
        "",
        "plain",
        f[0],
        f[0] + "$" + f[1] + "$" + f[2],
        real.replace("pbkdf2-sha256$", "pbkdf2-sha1$"),
        f[0] + "$sixteen$" + f[2] + "$" + f[3],
        f[0] + "$0$" + f[2] + "$" + f[3],
        f[0] + "$-1$" + f[2] + "$" + f[3],
        f[0] + "$99999999999$" + f[2] + "$" + f[3],
        f[0] + "$" + f[1] + "$not*base64$" + f[3],
        f[0] + "$" + f[1] + "$" + f[2] + "$not*base64",
        real + "$extra");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedHashes")
  void verifyRejectsAMalformedHash(String encoded) {
    assertTrue(PasswordHasher.verify("maple-comet-42", PasswordHasher.hash("maple-comet-42", SALT, 16)), "the unbroken hash verifies");
    assertFalse(PasswordHasher.verify("maple-comet-42", encoded));
  }

  @Test
  void verifyRejectsNoHash() {
    assertFalse(PasswordHasher.verify("maple-comet-42", null));
  }

  @Test
  void hashOfTheRightPasswordWithAnotherSaltDoesNotVerifyAgainstThisOne() {
    String a = PasswordHasher.hash("maple-comet-42", SALT, 16);
    String b = PasswordHasher.hash("maple-comet-42", "fedcba9876543210".getBytes(StandardCharsets.US_ASCII), 16);
    assertFalse(a.equals(b));
    String mixed = a.substring(0, a.lastIndexOf('$')) + b.substring(b.lastIndexOf('$'));
    assertFalse(PasswordHasher.verify("maple-comet-42", mixed));
  }
}
