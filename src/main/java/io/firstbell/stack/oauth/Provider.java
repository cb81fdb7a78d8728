package io.firstbell.stack.oauth;

import static io.firstbell.stack.http.Urls.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.stack.http.Dispatcher;
import io.firstbell.stack.http.HttpError;
import io.firstbell.stack.http.Json;
import io.firstbell.stack.http.Urls;
import io.firstbell.stack.portal.Portal;
import io.firstbell.stack.roster.District;
import io.firstbell.stack.roster.RosterStore;
import io.firstbell.stack.roster.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OAuth 2.0 / OpenID Connect provider: authorization endpoint, token endpoint (client
 * authentication by HTTP Basic or form fields; JSON or form bodies; RFC 6749 errors), the identity
 * API ({@code /v3.0/me}), userinfo, discovery and the JWKS.
 *
 * <p>PKCE (RFC 7636) with S256 only: an authorization request may carry a {@code code_challenge}, and
 * must when its client requires PKCE; the code's token request must then carry the matching
 * {@code code_verifier}, and a code issued without a challenge is refused with a verifier (RFC 9700
 * section 2.1.1, PKCE downgrade). A public client authenticates its token requests by the verifier alone.
 */
public final class Provider {

  private final RosterStore roster;
  private final Portal portal;
  private final ClientRegistry clients;
  private final Grants grants;
  private final IdTokens idTokens;
  private final Supplier<String> issuer;

  /**
   * @param issuer the provider's base URL, known once the server listens
   */
  public Provider(RosterStore roster, Portal portal, ClientRegistry clients, Grants grants, IdTokens idTokens, Supplier<String> issuer) {
    this.roster = roster;
    this.portal = portal;
    this.clients = clients;
    this.grants = grants;
    this.idTokens = idTokens;
    this.issuer = issuer;
  }

  /** Registers the provider's routes through {@code dispatcher}. */
  public void routes(Javalin app, Dispatcher dispatcher) {
    app.get("/oauth/authorize", dispatcher.endpoint("oauth.authorize", this::authorize));
    app.post("/oauth/tokens", dispatcher.endpoint("oauth.tokens", this::tokens));
    app.get("/v3.0/me", dispatcher.endpoint("api.me", this::me));
    app.get("/userinfo", dispatcher.endpoint("oidc.userinfo", this::userinfo));
    app.post("/userinfo", dispatcher.endpoint("oidc.userinfo", this::userinfo));
    app.get("/.well-known/openid-configuration", dispatcher.endpoint("oidc.discovery", this::discovery));
    app.get("/.well-known/jwks.json", dispatcher.endpoint("oidc.jwks", ctx ->
        ctx.contentType("application/json").result(idTokens.jwks())));
  }

  /** @return the roster as the request {@code ctx} reads it: through the gate its admission set */
  private RosterStore roster(Context ctx) {
    return roster.through(Dispatcher.readGate(ctx));
  }

  private void authorize(Context ctx) {
    String clientId = HttpError.requiredQueryParam(ctx, "client_id");
    Client client = clients.find(clientId).orElseThrow(() -> new HttpError(400, "Unknown client_id '" + clientId + "'."));
    String redirectUri = HttpError.requiredQueryParam(ctx, "redirect_uri");
    if (!client.redirectUris().contains(redirectUri)) {
      // never redirect to an unregistered address: show the error here instead
      throw new HttpError(400, "redirect_uri '" + redirectUri + "' is not registered for client '" + clientId + "'.");
    }
    String state = ctx.queryParam("state");
    if (!"code".equals(ctx.queryParam("response_type"))) {
      redirectError(ctx, redirectUri, "unsupported_response_type", "response_type must be code", state);
      return;
    }
    String challenge = ctx.queryParam("code_challenge");
    String pkceProblem = challengeProblem(client, challenge, ctx.queryParam("code_challenge_method"));
    if (pkceProblem != null) {
      redirectError(ctx, redirectUri, "invalid_request", pkceProblem, state);
      return;
    }
    Optional<User> user = portal.currentUser(ctx);
    if (user.isEmpty()) {
      String here = ctx.path() + "?" + ctx.queryString();
      String districtId = ctx.queryParam("district_id");
      if (districtId != null && !districtId.isBlank()) {
        District district = portal.district(ctx, districtId);
        ctx.redirect("/in/" + encode(district.slug()) + "?return_to=" + encode(here));
      } else {
        ctx.redirect("/login?return_to=" + encode(here));
      }
      return;
    }
    if (!roster(ctx).isShared(user.get(), client.appId())) {
      redirectError(ctx, redirectUri, "access_denied", client.appName() + " is not shared with this user", state);
      return;
    }
    String scope = Optional.ofNullable(ctx.queryParam("scope")).orElse("");
    Grants.Code code = grants.issueCode(user.get().id(), client.clientId(), redirectUri, scope, ctx.queryParam("nonce"), challenge);
    ctx.redirect(Urls.withQuery(redirectUri, "code=" + encode(code.value()) + stateParam(state)));
  }

  private void tokens(Context ctx) {
    Map<String, String> body = tokenRequestBody(ctx);
    if (body == null) {
      tokenError(ctx, 400, "invalid_request", "The body must be a JSON object or a form (application/x-www-form-urlencoded).");
      return;
    }
    Optional<Client> client = authenticate(ctx, body);
    if (client == null) {
      tokenError(ctx, 400, "invalid_request", "Authenticate the client with HTTP Basic or client_id and client_secret, not both.");
      return;
    }
    if (client.isEmpty()) {
      ctx.header("WWW-Authenticate", "Basic realm=\"firstbell\"");
      tokenError(ctx, 401, "invalid_client", "Client authentication failed.");
      return;
    }
    String grantType = requiredField(ctx, body, "grant_type");
    if (grantType == null) return;
    if (!"authorization_code".equals(grantType)) {
      tokenError(ctx, 400, "unsupported_grant_type", "Only grant_type=authorization_code is supported.");
      return;
    }
    String codeValue = requiredField(ctx, body, "code");
    if (codeValue == null) return;
    String verifier = body.get("code_verifier");
    if (verifier != null && !Pkce.isValidVerifier(verifier)) {
      tokenError(ctx, 400, "invalid_request", "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.");
      return;
    }
    Grants.Redemption redemption = grants.redeem(codeValue, client.get().clientId());
    if (redemption.problem() != null) {
      tokenError(ctx, 400, "invalid_grant", redemption.problem().description + ".");
      return;
    }
    Grants.Code code = redemption.code();
    String redirectUri = body.get("redirect_uri");
    if (code.redirectUri() != null && !code.redirectUri().equals(redirectUri)) {
      tokenError(ctx, 400, "invalid_grant", "redirect_uri does not match the authorization request.");
      return;
    }
    if (code.redirectUri() == null && redirectUri != null && !client.get().redirectUris().contains(redirectUri)) {
      tokenError(ctx, 400, "invalid_grant", "redirect_uri is not registered for this client.");
      return;
    }
    String verifierProblem = verifierProblem(client.get(), code, verifier);
    if (verifierProblem != null) {
      tokenError(ctx, 400, "invalid_grant", verifierProblem);
      return;
    }
    User user = roster(ctx).user(code.userId()).orElse(null);
    if (user == null) {
      tokenError(ctx, 400, "invalid_grant", "The user of this code no longer exists.");
      return;
    }
    Grants.AccessToken token = grants.issueToken(code);
    ObjectNode response = Json.object()
        .put("access_token", token.value())
        .put("token_type", "bearer")
        .put("expires_in", grants.tokenTtlSeconds());
    if (!code.scope().isEmpty()) {
      response.put("scope", code.scope());
    }
    if (hasScope(code.scope(), "openid")) {
      response.put("id_token", idTokens.issue(issuer.get(), client.get().clientId(), user, code.nonce()));
    }
    Json.respond(ctx, 200, response);
  }

  private void me(Context ctx) {
    Optional<User> user = bearer(ctx);
    if (user.isEmpty()) return;
    User u = user.get();
    ObjectNode name = Json.object().put("first", u.firstName()).put("last", u.lastName());
    ObjectNode data = Json.object()
        .put("id", String.valueOf(u.id()))
        .put("type", u.type().wireName())
        .put("username", u.username())
        .put("district", u.districtSlug());
    data.set("name", name);
    if (u.grade() != null) data.put("grade", u.grade());
    ObjectNode body = Json.object().put("type", u.type().wireName());
    body.set("data", data);
    ArrayNode links = body.putArray("links");
    links.addObject().put("rel", "self").put("uri", "/v3.0/me");
    Json.respond(ctx, 200, body);
  }

  private void userinfo(Context ctx) {
    Optional<User> user = bearer(ctx);
    if (user.isEmpty()) return;
    User u = user.get();
    Json.respond(ctx, 200, Json.object()
        .put("sub", String.valueOf(u.id()))
        .put("preferred_username", u.username())
        .put("name", u.name())
        .put("given_name", u.firstName())
        .put("family_name", u.lastName())
        .put("user_type", u.type().wireName())
        .put("district", u.districtSlug()));
  }

  private void discovery(Context ctx) {
    String base = issuer.get();
    ObjectNode doc = Json.object()
        .put("issuer", base)
        .put("authorization_endpoint", base + "/oauth/authorize")
        .put("token_endpoint", base + "/oauth/tokens")
        .put("userinfo_endpoint", base + "/userinfo")
        .put("jwks_uri", base + "/.well-known/jwks.json");
    doc.putArray("response_types_supported").add("code");
    doc.putArray("grant_types_supported").add("authorization_code");
    doc.putArray("subject_types_supported").add("public");
    doc.putArray("id_token_signing_alg_values_supported").add("RS256");
    doc.putArray("scopes_supported").add("openid").add("profile");
    ArrayNode authMethods = doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
    if (clients.all().stream().anyMatch(Client::isPublic)) authMethods.add("none");
    doc.putArray("code_challenge_methods_supported").add(Pkce.S256);
    doc.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("nonce")
        .add("preferred_username").add("name").add("given_name").add("family_name").add("user_type").add("district");
    ctx.contentType("application/json").result(doc.toString());
  }

  /** @return the user of a valid bearer token, or empty after answering 401 */
  private Optional<User> bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"firstbell\"");
      Json.respond(ctx, 401, Json.object().put("error", "invalid_request").put("error_description", "A bearer token is required."));
      return Optional.empty();
    }
    Optional<User> user = grants.token(header.substring(7).trim()).flatMap(t -> roster(ctx).user(t.userId()));
    if (user.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"firstbell\", error=\"invalid_token\"");
      Json.respond(ctx, 401, Json.object().put("error", "invalid_token").put("error_description", "The access token is invalid or has expired."));
    }
    return user;
  }

  /** @return the authenticated client, empty when the credentials are wrong, null when both methods were used */
  private Optional<Client> authenticate(Context ctx, Map<String, String> body) {
    String header = ctx.header("Authorization");
    boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    boolean post = body.containsKey("client_secret");
    if (basic && post) return null;
    if (basic) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) return Optional.empty();
      try {
        String id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        return clients.authenticate(id, secret);
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // a malformed %-escape is a failed authentication, not a server error
      }
    }
    if (post) {
      return clients.authenticate(body.get("client_id"), body.get("client_secret"));
    }
    // no credentials: only a public client, whose code_verifier is checked once the code is known
    return clients.findPublic(body.get("client_id"));
  }

  /**
   * RFC 7636 section 4.4.1: what is wrong with an authorization request's PKCE parameters, answered
   * as invalid_request; null when nothing is.
   */
  private static String challengeProblem(Client client, String challenge, String method) {
    if (challenge == null && method == null) {
      return client.pkceRequired() ? client.appName() + " requires PKCE: code_challenge and code_challenge_method=S256 are required" : null;
    }
    if (challenge == null) return "code_challenge_method was sent without a code_challenge";
    if (method == null) return "code_challenge_method is missing, which means plain; only S256 is supported";
    if (!Pkce.S256.equals(method)) return "code_challenge_method '" + method + "' is not supported; only S256 is";
    if (!Pkce.isValidChallenge(challenge)) return "code_challenge must be 43 to 128 characters of the base64url alphabet";
    return null;
  }

  /**
   * RFC 7636 section 4.6: what is wrong with a token request's (well-formed or absent) code_verifier
   * for {@code code}, answered as invalid_grant; null when nothing is.
   */
  private static String verifierProblem(Client client, Grants.Code code, String verifier) {
    if (code.codeChallenge() != null) {
      if (verifier == null) return "code_verifier is required: the authorization request carried a code_challenge.";
      return Pkce.matches(verifier, code.codeChallenge()) ? null : "code_verifier does not match the code_challenge.";
    }
    if (verifier != null) return "code_verifier was sent, but the authorization request carried no code_challenge.";
    if (client.pkceRequired()) return client.appName() + " requires PKCE, but this code was issued without a code_challenge.";
    return null;
  }

  /** @return the token request's fields, from a JSON object or a form; null when the body is neither */
  private static Map<String, String> tokenRequestBody(Context ctx) {
    String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(java.util.Locale.ROOT);
    Map<String, String> fields = new HashMap<>();
    if (contentType.startsWith("application/json")) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(ctx.body());
      } catch (Exception e) {
        return null;
      }
      if (node == null || !node.isObject()) return null;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isValueNode()) fields.put(e.getKey(), e.getValue().asText());
      }
      return fields;
    }
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      ctx.formParamMap().forEach((k, v) -> {
        if (!v.isEmpty()) fields.put(k, v.get(0));
      });
      return fields;
    }
    return null;
  }

  /** @return the non-blank field {@code name} of a token request, or null after answering that it is required */
  private static String requiredField(Context ctx, Map<String, String> body, String name) {
    String value = body.get(name);
    if (value == null || value.isBlank()) {
      tokenError(ctx, 400, "invalid_request", name + " is required.");
      return null;
    }
    return value;
  }

  private static void tokenError(Context ctx, int status, String error, String description) {
    Json.respond(ctx, status, Json.object().put("error", error).put("error_description", description));
  }

  private static void redirectError(Context ctx, String redirectUri, String error, String description, String state) {
    ctx.redirect(Urls.withQuery(redirectUri, "error=" + encode(error) + "&error_description=" + encode(description) + stateParam(state)));
  }

  /** @return the client's state to hand back, as a further query parameter; nothing when the request had none */
  private static String stateParam(String state) {
    return state == null ? "" : "&state=" + encode(state);
  }

  private static boolean hasScope(String scope, String wanted) {
    for (String s : scope.split(" ")) {
      if (s.equals(wanted)) return true;
    }
    return false;
  }
}
