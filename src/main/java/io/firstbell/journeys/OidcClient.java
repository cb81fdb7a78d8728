package io.firstbell.journeys;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

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

  @Override
  public String toString() {
    return "OidcClient[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=****, redirectUri=" + redirectUri
        + ", auth=" + (secretInBody ? "client_secret_post" : "client_secret_basic") + "]";
  }
}
