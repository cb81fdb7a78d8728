package io.firstbell.stack.http;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable random tokens for sessions, CSRF, codes and access tokens. */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** @return a URL-safe token with {@code bytes} bytes of entropy */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
