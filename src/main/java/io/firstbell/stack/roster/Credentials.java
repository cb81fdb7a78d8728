package io.firstbell.stack.roster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A user's secrets, derived from the roster seed and the user id: the roster stores only hashes, and
 * the credentials export derives the same plaintext again.
 */
public final class Credentials {

  private static final String[] WORDS = {
    "apple", "maple", "tiger", "river", "cloud", "pencil", "rocket", "garden", "comet", "falcon",
    "harbor", "meadow", "planet", "violet", "walrus", "zebra", "anchor", "bridge", "canyon", "dolphin",
    "ember", "forest", "glacier", "hazel", "island", "jungle", "koala", "lemon", "marble", "nectar",
  };
  private static final char[] BADGE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final int BADGE_LENGTH = 20;

  private Credentials() {}

  /** @return the password of user {@code userId}, e.g. {@code maple-comet-42} */
  public static String password(long seed, long userId) {
    SplittableRandom r = random(seed, userId, 1);
    return WORDS[r.nextInt(WORDS.length)] + "-" + WORDS[r.nextInt(WORDS.length)] + "-" + (10 + r.nextInt(90));
  }

  /** @return the token a K-2 student's QR badge encodes */
  public static String badge(long seed, long userId) {
    SplittableRandom r = random(seed, userId, 2);
    char[] token = new char[BADGE_LENGTH];
    for (int i = 0; i < token.length; i++) {
      token[i] = BADGE_ALPHABET[r.nextInt(BADGE_ALPHABET.length)];
    }
    return new String(token);
  }

  /** @return the per-user password salt */
  public static byte[] salt(long seed, long userId) {
    SplittableRandom r = random(seed, userId, 3);
    byte[] salt = new byte[16];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) r.nextInt(256);
    }
    return salt;
  }

  /** @return the stored form of a badge token: its SHA-256 (tokens are long and random, so a fast hash is enough) */
  public static String badgeDigest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SplittableRandom random(long seed, long userId, int purpose) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + userId * 31 + purpose);
  }
}
