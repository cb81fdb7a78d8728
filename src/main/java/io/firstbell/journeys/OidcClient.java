package io.firstbell.journeys;

import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The relying party the OIDC journey plays: a provider's issuer, the client's id and secret, its
 * registered redirect URI, and how it authenticates at the token endpoint.
 */
public record OidcClient(String issuer, String clientId, String clientSecret, String redirectUri, boolean secretInBody) {

  /** @return the token request with the client's credentials: HTTP Basic, or form fields ({@code client_secret_post}) */
  HttpRequestActionBuilder authenticate(HttpRequestActionBuilder request) {
    return secretInBody
        ? request.formParam("client_id", clientId).formParam("client_secret", clientSecret)
        : request.basicAuth(clientId, clientSecret);
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
        + ", auth=" + (secretInBody ? "client_secret_post" : "client_secret_basic") + "]";
  }
}
