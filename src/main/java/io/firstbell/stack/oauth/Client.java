package io.firstbell.stack.oauth;

import java.util.List;

/**
 * A registered OAuth client: an app of the catalogue, its secret and its exact redirect URIs.
 *
 * <p>A public client has no secret ({@code secret} is null): it names itself with {@code client_id}
 * at the token endpoint and proves the code is its own with the PKCE {@code code_verifier} alone
 * (RFC 7636), so it always requires PKCE.
 *
 * @param pkceRequired whether every authorization request must carry an S256 {@code code_challenge}
 */
public record Client(String clientId, String secret, int appId, String appSlug, String appName, List<String> redirectUris,
    boolean pkceRequired) {

  /** A confidential client with this secret, for which PKCE is optional. */
  public Client(String clientId, String secret, int appId, String appSlug, String appName, List<String> redirectUris) {
    this(clientId, secret, appId, appSlug, appName, redirectUris, false);
  }

  /** @return a public client (no secret, PKCE required) */
  public static Client publicClient(String clientId, int appId, String appSlug, String appName, List<String> redirectUris) {
    return new Client(clientId, null, appId, appSlug, appName, redirectUris, true);
  }

  /** @return whether this client has no secret and authenticates its token requests by PKCE alone */
  public boolean isPublic() {
    return secret == null;
  }

  /** @return the redirect URI instant logins use */
  public String defaultRedirectUri() {
    return redirectUris.get(0);
  }
}
