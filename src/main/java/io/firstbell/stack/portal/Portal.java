package io.firstbell.stack.portal;

import static io.firstbell.stack.http.Urls.encode;

import io.firstbell.stack.http.Cookies;
import io.firstbell.stack.http.Dispatcher;
import io.firstbell.stack.http.Html;
import io.firstbell.stack.http.HttpError;
import io.firstbell.stack.http.Tokens;
import io.firstbell.stack.oauth.Client;
import io.firstbell.stack.oauth.ClientRegistry;
import io.firstbell.stack.oauth.Grants;
import io.firstbell.stack.roster.App;
import io.firstbell.stack.roster.Credentials;
import io.firstbell.stack.roster.District;
import io.firstbell.stack.roster.PasswordHasher;
import io.firstbell.stack.roster.RosterStore;
import io.firstbell.stack.roster.User;
import io.firstbell.stack.roster.UserType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The district portal: login pages with a CSRF-protected password form, QR badge login, the
 * dashboard of shared apps, instant login into an app, and logout.
 */
public final class Portal {

  /** The portal session cookie. */
  public static final String SESSION_COOKIE = "fb_session";
  /** The login-form CSRF cookie (double-submit: the form's hidden {@code _csrf} must equal it). */
  public static final String CSRF_COOKIE = "fb_csrf";
  /** The hidden form field holding the CSRF token. */
  public static final String CSRF_FIELD = "_csrf";

  private final RosterStore roster;
  private final SessionStore sessions;
  private final ClientRegistry clients;
  private final Grants grants;
  private final Cookies cookies;

  public Portal(RosterStore roster, SessionStore sessions, ClientRegistry clients, Grants grants, Cookies cookies) {
    this.roster = roster;
    this.sessions = sessions;
    this.clients = clients;
    this.grants = grants;
    this.cookies = cookies;
  }

  /** Registers the portal's routes through {@code dispatcher}. */
  public void routes(Javalin app, Dispatcher dispatcher) {
    app.get("/", dispatcher.endpoint("portal.root", ctx -> ctx.redirect(currentUser(ctx).isPresent() ? "/home" : "/login")));
    app.get("/in/{district}", dispatcher.endpoint("portal.login-page", this::districtLoginPage));
    app.post("/in/{district}", dispatcher.endpoint("portal.login", this::districtLogin));
    app.get("/login", dispatcher.endpoint("portal.login-page", this::genericLoginPage));
    app.post("/login", dispatcher.endpoint("portal.login", this::genericLogin));
    app.get("/badges", dispatcher.endpoint("portal.badge-page", this::badgePage));
    app.post("/badges", dispatcher.endpoint("portal.badge-login", this::badgeLogin));
    app.get("/home", dispatcher.endpoint("portal.dashboard", this::dashboard));
    app.get("/instant-login", dispatcher.endpoint("portal.instant-login", this::instantLogin));
    app.post("/logout", dispatcher.endpoint("portal.logout", this::logout));
    app.get("/logout", dispatcher.endpoint("portal.logout", this::logout));
  }

  /** @return the user of the request's live portal session, if any */
  public Optional<User> currentUser(Context ctx) {
    return sessions.find(ctx.cookie(SESSION_COOKIE)).flatMap(s -> roster(ctx).user(s.userId()));
  }

  /** @return the district with this slug, or a 404 naming it */
  public District district(Context ctx, String slug) {
    return roster(ctx).district(slug).orElseThrow(() -> new HttpError(404,
        "Unknown district '" + slug + "'. Check the district's login address (/in/<district>)."));
  }

  /** @return the roster as the request {@code ctx} reads it: through the gate its admission set */
  private RosterStore roster(Context ctx) {
    return roster.through(Dispatcher.readGate(ctx));
  }

  private void districtLoginPage(Context ctx) {
    District district = district(ctx, ctx.pathParam("district"));
    renderLogin(ctx, 200, district, returnTo(ctx.queryParam("return_to")), null);
  }

  private void genericLoginPage(Context ctx) {
    renderLogin(ctx, 200, null, returnTo(ctx.queryParam("return_to")), null);
  }

  private void districtLogin(Context ctx) {
    District district = district(ctx, ctx.pathParam("district"));
    checkCsrf(ctx);
    passwordLogin(ctx, district);
  }

  private void genericLogin(Context ctx) {
    checkCsrf(ctx);
    passwordLogin(ctx, null);
  }

  private void passwordLogin(Context ctx, District district) {
    String username = trim(ctx.formParam("username"));
    String password = ctx.formParam("password");
    String returnTo = returnTo(ctx.formParam("return_to"));
    if (username.isEmpty() || password == null || password.isEmpty()) {
      renderLogin(ctx, 400, district, returnTo, "Enter your username and password.");
      return;
    }
    Optional<User> user = roster(ctx).userByUsername(username)
        .filter(u -> district == null || u.districtId() == district.id())
        .filter(u -> PasswordHasher.verify(password, u.passwordHash()));
    if (user.isEmpty()) {
      renderLogin(ctx, 401, district, returnTo, "Incorrect username or password.");
      return;
    }
    startSession(ctx, user.get(), returnTo);
  }

  private void badgePage(Context ctx) {
    String slug = ctx.queryParam("district");
    District district = slug == null || slug.isBlank() ? null : district(ctx, slug);
    renderBadge(ctx, 200, district, returnTo(ctx.queryParam("return_to")), null);
  }

  private void badgeLogin(Context ctx) {
    checkCsrf(ctx);
    String token = trim(ctx.formParam("badge"));
    String returnTo = returnTo(ctx.formParam("return_to"));
    if (token.isEmpty()) {
      renderBadge(ctx, 400, null, returnTo, "Scan your badge or type its code.");
      return;
    }
    Optional<User> user = roster(ctx).userByBadgeDigest(Credentials.badgeDigest(token));
    if (user.isEmpty()) {
      renderBadge(ctx, 401, null, returnTo, "That badge was not recognised.");
      return;
    }
    startSession(ctx, user.get(), returnTo);
  }

  private void dashboard(Context ctx) {
    Optional<User> current = currentUser(ctx);
    if (current.isEmpty()) {
      ctx.redirect("/login?return_to=" + encode("/home"));
      return;
    }
    User user = current.get();
    List<App> apps = roster(ctx).appsSharedWith(user);
    StringBuilder body = new StringBuilder();
    String role = user.type() == UserType.TEACHER ? "teacher" : "student";
    body.append("<main id=\"").append(role).append("-dashboard\" data-user-type=\"").append(role).append("\">\n");
    body.append("<h1 id=\"welcome\">Welcome, ").append(Html.escape(user.name())).append("</h1>\n");
    body.append("<p id=\"user-type\">").append(role).append("</p>\n");
    body.append("<p id=\"username\">").append(Html.escape(user.username())).append("</p>\n");
    body.append("<p id=\"district\">").append(Html.escape(user.districtSlug())).append("</p>\n");
    body.append("<h2>Your apps</h2>\n<ul id=\"apps\">\n");
    for (App app : apps) {
      body.append("<li><a class=\"app-tile\" data-app=\"").append(Html.escape(app.slug())).append("\" data-client-id=\"")
          .append(Html.escape(app.clientId())).append("\" href=\"/instant-login?client_id=").append(encode(app.clientId()))
          .append("\">").append(Html.escape(app.name())).append("</a></li>\n");
    }
    body.append("</ul>\n");
    if (user.type() == UserType.TEACHER) {
      body.append("<h2>Your sections</h2>\n<ul id=\"sections\">\n");
      for (String section : roster(ctx).sectionsTaughtBy(user.id())) {
        body.append("<li class=\"section\">").append(Html.escape(section)).append("</li>\n");
      }
      body.append("</ul>\n");
    }
    body.append("<form id=\"logout\" method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>\n</main>");
    ctx.status(200).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
        .result(Html.page(role.equals("teacher") ? "Teacher dashboard" : "Student dashboard", body.toString()));
  }

  private void instantLogin(Context ctx) {
    String clientId = HttpError.requiredQueryParam(ctx, "client_id");
    Client client = clients.find(clientId).orElseThrow(() -> new HttpError(404, "Unknown app '" + clientId + "'."));
    Optional<User> user = currentUser(ctx);
    if (user.isEmpty()) {
      ctx.redirect("/login?return_to=" + encode("/instant-login?client_id=" + encode(clientId)));
      return;
    }
    if (!roster(ctx).isShared(user.get(), client.appId())) {
      throw new HttpError(403, client.appName() + " is not shared with you by your district.");
    }
    if (client.pkceRequired()) {
      // an instant login's code carries no PKCE challenge, so this client could not redeem it
      throw new HttpError(400, client.appName() + " requires PKCE: start the login at the app.");
    }
    Grants.Code code = grants.issueCode(user.get().id(), client.clientId(), null, "", null);
    ctx.redirect(client.defaultRedirectUri() + "?code=" + encode(code.value()));
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(SESSION_COOKIE);
    Optional<User> user = currentUser(ctx);
    sessions.remove(id);
    cookies.clear(ctx, SESSION_COOKIE);
    ctx.redirect(user.map(u -> "/in/" + encode(u.districtSlug())).orElse("/login"));
  }

  private void startSession(Context ctx, User user, String returnTo) {
    SessionStore.Session session = sessions.create(user.id());
    cookies.set(ctx, SESSION_COOKIE, session.id());
    ctx.redirect(returnTo != null ? returnTo : "/home");
  }

  private void renderLogin(Context ctx, int status, District district, String returnTo, String error) {
    String csrf = csrfToken(ctx);
    String title = district == null ? "Log in to FirstBell" : "Log in to " + district.name();
    String action = district == null ? "/login" : "/in/" + encode(district.slug());
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Html.escape(title)).append("</h1>\n");
    if (error != null) body.append("<p id=\"error\" class=\"error\">").append(Html.escape(error)).append("</p>\n");
    body.append("<ul id=\"login-methods\">\n<li data-method=\"password\">Username and password</li>\n");
    if (district == null || district.badges()) {
      String badgeHref = "/badges" + (district == null ? "" : "?district=" + encode(district.slug()))
          + (returnTo == null ? "" : (district == null ? "?" : "&") + "return_to=" + encode(returnTo));
      body.append("<li data-method=\"badge\"><a id=\"badge-login\" href=\"").append(Html.escape(badgeHref))
          .append("\">Log in with a badge (grades K-2)</a></li>\n");
    }
    body.append("</ul>\n<form id=\"login-form\" method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
    body.append(Html.hidden(CSRF_FIELD, csrf)).append('\n');
    if (returnTo != null) body.append(Html.hidden("return_to", returnTo)).append('\n');
    body.append("<label>Username <input type=\"text\" name=\"username\" autocomplete=\"username\"></label>\n");
    body.append("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>\n");
    body.append("<button type=\"submit\">Log in</button>\n</form>");
    ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(Html.page(title, body.toString()));
  }

  private void renderBadge(Context ctx, int status, District district, String returnTo, String error) {
    String csrf = csrfToken(ctx);
    String title = district == null ? "Badge login" : "Badge login for " + district.name();
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Html.escape(title)).append("</h1>\n");
    if (error != null) body.append("<p id=\"error\" class=\"error\">").append(Html.escape(error)).append("</p>\n");
    body.append("<form id=\"badge-form\" method=\"post\" action=\"/badges\">\n");
    body.append(Html.hidden(CSRF_FIELD, csrf)).append('\n');
    if (returnTo != null) body.append(Html.hidden("return_to", returnTo)).append('\n');
    body.append("<label>Badge code <input type=\"text\" name=\"badge\" autocomplete=\"off\"></label>\n");
    body.append("<button type=\"submit\">Log in</button>\n</form>");
    ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(Html.page(title, body.toString()));
  }

  /** @return the browser's CSRF token, issuing a cookie for it when it has none */
  private String csrfToken(Context ctx) {
    String existing = ctx.cookie(CSRF_COOKIE);
    if (existing != null && existing.matches("[A-Za-z0-9_-]{16,64}")) {
      return existing;
    }
    String token = Tokens.random(18);
    cookies.set(ctx, CSRF_COOKIE, token);
    return token;
  }

  private static void checkCsrf(Context ctx) {
    String field = ctx.formParam(CSRF_FIELD);
    if (field == null || field.isEmpty()) {
      throw new HttpError(403, "Missing CSRF token. Reload the login page and submit its form.");
    }
    String cookie = ctx.cookie(CSRF_COOKIE);
    if (cookie == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
      throw new HttpError(403, "Invalid CSRF token. Reload the login page and submit its form.");
    }
  }

  /** @return {@code value} if it is a safe, local place to continue after login; otherwise null (no open redirects) */
  static String returnTo(String value) {
    if (value == null || value.isBlank()) return null;
    if (!value.startsWith("/") || value.startsWith("//") || value.contains("\\")) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) return null; // browsers drop tabs and newlines: "/\t/evil" would become "//evil"
    }
    return value;
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }
}
