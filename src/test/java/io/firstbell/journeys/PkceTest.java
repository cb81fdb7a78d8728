package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** PKCE (RFC 7636, S256): the challenge is derived as the RFC says, and every login gets a verifier of its own. */
class PkceTest {

  /** RFC 7636 Appendix B: the verifier is the base64url of these 32 octets, and its S256 challenge is this. */
  @Test
  void theChallengeOfRfc7636AppendixBsVerifierIsItsChallenge() {
    byte[] octets = {116, 24, (byte) 223, (byte) 180, (byte) 151, (byte) 153, (byte) 224, 37, 79, (byte) 250, 96, 125, (byte) 216, (byte) 173,
        (byte) 187, (byte) 186, 22, (byte) 212, 37, 77, 105, (byte) 214, (byte) 191, (byte) 240, 91, 88, 5, 88, 83, (byte) 132, (byte) 141, 121};
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assertEquals(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(octets));
    assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.challenge(verifier));
  }

  @Test
  void aVerifierIs43To128UnreservedCharactersAndItsChallengeHasNoPadding() {
    String verifier = Pkce.verifier();
    assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), verifier);
    assertTrue(Pkce.challenge(verifier).matches("[A-Za-z0-9_-]{43}"), Pkce.challenge(verifier));
  }

  @Test
  void everyVerifierIsFresh() {
    assertNotEquals(Pkce.verifier(), Pkce.verifier());
  }
}
