package io.firstbell.journeys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * clock skew its ID token checks allow, and which userinfo claim must equal which column of the user's credentials.
 *
 * @param clientSecret the secret, unused by a public client ({@link ClientAuth#NONE})
 * @param pkce whether the login sends an S256 {@code code_challenge} and its {@code code_verifier} (RFC 7636)
 * @param userinfoClaim the userinfo claim that names the user, e.g. {@code preferred_username}, {@code email}, {@code sub}
 * @param userinfoColumn the credentials column it must equal, one of {@link #USERINFO_COLUMNS}
 */
public record OidcClient(String issuer, String clientId, String clientSecret, String redirectUri, ClientAuth auth, boolean pkce,
    Duration clockSkew, String userinfoClaim, String userinfoColumn) {

  /** The clock skew ID token checks allow unless told otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** The userinfo claim compared unless told otherwise. */
  public static final String DEFAULT_USERINFO_CLAIM = "preferred_username";
  /** The credentials column the userinfo claim is compared with unless told otherwise. */
  public static final String DEFAULT_USERINFO_COLUMN = "username";
  /**
   * The credentials columns a userinfo claim can be compared with (every column of the file but the password), each with
   * the session attribute its value is fed in.
   */
  public static final Map<String, String> USERINFO_COLUMNS =
      Map.of("username", "username", "user_type", "userType", "district", "district", "login_method", "loginMethod");
  /** The failure kind of a login whose userinfo claim is missing or is not the user's credentials column. */
  public static final String USERINFO_CLAIM_FAILURE = "check-userinfo-claim";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws IllegalArgumentException for a public client without PKCE, a blank userinfo claim, or a column not in
   *     {@link #USERINFO_COLUMNS}
   */
  public OidcClient {
    if (auth == ClientAuth.NONE && !pkce) throw new IllegalArgumentException("a public client (client-auth none) needs PKCE");
    if (userinfoClaim == null || userinfoClaim.isBlank()) throw new IllegalArgumentException("the userinfo claim is blank");
    if (!USERINFO_COLUMNS.containsKey(userinfoColumn)) {
      throw new IllegalArgumentException("the userinfo column '" + userinfoColumn + "' is not one of " + USERINFO_COLUMNS.keySet());
    }
  }

  /** A client whose userinfo {@value #DEFAULT_USERINFO_CLAIM} must be the user's {@value #DEFAULT_USERINFO_COLUMN}. */
  public OidcClient(String issuer, String clientId, String clientSecret, String redirectUri, ClientAuth auth, boolean pkce, Duration clockSkew) {
    this(issuer, clientId, clientSecret, redirectUri, auth, pkce, clockSkew, DEFAULT_USERINFO_CLAIM, DEFAULT_USERINFO_COLUMN);
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
    if (!sameEndpoint(url, redirectUri)) return "oidc-redirect-uri-not-reached";
    if (query(url).containsKey("error")) return LoginSteps.AUTHORIZATION_ERROR;
    String state = query(url).get("state");
    if (state == null) return "oidc-state-missing";
    return state.equals(sentState) ? null : "oidc-state-mismatch";
  }

  /** @return an OAuth error response's {@code error} and {@code error_description} (RFC 6749 4.1.2.1), e.g. {@code error=invalid_request: Missing parameter} */
  public static String authorizationError(Map<String, String> query) {
    return "error=" + query.get("error") + (query.containsKey("error_description") ? ": " + query.get("error_description") : "");
  }

  /**
   * @return whether {@code url} is the endpoint {@code redirectUri} names: the same scheme, host, port (a default port written
   *     or not) and path, whatever the query (RFC 6749 3.1.2: the redirect URI's own query is kept, the response's added)
   */
  public static boolean sameEndpoint(String url, String redirectUri) {
    try {
      java.net.URI a = java.net.URI.create(url);
      java.net.URI b = java.net.URI.create(redirectUri);
      if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) return false;
      return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b)
          && path(a).equals(path(b));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(java.net.URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String path(java.net.URI u) {
    return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
  }

  /** @return the session attribute that holds the user's {@link #userinfoColumn()} */
  String userinfoAttribute() {
    return USERINFO_COLUMNS.get(userinfoColumn);
  }

  /**
   * Checks that the userinfo response names the user.
   *
   * @param userinfo the userinfo response body
   * @param expected the user's value of {@link #userinfoColumn()}
   * @return null when the {@link #userinfoClaim()} (a string, number or boolean) equals {@code expected}; else what is wrong
   */
  String userinfoFailure(String userinfo, String expected) {
    JsonNode body;
    try {
      body = JSON.readTree(userinfo == null ? "" : userinfo);
    } catch (JsonProcessingException e) {
      return "the userinfo response is not JSON";
    }
    if (body == null || !body.isObject()) return "the userinfo response is not a JSON object";
    JsonNode claim = body.get(userinfoClaim);
    if (claim == null || claim.isNull()) return "the userinfo response has no " + userinfoClaim + " claim";
    if (!claim.isValueNode()) return "the userinfo " + userinfoClaim + " claim is not a single value";
    if (claim.asText().equals(expected)) return null;
    return "the userinfo " + userinfoClaim + " is '" + claim.asText() + "', not the " + userinfoColumn + " '" + expected + "' of the credentials";
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
        + ", auth=" + auth.configName() + ", pkce=" + (pkce ? "on" : "off") + ", clockSkew=" + clockSkew + ", userinfo " + userinfoClaim + "=" + userinfoColumn + "]";
  }
}
