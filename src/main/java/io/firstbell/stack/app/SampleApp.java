package io.firstbell.stack.app;

import static io.firstbell.stack.http.Urls.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.firstbell.stack.http.Cookies;
import io.firstbell.stack.http.Html;
import io.firstbell.stack.http.HttpError;
import io.firstbell.stack.http.Json;
import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.oauth.Client;
import io.firstbell.stack.oauth.ClientRegistry;
import io.firstbell.stack.oauth.Pkce;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The sample learning app, as an SSO customer builds it: a home page with a "Log in with FirstBell
 * SSO" button, and an OAuth callback that exchanges the code server-side, asks the identity API who
 * the user is, and welcomes them by name. The default app lives at {@code /}; every catalogue app
 * at {@code /apps/<slug>/}.
 *
 * <p>A login started here carries a {@code state}, remembered in a cookie: while the cookie is set, a
 * callback without that state is refused before any token request (login CSRF). A public client
 * (no secret) also sends an S256 PKCE challenge and redeems the code with its verifier alone.
 */
public final class SampleApp {

  private final ClientRegistry clients;
  private final Cookies cookies;
  private final HttpClient http;
  private final Duration timeout;
  private final Supplier<String> providerUrl;

  /**
   * @param providerUrl the provider's base URL, known once the portal listens
   * @param sslContext trust for the provider's certificate, or null over http
   */
  public SampleApp(ClientRegistry clients, Cookies cookies, Supplier<String> providerUrl, SSLContext sslContext, Duration timeout) {
    this.clients = clients;
    this.cookies = cookies;
    this.providerUrl = providerUrl;
    this.timeout = timeout;
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
        .executor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "firstbell-app-client-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }));
    if (sslContext != null) builder.sslContext(sslContext);
    this.http = builder.build();
  }

  /** @return the path prefix of an app ("" for the sample app) */
  public static String prefix(String slug, boolean isDefault) {
    return isDefault ? "" : "/apps/" + slug;
  }

  /** Registers the app's routes. */
  public void routes(Javalin app) {
    app.get("/", ctx -> home(ctx, defaultClient()));
    app.get("/login", ctx -> startLogin(ctx, defaultClient()));
    app.get("/oauth/callback", ctx -> callback(ctx, defaultClient()));
    app.get("/apps/{slug}", ctx -> home(ctx, client(ctx)));
    app.get("/apps/{slug}/login", ctx -> startLogin(ctx, client(ctx)));
    app.get("/apps/{slug}/oauth/callback", ctx -> callback(ctx, client(ctx)));
  }

  private void home(Context ctx, Client client) {
    String prefix = prefixOf(client);
    String body = "<h1>" + Html.escape(client.appName()) + "</h1>\n"
        + "<p>Sign in with your school account.</p>\n"
        + "<a id=\"sso-login\" class=\"sso-button\" href=\"" + prefix + "/login\">Log in with FirstBell SSO</a>";
    ctx.contentType("text/html; charset=utf-8").result(Html.page(client.appName(), body));
  }

  private void startLogin(Context ctx, Client client) {
    String state = Tokens.random(16);
    cookies.set(ctx, stateCookie(client), state, Duration.ofMinutes(10));
    String pkce = "";
    if (client.isPublic()) {
      String verifier = Tokens.random(32);
      cookies.set(ctx, verifierCookie(client), verifier, Duration.ofMinutes(10));
      pkce = "&code_challenge=" + encode(Pkce.s256(verifier)) + "&code_challenge_method=" + Pkce.S256;
    }
    String district = ctx.queryParam("district");
    String url = providerUrl.get() + "/oauth/authorize?response_type=code"
        + "&client_id=" + encode(client.clientId())
        + "&redirect_uri=" + encode(client.defaultRedirectUri())
        + "&state=" + encode(state)
        + pkce
        + (district == null || district.isBlank() ? "" : "&district_id=" + encode(district));
    ctx.redirect(url);
  }

  private void callback(Context ctx, Client client) {
    String error = ctx.queryParam("error");
    if (error != null) {
      throw new HttpError(400, "The SSO provider refused the login: " + error
          + Optional.ofNullable(ctx.queryParam("error_description")).map(d -> " (" + d + ")").orElse("") + ".");
    }
    String code = ctx.queryParam("code");
    if (code == null || code.isBlank()) {
      throw new HttpError(400, "The callback carries no authorization code.");
    }
    String state = ctx.queryParam("state");
    String expected = ctx.cookie(stateCookie(client));
    // a login started here must come back with the state this browser was given (login CSRF);
    // a portal tile's instant login carries none, and is accepted while no login started here is pending
    if (expected != null && state == null) {
      throw new HttpError(400, "The callback carries no state, but this browser started a login that sent one; start the login again.");
    }
    if (state != null && (expected == null || !expected.equals(state))) {
      throw new HttpError(400, "The login's state does not match this browser's; start the login again.");
    }
    if (state != null) cookies.clear(ctx, stateCookie(client));
    String form = "code=" + encode(code) + "&grant_type=authorization_code&redirect_uri=" + encode(client.defaultRedirectUri());
    HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(providerUrl.get() + "/oauth/tokens"))
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (client.isPublic()) {
      String verifier = ctx.cookie(verifierCookie(client));
      if (verifier == null) {
        throw new HttpError(400, "This browser holds no PKCE code_verifier for the login; start the login again.");
      }
      cookies.clear(ctx, verifierCookie(client));
      form += "&client_id=" + encode(client.clientId()) + "&code_verifier=" + encode(verifier);
    } else {
      String basic = Base64.getEncoder().encodeToString(
          (encode(client.clientId()) + ":" + encode(client.secret())).getBytes(StandardCharsets.UTF_8));
      tokenRequest.header("Authorization", "Basic " + basic);
    }
    JsonNode token = call(tokenRequest.POST(HttpRequest.BodyPublishers.ofString(form)).build(), "Token exchange");
    String accessToken = token.path("access_token").asText("");
    if (accessToken.isEmpty()) {
      throw new HttpError(502, "Token exchange failed: the response carries no access_token.");
    }
    JsonNode me = call(HttpRequest.newBuilder(URI.create(providerUrl.get() + "/v3.0/me"))
        .timeout(timeout)
        .header("Authorization", "Bearer " + accessToken).GET().build(), "Identity lookup");
    JsonNode data = me.path("data");
    String name = (data.path("name").path("first").asText("") + " " + data.path("name").path("last").asText("")).trim();
    String type = data.path("type").asText("");
    String username = data.path("username").asText("");
    if (name.isEmpty() || type.isEmpty()) {
      throw new HttpError(502, "Identity lookup failed: the response names no user.");
    }
    cookies.set(ctx, "app_session_" + client.appSlug(), Tokens.random(16));
    String body = "<main id=\"app-welcome\">\n<h1 id=\"welcome\">Welcome, " + Html.escape(name) + "</h1>\n"
        + "<p id=\"user-type\">" + Html.escape(type) + "</p>\n"
        + "<p id=\"username\">" + Html.escape(username) + "</p>\n"
        + "<p id=\"district\">" + Html.escape(data.path("district").asText("")) + "</p>\n</main>";
    ctx.status(200).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
        .result(Html.page(client.appName() + ": welcome", body));
  }

  private JsonNode call(HttpRequest request, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new HttpError(504, what + " failed: the SSO provider did not answer within " + timeout.toMillis() + " ms.");
    } catch (IOException e) {
      throw new HttpError(502, what + " failed: the SSO provider could not be reached (" + e.getClass().getSimpleName() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, what + " was interrupted.");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() != 200) {
      String reason = body != null && body.has("error")
          ? body.path("error").asText() + Optional.ofNullable(body.get("error_description")).map(d -> " (" + d.asText() + ")").orElse("")
          : "HTTP " + response.statusCode();
      throw new HttpError(502, what + " failed: " + reason + ".");
    }
    if (body == null || !body.isObject()) {
      throw new HttpError(502, what + " failed: the response is not a JSON object.");
    }
    return body;
  }

  private Client defaultClient() {
    return clients.all().iterator().next();
  }

  private Client client(Context ctx) {
    String slug = ctx.pathParam("slug");
    for (Client c : clients.all()) {
      if (c.appSlug().equals(slug)) return c;
    }
    throw new HttpError(404, "No app '" + slug + "' here.");
  }

  private String prefixOf(Client client) {
    return prefix(client.appSlug(), client == defaultClient());
  }

  private static String stateCookie(Client client) {
    return "app_state_" + client.appSlug().replaceAll("[^A-Za-z0-9]", "_");
  }

  private static String verifierCookie(Client client) {
    return "app_pkce_" + client.appSlug().replaceAll("[^A-Za-z0-9]", "_");
  }
}
