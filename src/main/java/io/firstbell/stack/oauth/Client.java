package io.firstbell.stack.oauth;

import java.util.List;

/** A registered OAuth client: an app of the catalogue, its secret and its exact redirect URIs. */
public record Client(String clientId, String secret, int appId, String appSlug, String appName, List<String> redirectUris) {

  /** @return the redirect URI instant logins use */
  public String defaultRedirectUri() {
    return redirectUris.get(0);
  }
}
