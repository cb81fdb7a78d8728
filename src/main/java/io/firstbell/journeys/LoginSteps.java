package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.PopulationSettings;
import io.gatling.http.client.uri.Uri;
import io.gatling.http.response.Response;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The login ledger's view of a journey: {@link #login} wraps a journey's steps so that the attempt is
 * begun, every step is named and counted, and the attempt is ended exactly once with the step where
 * it failed and the kind of failure. The first failed step ends the login; the user then leaves. Every
 * request a {@link #step} sends, each redirect it follows included, goes to an allowed host or is not sent.
 */
public final class LoginSteps {

  private static final String LOGIN_ID = "fb.loginId";
  private static final String STEP = "fb.step";
  private static final String REQUESTS = "fb.requests";
  private static final String STATUS = "fb.status";
  private static final String EXPECTED = "fb.expectedStatus";
  private static final String MISTYPED = "fb.mistyped";
  private static final String THINK = "fb.thinkTime";
  private static final String PAUSE = "fb.pauseMs";
  private static final String THOUGHT = "fb.thinkMs";
  private static final String URL = "fb.url";
  private static final String BODY = "fb.body";
  private static final String CUT = "fb.cut";
  private static final String KIND = "fb.failureKind";
  private static final String DETAIL = "fb.failureDetail";
  private static final String LOCATION = "fb.location";
  private static final String HOP = "fb.hop";
  private static final String NEXT = "fb.next";
  private static final String BLOCKED = "fb.blocked";
  /** The failure kind of a login whose next request would have gone to a host that is not allowed (it was not sent). */
  public static final String BLOCKED_HOST = "blocked-host";
  /** The most redirects a step follows (as Gatling by default). */
  public static final int MAX_REDIRECTS = 20;
  /** The session key a simulation sets to the login's scheduled start (epoch ms). */
  public static final String SCHEDULED_START = "fb.scheduledStart";
  /** The session key a simulation sets to the login's phase ({@link LoginRecord#LOAD} when absent). */
  public static final String PHASE = "fb.phase";
  /**
   * The session key a simulation may set to a {@link LongSupplier} of a cut-off instant (epoch ms): a login scheduled
   * before it sends no further request and is recorded as cut short ({@code cut-off}).
   */
  public static final String CUT_OFF = "fb.cutOff";

  /**
   * The session attribute holding an endpoint a step never follows a redirect to, e.g. an OAuth client's redirect URI (the
   * same scheme, host, port and path, whatever the query): a redirect there ends the step as {@value #AUTHORIZATION_ERROR}
   * or {@value #RETURNED_EARLY}. Each login starts without one.
   */
  public static final String REDIRECT_STOP = "fb.redirectStop";
  private static final String STOPPED_AT = "fb.stoppedAt";

  /** The failure kind of a step the provider answered with an OAuth error at the redirect URI (e.g. a missing PKCE challenge). */
  public static final String AUTHORIZATION_ERROR = "oidc-authorization-error";
  /** The failure kind of a step the provider answered by sending the user back to the redirect URI without an error. */
  public static final String RETURNED_EARLY = "oidc-returned-early";

  private LoginSteps() {}

  /**
   * A request step to a URL the journey wrote itself, e.g. a page of the configured portal (see
   * {@link #step(String, String, int, HttpRequestActionBuilder, CheckBuilder...)}).
   *
   * @param expectedStatus the status that means the step worked (after followed redirects)
   * @return the step
   */
  public static ChainBuilder step(String name, int expectedStatus, HttpRequestActionBuilder request, CheckBuilder... checks) {
    return step(name, "the URL of \"" + name + "\"", expectedStatus, request, checks);
  }

  /**
   * A request step: named after the user's action, its status saved for the ledger, then checked. Every request it sends
   * goes to an allowed host ({@link HostGuard}) or is not sent at all: the login then fails as {@value #BLOCKED_HOST}. A
   * step that expects a redirect (3xx) gets it; any other follows redirects here, each hop checked like the first request
   * and sent as a GET (a 307 or 308 only after a GET: FirstBell does not re-send a form), at most {@value #MAX_REDIRECTS},
   * named as Gatling names followed redirects ({@code <name> Redirect <n>}); its checks apply to the last response, and
   * the hops count with the step in the ledger's requests.
   *
   * @param origin where the request's URL came from, for a blocked host's failure, e.g. {@code the token_endpoint of OIDC discovery}
   *     for a URL the target handed back
   * @param expectedStatus the status that means the step worked (after followed redirects)
   * @return the step
   */
  public static ChainBuilder step(String name, String origin, int expectedStatus, HttpRequestActionBuilder request, CheckBuilder... checks) {
    boolean follows = expectedStatus < 300 || expectedStatus > 399;
    Function<Session, String> url = HostGuard.url(request);
    ChainBuilder send = exec(session -> guard(session.set(HOP, 0), url.apply(session), origin, true))
        .doIf(LoginSteps::sendable).then(exec(checked(request, follows, expectedStatus, checks)));
    if (follows) {
      send = send.asLongAs(session -> session.contains(LOCATION) && sendable(session)).on(
          exec(LoginSteps::nextHop)
          .doIf(LoginSteps::sendable).then(exec(checked(http(session -> name + " Redirect " + session.getInt(HOP)).get(session -> session.getString(NEXT)),
              true, expectedStatus, checks))));
    }
    // a redirect to the login's stop (an OAuth client's redirect_uri) ends the step: the provider answered, not the page
    ChainBuilder sent = send.doIf(session -> session.contains(STOPPED_AT)).then(exec(LoginSteps::stopped));
    return exec(session -> {
          int requests = session.contains(REQUESTS) ? session.getInt(REQUESTS) : 0;
          // the user reads the previous page before acting again (no pause before the first step)
          long pause = requests > 0 && session.contains(THINK) ? session.<PopulationSettings.ThinkTime>get(THINK).drawMillis(Math.random()) : 0;
          long thought = session.contains(THOUGHT) ? session.getLong(THOUGHT) : 0;
          // one copy of the session for all of them, not one per attribute (this runs before every request of every login)
          return session.removeAll(STATUS, URL, BODY, LOCATION, STOPPED_AT)
              .setAll(Map.of(STEP, name, EXPECTED, expectedStatus, REQUESTS, requests + 1, PAUSE, pause, THOUGHT, thought + pause));
        })
        // a login the run has given up on sends nothing more
        .doIfOrElse(LoginSteps::cutOff).then(exec(session -> session.set(CUT, true).set(REQUESTS, session.getInt(REQUESTS) - 1).markAsFailed()))
        .orElse(exec(pause(session -> Duration.ofMillis(session.getLong(PAUSE))), sent));
  }

  /**
   * @return {@code request} sent as it is (never followed by Gatling) with the checks that tell a failed step's status, where
   *     it ended and what it said; then the step's own checks, on the last response only when the step {@code follows} redirects
   */
  private static HttpRequestActionBuilder checked(HttpRequestActionBuilder request, boolean follows, int expectedStatus, CheckBuilder[] checks) {
    List<CheckBuilder> verdict = new ArrayList<>();
    verdict.add(status().is(expectedStatus));
    verdict.addAll(Arrays.asList(checks));
    // first, so that a failed step still tells its status, where it ended and what it said
    HttpRequestActionBuilder seen = request.disableFollowRedirect()
        .check(status().saveAs(STATUS), currentLocation().saveAs(URL), bodyString().transform(LoginSteps::head).saveAs(BODY));
    if (!follows) return seen.check(verdict);
    return seen.checkIf(LoginSteps::followed).then(header("Location").saveAs(LOCATION))
        .checkIf(LoginSteps::reachesStop).then(header("Location").saveAs(STOPPED_AT))
        .checkIf((response, session) -> redirectKind(response, session) == NO_REDIRECT).then(verdict);
  }

  /** @return whether this response is a redirect the step follows: a 301, 302, 303 (or a 307, 308 after a GET) to an http(s) URL */
  private static boolean followed(Response response, Session session) {
    return redirectKind(response, session) == FOLLOWED;
  }

  /** @return whether this response redirects to the login's {@link #REDIRECT_STOP}, which is never followed */
  private static boolean reachesStop(Response response, Session session) {
    return redirectKind(response, session) == STOP;
  }

  private static final int NO_REDIRECT = 0;
  private static final int FOLLOWED = 1;
  private static final int STOP = 2;
  /** The response last judged on this thread and its kind: a step's checks ask about each response three times, on one thread. */
  private static final ThreadLocal<Object[]> LAST_JUDGED = ThreadLocal.withInitial(() -> new Object[2]);

  /** @return {@link #FOLLOWED}, {@link #STOP} (a redirect to the login's {@link #REDIRECT_STOP}) or {@link #NO_REDIRECT}, judged once per response */
  private static int redirectKind(Response response, Session session) {
    Object[] last = LAST_JUDGED.get();
    if (last[0] == response) return (Integer) last[1]; // the hop and the stop it depends on do not change while one response is checked
    int kind = !redirect(response, session) ? NO_REDIRECT : toStop(response, session) ? STOP : FOLLOWED;
    last[0] = response;
    last[1] = kind;
    return kind;
  }

  /** @return whether this redirect goes to the login's {@link #REDIRECT_STOP} */
  private static boolean toStop(Response response, Session session) {
    if (!session.contains(REDIRECT_STOP)) return false;
    String next = Uri.create(response.request().getUri(), response.headers().get("Location")).toUrl();
    return OidcClient.sameEndpoint(next, session.getString(REDIRECT_STOP));
  }

  /** @return whether this response is a redirect a step could follow: a 301, 302, 303 (or a 307, 308 after a GET) to an http(s) URL */
  private static boolean redirect(Response response, Session session) {
    int status = response.status().code();
    boolean keepsMethod = status == 307 || status == 308;
    if (!(status >= 301 && status <= 303 || keepsMethod) || session.getInt(HOP) >= MAX_REDIRECTS) return false;
    if (keepsMethod && !response.request().getMethod().name().equals("GET")) return false;
    String location = response.headers().get("Location");
    if (location == null || location.isBlank()) return false;
    try {
      String scheme = Uri.create(response.request().getUri(), location).getScheme();
      return scheme.equals("http") || scheme.equals("https");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A step whose redirects reached the login's {@link #REDIRECT_STOP} before the page it expected: an OAuth authorization
   * response (RFC 6749 4.1.2) to the client's redirect URI, never requested. With an {@code error} it fails as
   * {@value #AUTHORIZATION_ERROR}, the error and its description kept; without, as {@value #RETURNED_EARLY}.
   */
  private static Session stopped(Session session) {
    String at = Uri.create(Uri.create(session.getString(URL)), session.getString(STOPPED_AT)).toUrl();
    Map<String, String> query = OidcClient.query(at);
    String from = "the Location of a " + session.getInt(STATUS) + " from " + Uri.create(session.getString(URL)).toUrlWithoutQuery();
    if (query.containsKey("error")) {
      return fail(session, AUTHORIZATION_ERROR, OidcClient.authorizationError(query) + " (" + from + ")");
    }
    return fail(session, RETURNED_EARLY, "the provider sent the user back to " + Uri.create(at).toUrlWithoutQuery()
        + " without the page this step expected (" + from + ")");
  }

  /** @return the session ready for the next hop of a redirect: its URL resolved against the last one, checked */
  private static Session nextHop(Session session) {
    String from = session.getString(URL);
    String next = Uri.create(Uri.create(from), session.getString(LOCATION)).toUrl();
    String origin = "the Location of a " + session.getInt(STATUS) + " from " + Uri.create(from).toUrlWithoutQuery();
    Session s = session.removeAll(LOCATION, STATUS, URL, BODY).setAll(Map.of(HOP, session.getInt(HOP) + 1, NEXT, next));
    return guard(s, next, origin, false);
  }

  /**
   * @param url where the request would go, or null when Gatling cannot build it (and so sends nothing)
   * @param first whether this is the step's own request (not a hop of its redirects): blocked, it was never issued
   * @return the session, failed as {@value #BLOCKED_HOST} when {@code url}'s host is not allowed
   */
  private static Session guard(Session session, String url, String origin, boolean first) {
    String host = url == null ? null : HostGuard.blockedHost(url);
    if (host == null) return session.remove(BLOCKED);
    Session s = session.set(BLOCKED, BLOCKED_HOST + ": " + host + " (" + origin + ")").set(URL, url);
    return fail(first ? s.set(REQUESTS, s.getInt(REQUESTS) - 1) : s, BLOCKED_HOST);
  }

  /** @return the URL the last response of the login came from (after the redirects its step followed), or null before any */
  static String lastUrl(Session session) {
    return session.contains(URL) ? session.getString(URL) : null;
  }

  /** @return whether the guard let the next request go */
  private static boolean sendable(Session session) {
    return !session.contains(BLOCKED);
  }

  private static volatile boolean stopped;

  /** Stops every login of this JVM at its next step: the run is ending (a signal, a blocked host, a full disk) and sends no more. */
  public static void stopAll() {
    stopped = true;
  }

  /** @return whether the login is cut off: the run is ending, or it is scheduled before the run's cut-off, if the simulation set one */
  private static boolean cutOff(Session session) {
    if (stopped) return true;
    if (!session.contains(CUT_OFF) || !session.contains(SCHEDULED_START)) return false;
    return session.getLong(SCHEDULED_START) < session.<LongSupplier>get(CUT_OFF).getAsLong();
  }

  /** @return the start of a response body, enough for a failure sample (the full page is never kept) */
  private static String head(String body) {
    return body == null ? "" : body.length() > 8192 ? body.substring(0, 8192) : body;
  }

  /** Marks the attempt as one where the user mistyped the password before getting it right. */
  public static ChainBuilder mistyped() {
    return exec(session -> session.set(MISTYPED, true));
  }

  /**
   * One login attempt of a journey, accounted for in {@code ledger}.
   *
   * @param journey the journey's name, e.g. {@code student-portal}
   * @param persona "student" or "teacher"; null: the user's {@code userType} from the credentials
   * @param method "password", "badge", "app-initiated", "oidc"
   * @param steps the journey's steps
   * @return the chain
   */
  public static ChainBuilder login(Supplier<LoginLedger> ledger, String journey, String persona, String method, ChainBuilder steps) {
    return login(ledger, journey, persona, method, null, steps);
  }

  /**
   * One login attempt with think time between its steps. A login that fails as {@value #BLOCKED_HOST} stops the run
   * (Gatling's {@code stopLoadGenerator}, naming the host), and the console says so once.
   *
   * @param thinkTime pauses between steps, or null for none
   * @return the chain
   */
  public static ChainBuilder login(Supplier<LoginLedger> ledger, String journey, String persona, String method,
      PopulationSettings.ThinkTime thinkTime, ChainBuilder steps) {
    return exec(session -> {
          long now = ledger.get().now();
          long scheduled = session.contains(SCHEDULED_START) ? Math.min(now, session.getLong(SCHEDULED_START)) : now;
          String district = session.contains("district") ? session.getString("district") : "";
          String who = persona != null ? persona : session.contains("userType") ? session.getString("userType") : "";
          String phase = session.contains(PHASE) ? session.getString(PHASE) : LoginRecord.LOAD;
          long id = ledger.get().begin(scheduled, journey, who, method, district, phase);
          Session s = session.removeAll(CUT, KIND, DETAIL, BLOCKED, REDIRECT_STOP) // a journey sets its own stop, for its own login
              .setAll(Map.of(LOGIN_ID, id, REQUESTS, 0, MISTYPED, false, STEP, "", THOUGHT, 0L));
          return thinkTime == null ? s.remove(THINK) : s.set(THINK, thinkTime);
        })
        .exitBlockOnFail().on(steps)
        .exec(session -> {
          boolean ok = !session.isFailed();
          boolean cut = session.contains(CUT);
          String kind = ok ? "" : failureKind(session);
          LoginRecord.Outcome outcome = ok ? LoginRecord.Outcome.SUCCEEDED : cut ? LoginRecord.Outcome.CUT_SHORT : LoginRecord.Outcome.FAILED;
          LoginLedger l = ledger.get();
          l.end(session.getLong(LOGIN_ID), outcome, session.getString(STEP), kind, session.getInt(REQUESTS), session.getBoolean(MISTYPED),
              session.getLong(THOUGHT));
          boolean blocked = !ok && session.contains(BLOCKED);
          String refusal = blocked ? session.getString(BLOCKED) + " is not on firstbell.target.allowed-hosts (" + HostGuard.hosts().describe()
              + "): the request was not sent" : "";
          if (!ok && !cut) {
            l.failureSamples().offer(session.contains(PHASE) ? session.getString(PHASE) : LoginRecord.LOAD, journey, session.getString(STEP), kind,
                session.contains(STATUS) ? session.getInt(STATUS) : 0, session.contains(URL) ? session.getString(URL) : "",
                blocked ? refusal : session.contains(DETAIL) ? session.getString(DETAIL) : session.contains(BODY) ? session.getString(BODY) : "");
          }
          if (blocked && HostGuard.firstBlocked(refusal)) {
            System.out.println("FirstBell: " + refusal + "; journey " + journey + ", step \"" + session.getString(STEP) + "\"; the run stops");
          }
          return session;
        })
        // a host that is not allowed ends the run, not only this login
        .doIf(session -> session.isFailed() && session.contains(BLOCKED))
        .then(stopLoadGenerator(session -> "FirstBell: " + session.getString(BLOCKED) + " is not an allowed host; the run stops"))
        // the login is over: a user whose login failed goes no further
        .exitHereIfFailed();
  }

  /**
   * Fails the login at its current step for a reason the journey itself found in what the provider answered,
   * e.g. a state that is not the one sent; the login sends no further request.
   *
   * @param kind the failure kind the ledger records, e.g. {@code oidc-state-mismatch}
   * @return the session, failed
   */
  public static Session fail(Session session, String kind) {
    return session.set(KIND, kind).markAsFailed();
  }

  /**
   * Fails the login as {@link #fail(Session, String)} does, with what the journey found: the failure sample keeps
   * {@code detail} in place of the response body.
   *
   * @param kind the failure kind the ledger records, e.g. {@code check-id-token-aud}
   * @param detail what was wrong, e.g. the {@code aud} found; never a secret or a token
   * @return the session, failed
   */
  public static Session fail(Session session, String kind, String detail) {
    return fail(session, kind).set(DETAIL, detail);
  }

  /** @return why the current step failed: the kind the journey gave, its unexpected status, no response at all, or a failed content check */
  static String failureKind(Session session) {
    if (session.contains(CUT)) return "cut-off";
    if (session.contains(KIND)) return session.getString(KIND);
    if (!session.contains(STATUS)) return "no-response";
    int status = session.getInt(STATUS);
    return status != session.getInt(EXPECTED) ? "http-" + status : "check";
  }
}
