package io.firstbell.journeys;

import io.firstbell.target.ClientAuth;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The relying party the OIDC journey plays: a provider's issuer, the client's id and secret, its
 * registered redirect URI, how it authenticates at the token endpoint, whether it uses PKCE, and the
 * clock skew its ID token checks allow.
 *
 * @param clientSecret the secret, unused by a public client ({@link ClientAuth#NONE})
 * @param pkce whether the login sends an S256 {@code code_challenge} and its {@code code_verifier} (RFC 7636)
 */
public record OidcClient(String issuer, String clientId, String clientSecret, String redirectUri, ClientAuth auth, boolean pkce,
    Duration clockSkew) {

  /** The clock skew ID token checks allow unless told otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /**
   * @throws IllegalArgumentException for a public client without PKCE
   */
  public OidcClient {
    if (auth == ClientAuth.NONE && !pkce) throw new IllegalArgumentException("a public client (client-auth none) needs PKCE");
  }

  /** A client that uses PKCE and allows {@link #DEFAULT_CLOCK_SKEW}. */
  public OidcClient(String issuer, String clientId, String clientSecret, String redirectUri, ClientAuth auth) {
    this(issuer, clientId, clientSecret, redirectUri, auth, true, DEFAULT_CLOCK_SKEW);
  }

  /** @return the token request with the client's credentials: HTTP Basic, form fields ({@code client_secret_post}), or its id alone */
  HttpRequestActionBuilder authenticate(HttpRequestActionBuilder request) {
    return switch (auth) {
      case CLIENT_SECRET_BASIC -> request.basicAuth(clientId, clientSecret);
      case CLIENT_SECRET_POST -> request.formParam("client_id", clientId).formParam("client_secret", clientSecret);
      case NONE -> request.formParam("client_id", clientId);
    };
  }

  /** @return the checks of this client's ID tokens */
  IdTokenCheck idTokenCheck() {
    return new IdTokenCheck(issuer, clientId, clockSkew);
  }

  /**
   * Checks where the provider's redirects ended against what the login sent.
   *
   * @param sentState the {@code state} sent to the authorization endpoint
   * @param url where the provider's redirects ended
   * @return null when {@code url} is the redirect URI with {@code sentState}; else the failure kind:
   *     {@code oidc-redirect-uri-not-reached}, {@code oidc-state-missing} or {@code oidc-state-mismatch}
   */
  String returnFailure(String sentState, String url) {
    if (!url.startsWith(redirectUri)) return "oidc-redirect-uri-not-reached";
    String state = query(url).get("state");
    if (state == null) return "oidc-state-missing";
    return state.equals(sentState) ? null : "oidc-state-mismatch";
  }

  /** @return the decoded query parameters of {@code url} (the last value of a repeated one) */
  static Map<String, String> query(String url) {
    Map<String, String> out = new HashMap<>();
    String q = URI.create(url).getRawQuery();
    if (q == null) return out;
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "OidcClient[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=****, redirectUri=" + redirectUri
        + ", auth=" + auth.configName() + ", pkce=" + (pkce ? "on" : "off") + ", clockSkew=" + clockSkew + "]";
  }
}
