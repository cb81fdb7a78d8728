package io.firstbell.stack;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The reference stack's servers, protocol lifetimes and the most sessions, codes and access tokens it
 * holds ({@code firstbell.stack}); immutable, validated when built.
 *
 * <p>{@code publicClient} registers a further, public OAuth client ({@code publicClientId}, no secret,
 * PKCE required) for the sample app; off by default.
 */
public record StackSettings(
    String portalHost,
    int portalPort,
    String appHost,
    int appPort,
    String appClientId,
    String appClientSecret,
    boolean publicClient,
    String publicClientId,
    boolean tls,
    int httpThreads,
    Duration httpClientTimeout,
    Duration sessionTtl,
    Duration codeTtl,
    Duration accessTokenTtl,
    int maxSessions,
    int maxCodes,
    int maxAccessTokens,
    int databasePoolSize,
    Duration databaseConnectionTimeout,
    java.nio.file.Path accessLog) {

  /**
   * Reads {@code firstbell.stack}.
   *
   * @return the settings
   * @throws SettingsException naming the offending key
   */
  public static StackSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.stack");
    String portalHost = loopback(c, "portal.host");
    String appHost = loopback(c, "app.host");
    if (portalHost.equalsIgnoreCase(appHost)) {
      throw new SettingsException(c.full("portal.host") + " and " + c.full("app.host") + " are both '" + portalHost
          + "'; give them different names (e.g. 127.0.0.1 and localhost) so that portal and app do not share cookies");
    }
    String appClientId = c.string("app.client-id");
    String publicClientId = c.string("public-client.client-id");
    if (!publicClientId.matches("[A-Za-z0-9._-]+") || publicClientId.equals(appClientId)) {
      throw new SettingsException(c.full("public-client.client-id") + " is '" + publicClientId
          + "'; use letters, digits, '.', '_' and '-', and a different id than " + c.full("app.client-id"));
    }
    return new StackSettings(
        portalHost,
        c.between("portal.port", 0, 65535),
        appHost,
        c.between("app.port", 0, 65535),
        appClientId,
        c.string("app.client-secret"),
        c.onOff("public-client.enabled"),
        publicClientId,
        c.onOff("tls"),
        c.between("http-threads", 8, 10_000),
        c.positiveDuration("http-client-timeout"),
        c.positiveDuration("session-ttl"),
        c.positiveDuration("code-ttl"),
        c.positiveDuration("access-token-ttl"),
        c.atLeast("sessions.max", 1),
        c.atLeast("codes.max", 1),
        c.atLeast("access-tokens.max", 1),
        c.between("database.pool-size", 1, 1_000),
        c.positiveDuration("database.connection-timeout"),
        config.getString("firstbell.stack.access-log").isBlank() ? null : java.nio.file.Path.of(config.getString("firstbell.stack.access-log").trim()));
  }

  /** @return "http" or "https" */
  public String scheme() {
    return tls ? "https" : "http";
  }

  private static String loopback(Checks c, String key) {
    String host = c.string(key);
    try {
      InetAddress address = InetAddress.getByName(host);
      if (!address.isLoopbackAddress()) {
        throw new SettingsException(c.full(key) + " is '" + host + "' (" + address.getHostAddress()
            + "), which is not a loopback address; the reference stack serves only on loopback (127.0.0.0/8)");
      }
    } catch (UnknownHostException e) {
      throw new SettingsException(c.full(key) + " is '" + host + "', which does not resolve; use a loopback name such as 127.0.0.1 or localhost", e);
    }
    return host;
  }
}
