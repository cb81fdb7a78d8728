package io.firstbell.portal2;

import io.firstbell.target.CredentialsFile;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lakeside Learning Hub: a second portal that looks nothing like the reference stack, for proving that journeys of one's own
 * carry none of its markup. A district picker ({@code /}) leads to one sign-in page shared by every district
 * ({@code /auth/signin?org=…}: fields {@code login} and {@code secret}, a hidden {@code __rvt} token that must match its
 * cookie, a "keep me signed in" box, a named sign-in button the server requires, and a help form before it); signing in
 * redirects twice to a launcher of app tiles ({@code /hub/home}, each tile's link relative to it), and a tile redirects
 * twice into the app, whose landing page greets the user.
 * The Science Lab tile has a bug: its landing page greets a guest. Binds port 0 on 127.0.0.1; {@link #url} gives its URLs.
 */
public final class LakesidePortal implements AutoCloseable {

  /** A member of the hub: the users table. */
  public record Member(String login, String secret, String role, String org, String displayName) {}

  /** The districts the picker lists: id, name. */
  public static final Map<String, String> ORGS = orgs();
  /** The apps of the launcher: id, title. Teachers see Math Quest and Gradebook; students Math Quest, Reading Raft and Science Lab. */
  public static final Map<String, String> APPS = Map.of("math", "Math Quest", "reading", "Reading Raft", "science", "Science Lab",
      "gradebook", "Gradebook");
  private static final List<String> STUDENT_APPS = List.of("math", "reading", "science");
  private static final List<String> TEACHER_APPS = List.of("math", "gradebook");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Javalin server;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, Member> sessions = new ConcurrentHashMap<>();
  private final Map<String, String[]> tickets = new ConcurrentHashMap<>();
  private final AtomicLong greetings = new AtomicLong();
  private final AtomicLong refusedSignIns = new AtomicLong();

  private LakesidePortal(List<Member> table) {
    for (Member m : table) members.put(m.org() + "/" + m.login(), m);
    server = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
    });
    server.get("/", this::picker);
    server.get("/auth/signin", this::signInPage);
    server.post("/auth/session", this::signIn);
    server.get("/auth/continue", this::continueTo);
    server.get("/hub/home", this::launcher);
    server.get("/hub/launch/{app}", this::launch);
    server.get("/apps/{app}/enter", this::enterApp);
    server.get("/apps/{app}/", this::landing);
    server.error(404, ctx -> ctx.html(page("Lost at the lake", "<div class=\"oops\">Nothing at " + esc(ctx.path()) + "</div>")));
    server.start("127.0.0.1", 0);
  }

  /** @return the hub, started with {@link #members()} as its users */
  public static LakesidePortal start() {
    return new LakesidePortal(members());
  }

  /** @return the users table: in each district 12 students and 3 teachers */
  public static List<Member> members() {
    List<Member> all = new ArrayList<>();
    String[] names = {"Ava", "Noah", "Mia", "Liam", "Zoe", "Eli", "Ivy", "Owen", "Luz", "Kai", "Nia", "Ben", "Rosa", "Theo", "June"};
    for (String org : ORGS.keySet()) {
      for (int i = 0; i < names.length; i++) {
        String role = i < 12 ? "learner" : "educator";
        String login = names[i].toLowerCase() + "." + org.substring(0, 2) + (100 + i);
        all.add(new Member(login, "tide-" + org.length() + "-" + (7 * i + 3) + "!", role, org, names[i]));
      }
    }
    return all;
  }

  /** Writes the members as FirstBell's credentials file ({@code username,password,user_type,district,login_method}). */
  public static void writeCredentials(Path csv) throws IOException {
    StringBuilder sb = new StringBuilder(CredentialsFile.HEADER).append('\n');
    for (Member m : members()) {
      sb.append(m.login()).append(',').append(m.secret()).append(',').append(m.role().equals("learner") ? "student" : "teacher").append(',')
          .append(m.org()).append(",password\n");
    }
    Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
  }

  /** @return the absolute URL of {@code path} on the hub */
  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** @return how many app landing pages greeted a signed-in member (the Science Lab's guest greeting included) */
  public long greetings() {
    return greetings.get();
  }

  /** @return how many sign-ins were refused (wrong login, secret, token or button) */
  public long refusedSignIns() {
    return refusedSignIns.get();
  }

  @Override
  public void close() {
    server.stop();
  }

  // ---- pages ---------------------------------------------------------------------------------------

  private void picker(Context ctx) {
    StringBuilder list = new StringBuilder("<section id=\"orgs\"><h1>Lakeside Learning Hub</h1><p>Where do you go to school?</p><ul>");
    ORGS.forEach((id, name) -> list.append("<li><a class=\"org-link\" data-org=\"").append(id).append("\" href=\"/auth/signin?org=")
        .append(id).append("\">").append(esc(name)).append("</a></li>"));
    ctx.html(page("Choose your district", list.append("</ul></section>").toString()));
  }

  private void signInPage(Context ctx) {
    String org = ctx.queryParam("org");
    if (org == null || !ORGS.containsKey(org)) {
      ctx.status(HttpStatus.NOT_FOUND).html(page("Unknown district", "<div class=\"oops\">We do not know that district.</div>"));
      return;
    }
    String token = token();
    ctx.res().addHeader("Set-Cookie", "lh_rvt=" + token + "; Path=/auth; HttpOnly; SameSite=Strict");
    ctx.html(page("Sign in to " + ORGS.get(org), signInForms(org, token, "")));
  }

  private static String signInForms(String org, String token, String notice) {
    return "<div class=\"card\"><h1>" + esc(ORGS.get(org)) + "</h1>" + notice
        + "<form class=\"help\" action=\"/auth/help\" method=\"post\"><label>Forgot your secret? <input type=\"email\" name=\"recovery\"></label>"
        + "<input type=\"submit\" value=\"Send me a hint\"></form>"
        + "<form id=\"signin\" action=\"session\" method=\"post\">"
        + "<input type=\"hidden\" name=\"org\" value=\"" + esc(org) + "\"><input type=\"hidden\" name=\"__rvt\" value=\"" + token + "\">"
        + "<label>Login ID <input type=\"text\" name=\"login\" autocomplete=\"off\"></label>"
        + "<label>Secret <input type=\"password\" name=\"secret\"></label>"
        + "<label><input type=\"checkbox\" name=\"keep\" value=\"30d\" checked> Keep me signed in</label>"
        + "<button type=\"submit\" name=\"action\" value=\"signin\">Sign in</button>"
        + "<button type=\"submit\" name=\"action\" value=\"guest\">Continue as guest</button></form></div>";
  }

  private void signIn(Context ctx) {
    String org = ctx.formParam("org");
    String token = ctx.formParam("__rvt");
    Member m = org == null ? null : members.get(org + "/" + ctx.formParam("login"));
    boolean tokenOk = token != null && token.equals(ctx.cookie("lh_rvt"));
    if (!tokenOk || !"signin".equals(ctx.formParam("action"))) {
      refusedSignIns.incrementAndGet();
      ctx.status(HttpStatus.FORBIDDEN).html(page("Refused", "<div class=\"oops\">That sign-in form had expired or was not the sign-in button.</div>"));
      return;
    }
    if (m == null || !m.secret().equals(ctx.formParam("secret"))) {
      refusedSignIns.incrementAndGet();
      String again = token();
      ctx.res().addHeader("Set-Cookie", "lh_rvt=" + again + "; Path=/auth; HttpOnly; SameSite=Strict");
      ctx.status(HttpStatus.UNAUTHORIZED).html(page("Sign in", signInForms(ORGS.containsKey(org) ? org : ORGS.keySet().iterator().next(), again,
          "<p class=\"notice\">That login ID and secret do not match.</p>")));
      return;
    }
    String sid = token();
    sessions.put(sid, m);
    ctx.res().addHeader("Set-Cookie", "lh_sid=" + sid + "; Path=/; HttpOnly; SameSite=Lax" + ("30d".equals(ctx.formParam("keep")) ? "; Max-Age=2592000" : ""));
    ctx.redirect("/auth/continue?to=%2Fhub%2Fhome", HttpStatus.FOUND);
  }

  private void continueTo(Context ctx) {
    String to = ctx.queryParam("to");
    ctx.redirect(to != null && to.startsWith("/") ? to : "/hub/home", HttpStatus.SEE_OTHER);
  }

  private void launcher(Context ctx) {
    Member m = member(ctx);
    if (m == null) {
      ctx.redirect("/", HttpStatus.FOUND);
      return;
    }
    StringBuilder tiles = new StringBuilder("<header class=\"bar\"><span class=\"who\">" + esc(m.displayName()) + "</span></header>"
        + "<nav class=\"launcher\" aria-label=\"Your apps\">");
    for (String app : m.role().equals("learner") ? STUDENT_APPS : TEACHER_APPS) {
      tiles.append("<div class=\"tile\" data-name=\"").append(app).append("\"><span class=\"tile-title\">").append(esc(APPS.get(app)))
          .append("</span><a class=\"tile-go\" href=\"launch/").append(app).append("\">Launch</a></div>");
    }
    ctx.html(page("Your apps", tiles.append("</nav>").toString()));
  }

  private void launch(Context ctx) {
    Member m = member(ctx);
    String app = ctx.pathParam("app");
    if (m == null || !(m.role().equals("learner") ? STUDENT_APPS : TEACHER_APPS).contains(app)) {
      ctx.status(HttpStatus.FORBIDDEN).html(page("Not for you", "<div class=\"oops\">That app is not on your launcher.</div>"));
      return;
    }
    String ticket = token();
    tickets.put(ticket, new String[] {m.org() + "/" + m.login(), app});
    ctx.redirect("/apps/" + app + "/enter?ticket=" + ticket, HttpStatus.FOUND);
  }

  private void enterApp(Context ctx) {
    String[] ticket = ctx.queryParam("ticket") == null ? null : tickets.remove(ctx.queryParam("ticket")); // single use
    String app = ctx.pathParam("app");
    if (ticket == null || !ticket[1].equals(app)) {
      ctx.status(HttpStatus.BAD_REQUEST).html(page("Bad ticket", "<div class=\"oops\">That launch ticket is not valid.</div>"));
      return;
    }
    ctx.res().addHeader("Set-Cookie", "app_" + app + "=" + ticket[0].replace('/', ':') + "; Path=/apps/" + app + "; HttpOnly; SameSite=Lax");
    ctx.redirect("/apps/" + app + "/", HttpStatus.FOUND);
  }

  private void landing(Context ctx) {
    String app = ctx.pathParam("app");
    String who = ctx.cookie("app_" + app);
    Member m = who == null ? null : members.get(who.replace(':', '/'));
    if (m == null) {
      ctx.redirect("/", HttpStatus.FOUND);
      return;
    }
    greetings.incrementAndGet();
    String login = app.equals("science") ? "guest" : m.login(); // the bug: Science Lab forgets who came in
    String name = app.equals("science") ? "Guest" : m.displayName();
    ctx.html(page(APPS.get(app), "<main class=\"app-shell\" data-app=\"" + app + "\"><h2 class=\"greeting\" data-user=\"" + esc(login)
        + "\">Good morning, " + esc(name) + "! Signed in as " + esc(login) + "</h2></main>"));
  }

  private Member member(Context ctx) {
    String sid = ctx.cookie("lh_sid");
    return sid == null ? null : sessions.get(sid);
  }

  private static String token() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><title>" + esc(title) + " · Lakeside Learning Hub</title></head><body class=\"lakeside\">" + body
        + "</body></html>";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static Map<String, String> orgs() {
    Map<String, String> orgs = new LinkedHashMap<>();
    orgs.put("lakeside-east", "Lakeside East Schools");
    orgs.put("pine-hollow", "Pine Hollow Unified");
    orgs.put("marsh-bay", "Marsh Bay ISD");
    return java.util.Collections.unmodifiableMap(orgs);
  }
}
