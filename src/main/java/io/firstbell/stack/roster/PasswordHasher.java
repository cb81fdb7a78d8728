package io.firstbell.stack.roster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) password hashes in the form {@code pbkdf2-sha256$iterations$salt$hash};
 * the cost is stored with each hash, so verification honours whatever cost the roster was built with.
 * One 32-byte block is derived with a per-thread {@link Mac}, which is what makes hashing a large
 * roster at start-up affordable.
 */
public final class PasswordHasher {

  private static final String PREFIX = "pbkdf2-sha256";
  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(() -> {
        try {
          return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("This JVM lacks HmacSHA256", e);
        }
      });

  private PasswordHasher() {}

  /** @return the encoded hash of {@code password} with {@code salt} at {@code iterations} */
  public static String hash(String password, byte[] salt, int iterations) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
  }

  /** @return whether {@code password} matches {@code encoded}; false for a malformed hash */
  public static boolean verify(String password, String encoded) {
    if (password == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < 1) return false;
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** PBKDF2 with HMAC-SHA256, first (and only) 32-byte block: T1 = U1 xor U2 xor ... xor Uc. */
  static byte[] derive(String password, byte[] salt, int iterations) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(password.isEmpty() ? new byte[1] : password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC key rejected", e);
    }
    mac.update(salt);
    mac.update(new byte[] {0, 0, 0, 1}); // INT(1): the block index
    byte[] u = mac.doFinal();
    byte[] t = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < t.length; j++) {
        t[j] ^= u[j];
      }
    }
    return t;
  }
}
