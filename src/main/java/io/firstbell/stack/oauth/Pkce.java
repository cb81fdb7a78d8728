package io.firstbell.stack.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: the syntax of code verifiers and challenges, and
 * the check that a verifier belongs to a challenge.
 */
public final class Pkce {

  /** The only code_challenge_method accepted. */
  public static final String S256 = "S256";

  /** RFC 7636 section 4.1: 43 to 128 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~"). */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  /** RFC 7636 sections 4.2 and 4.3: the same length bounds; an S256 challenge is unpadded base64url. */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43,128}");

  private Pkce() {}

  /** @return whether {@code verifier} is a syntactically valid code_verifier */
  public static boolean isValidVerifier(String verifier) {
    return verifier != null && VERIFIER.matcher(verifier).matches();
  }

  /** @return whether {@code challenge} is 43 to 128 characters of the base64url alphabet */
  public static boolean isValidChallenge(String challenge) {
    return challenge != null && CHALLENGE.matcher(challenge).matches();
  }

  /** @return BASE64URL-ENCODE(SHA256(ASCII(verifier))), unpadded: the S256 challenge of {@code verifier} */
  public static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return whether the S256 challenge of {@code verifier} is {@code challenge} (compared in constant time) */
  public static boolean matches(String verifier, String challenge) {
    return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
  }
}
