package io.firstbell.target;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import io.firstbell.journeys.OidcClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What the journeys log in to ({@code firstbell.target}); immutable, validated before any load is sent.
 *
 * @param clientAuth how the OIDC client authenticates at the token endpoint ({@code oidc.client-auth})
 * @param pkce whether the OIDC client uses PKCE ({@code oidc.pkce})
 * @param clockSkew how far the OIDC provider's clock may be from FirstBell's in ID token checks ({@code oidc.clock-skew})
 * @param hosts the hosts load may go to ({@code allowed-hosts}): every configured URL is on it, and every request the
 *     journeys send is checked against it
 * @param userinfoClaim the userinfo claim that names the user ({@code oidc.userinfo-claim})
 * @param userinfoColumn the credentials column that claim must equal ({@code oidc.userinfo-column}): username, user_type,
 *     district or login_method
 */
public record TargetSettings(
    Kind kind,
    String portalUrl,
    String appUrl,
    String apiUrl,
    Path credentials,
    String issuer,
    String clientId,
    String clientSecret,
    String redirectUri,
    ClientAuth clientAuth,
    boolean pkce,
    Duration clockSkew,
    AllowedHosts hosts,
    String userinfoClaim,
    String userinfoColumn) {

  /** The client authentication recorded for a target that is not an OIDC provider (its clients are the stack's). */
  private static final ClientAuth NOT_OIDC_AUTH = ClientAuth.CLIENT_SECRET_BASIC;

  /** The settings of a target whose userinfo {@code preferred_username} must be the user's username. */
  public TargetSettings(Kind kind, String portalUrl, String appUrl, String apiUrl, Path credentials, String issuer, String clientId,
      String clientSecret, String redirectUri, ClientAuth clientAuth, boolean pkce, Duration clockSkew, AllowedHosts hosts) {
    this(kind, portalUrl, appUrl, apiUrl, credentials, issuer, clientId, clientSecret, redirectUri, clientAuth, pkce, clockSkew, hosts,
        OidcClient.DEFAULT_USERINFO_CLAIM, OidcClient.DEFAULT_USERINFO_COLUMN);
  }

  /** The settings of a target whose load goes to loopback only. */
  public TargetSettings(Kind kind, String portalUrl, String appUrl, String apiUrl, Path credentials, String issuer, String clientId,
      String clientSecret, String redirectUri, ClientAuth clientAuth, boolean pkce, Duration clockSkew) {
    this(kind, portalUrl, appUrl, apiUrl, credentials, issuer, clientId, clientSecret, redirectUri, clientAuth, pkce, clockSkew,
        AllowedHosts.LOOPBACK);
  }

  /** The settings of a target that is not an OIDC provider, whose load goes to loopback only. */
  public TargetSettings(Kind kind, String portalUrl, String appUrl, String apiUrl, Path credentials, String issuer) {
    this(kind, portalUrl, appUrl, apiUrl, credentials, issuer, "", "", "", NOT_OIDC_AUTH, true, Duration.ofSeconds(60));
  }

  /** The kinds of target. */
  public enum Kind {
    /** The embedded reference stack, or a running one at {@code reference.portal-url}. */
    REFERENCE,
    /** An external Clever-like stack: portal, sample app and API by base URL. */
    PORTAL,
    /** Any OpenID Connect provider with an HTML login form. */
    OIDC
  }

  /**
   * Reads {@code firstbell.target}.
   *
   * @return the settings
   * @throws SettingsException naming the key and the fix
   */
  public static TargetSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.target");
    Kind kind = c.choice("kind", Kind.class);
    AllowedHosts hosts = hosts(c);
    String area = kind.name().toLowerCase(Locale.ROOT);
    Config t = config.getConfig("firstbell.target." + area);
    switch (kind) {
      case REFERENCE -> {
        String portal = url(c, t, "reference.portal-url", false, hosts);
        String app = url(c, t, "reference.app-url", !portal.isEmpty(), hosts);
        if (portal.isEmpty() && !app.isEmpty()) {
          throw new SettingsException(c.full("reference.app-url") + " is set but " + c.full("reference.portal-url")
              + " is not; set both to use a running reference stack, or neither to start the embedded one");
        }
        Path creds = credentials(c, t, "reference.credentials", !portal.isEmpty());
        return new TargetSettings(kind, portal, app, "", creds, portal, "", "", "", NOT_OIDC_AUTH, true, Duration.ofSeconds(60), hosts);
      }
      case PORTAL -> {
        return new TargetSettings(kind, url(c, t, "portal.portal-url", true, hosts), url(c, t, "portal.app-url", true, hosts),
            url(c, t, "portal.api-url", false, hosts), credentials(c, t, "portal.credentials", true), "", "", "", "", NOT_OIDC_AUTH, true, Duration.ofSeconds(60), hosts);
      }
      default -> {
        String issuer = url(c, t, "oidc.issuer", true, hosts);
        String authName = c.string("oidc.client-auth");
        ClientAuth auth = ClientAuth.named(authName);
        if (auth == null) {
          throw new SettingsException(c.full("oidc.client-auth") + " is '" + authName.trim()
              + "' but must be client_secret_basic, client_secret_post or none");
        }
        boolean pkce = c.onOff("oidc.pkce");
        if (auth == ClientAuth.NONE && !pkce) {
          throw new SettingsException(c.full("oidc.client-auth") + " is none (a public client, without a secret) but "
              + c.full("oidc.pkce") + " is off: a public client must use PKCE; set pkce = on, or give the client a secret"
              + " (client_secret_basic or client_secret_post)");
        }
        String secret = auth == ClientAuth.NONE ? "" : required(c, t, "oidc.client-secret");
        return new TargetSettings(kind, "", "", "", credentials(c, t, "oidc.credentials", true), issuer,
            required(c, t, "oidc.client-id"), secret, url(c, t, "oidc.redirect-uri", true, null),
            auth, pkce, c.nonNegativeDuration("oidc.clock-skew"), hosts, userinfoClaim(c), userinfoColumn(c));
      }
    }
  }

  /** @return whether FirstBell starts the embedded stack for this target */
  public boolean embedded() {
    return kind == Kind.REFERENCE && portalUrl.isEmpty();
  }

  /** @return whether any URL load goes to is https (the OIDC provider's endpoints may be, whatever its issuer says) */
  public boolean usesHttps() {
    return kind == Kind.OIDC || java.util.stream.Stream.of(portalUrl, appUrl).anyMatch(u -> u.regionMatches(true, 0, "https:", 0, 6));
  }

  /** @return a description for the console, secrets masked */
  public String describe() {
    return switch (kind) {
      case REFERENCE -> embedded() ? "reference (embedded stack, started for this run)" : "reference at " + portalUrl + " (app " + appUrl + ")";
      case PORTAL -> "portal " + portalUrl + " (app " + appUrl + (apiUrl.isEmpty() ? "" : ", api " + apiUrl) + "), users from " + credentials;
      case OIDC -> "oidc issuer " + issuer + ", client " + clientId + (clientAuth == ClientAuth.NONE ? " (public)" : " (secret ****)") + ", redirect " + redirectUri + ", "
          + clientAuth.configName() + ", pkce " + (pkce ? "on" : "off") + ", users from " + credentials;
    };
  }

  /** @return the userinfo claim that names the user (never empty: {@link Checks#string} refuses it) */
  private static String userinfoClaim(Checks c) {
    return c.string("oidc.userinfo-claim").trim();
  }

  private static String userinfoColumn(Checks c) {
    String column = c.string("oidc.userinfo-column").trim().toLowerCase(Locale.ROOT);
    if (!OidcClient.USERINFO_COLUMNS.containsKey(column)) {
      throw new SettingsException(c.full("oidc.userinfo-column") + " is '" + c.string("oidc.userinfo-column").trim()
          + "' but must be a column of the credentials file: username, user_type, district or login_method");
    }
    return column;
  }

  private static String required(Checks c, Config t, String key) {
    String value = t.getString(key.substring(key.indexOf('.') + 1)).trim();
    if (value.isEmpty()) {
      throw new SettingsException(c.full(key) + " is required for this target; set it in your run profile"
          + (key.endsWith("secret") ? " or in the environment (FIRSTBELL_OIDC_CLIENT_SECRET)" : ""));
    }
    return value;
  }

  private static AllowedHosts hosts(Checks c) {
    try {
      return AllowedHosts.of(c.strings("allowed-hosts"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(c.full("allowed-hosts") + " " + e.getMessage());
    }
  }

  /** @param hosts the hosts the URL must be on, or null for a URL that is never requested (the OIDC redirect URI) */
  private static String url(Checks c, Config t, String key, boolean required, AllowedHosts hosts) {
    String value = t.getString(key.substring(key.indexOf('.') + 1)).trim();
    if (value.isEmpty()) {
      if (required) {
        throw new SettingsException(c.full(key) + " is required for this target; set it to a base URL such as https://127.0.0.1:8443");
      }
      return "";
    }
    URI uri = Checks.httpUrl(c.full(key), value);
    if (hosts != null && !hosts.allows(uri.getHost())) {
      throw new SettingsException(c.full(key) + " is '" + value + "', whose host " + uri.getHost() + " is not on "
          + c.full("allowed-hosts") + " (" + hosts.describe() + "); list it there to send load to it");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private static Path credentials(Checks c, Config t, String key, boolean required) {
    String value = t.getString(key.substring(key.indexOf('.') + 1)).trim();
    if (value.isEmpty()) {
      if (required) {
        throw new SettingsException(c.full(key) + " is required for this target: a CSV of username,password,user_type,district,login_method");
      }
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isRegularFile(path)) {
      throw new SettingsException(c.full(key) + " is '" + value + "', which is not a file; give the path of a CSV of "
          + "username,password,user_type,district,login_method");
    }
    return path;
  }
}
