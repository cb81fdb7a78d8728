package io.firstbell.target;

import java.util.Locale;

/** How an OIDC client authenticates at the token endpoint ({@code firstbell.target.oidc.client-auth}), as RFC 6749 and OIDC Core name it. */
public enum ClientAuth {
  /** The client id and secret as HTTP Basic credentials. */
  CLIENT_SECRET_BASIC,
  /** The client id and secret as form fields of the token request. */
  CLIENT_SECRET_POST,
  /** A public client: its id as a form field, no secret; PKCE stands in for it. */
  NONE;

  /** @return the name in configuration and OIDC metadata, e.g. {@code client_secret_basic} */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return the method {@code name} names (trimmed, in any case), or null when none does */
  public static ClientAuth named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (ClientAuth a : values()) {
      if (a.configName().equals(n)) return a;
    }
    return null;
  }
}
