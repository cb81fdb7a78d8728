package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.PopulationSettings;
import java.time.Duration;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The login ledger's view of a journey: {@link #login} wraps a journey's steps so that the attempt is
 * begun, every step is named and counted, and the attempt is ended exactly once with the step where
 * it failed and the kind of failure. The first failed step ends the login; the user then leaves.
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
  /** The session key a simulation sets to the login's scheduled start (epoch ms). */
  public static final String SCHEDULED_START = "fb.scheduledStart";
  /** The session key a simulation sets to the login's phase ({@link LoginRecord#LOAD} when absent). */
  public static final String PHASE = "fb.phase";
  /**
   * The session key a simulation may set to a {@link LongSupplier} of a cut-off instant (epoch ms): a login scheduled
   * before it sends no further request and is recorded as cut short ({@code cut-off}).
   */
  public static final String CUT_OFF = "fb.cutOff";

  private LoginSteps() {}

  /**
   * A request step: named after the user's action, its status saved for the ledger, then checked.
   *
   * @param expectedStatus the status that means the step worked (after followed redirects)
   * @return the step
   */
  public static ChainBuilder step(String name, int expectedStatus, HttpRequestActionBuilder request, CheckBuilder... checks) {
    List<CheckBuilder> all = new ArrayList<>();
    all.add(status().saveAs(STATUS)); // first, so that a failed step still tells its status, where it ended and what it said
    all.add(currentLocation().saveAs(URL));
    all.add(bodyString().transform(LoginSteps::head).saveAs(BODY));
    all.add(status().is(expectedStatus));
    all.addAll(Arrays.asList(checks));
    return exec(session -> {
          int requests = session.contains(REQUESTS) ? session.getInt(REQUESTS) : 0;
          // the user reads the previous page before acting again (no pause before the first step)
          long pause = requests > 0 && session.contains(THINK) ? session.<PopulationSettings.ThinkTime>get(THINK).drawMillis(Math.random()) : 0;
          long thought = session.contains(THOUGHT) ? session.getLong(THOUGHT) : 0;
          return session.set(STEP, name).set(EXPECTED, expectedStatus).set(REQUESTS, requests + 1).remove(STATUS).remove(URL).remove(BODY)
              .set(PAUSE, pause).set(THOUGHT, thought + pause);
        })
        // a login the run has given up on sends nothing more
        .doIfOrElse(LoginSteps::cutOff).then(exec(session -> session.set(CUT, true).set(REQUESTS, session.getInt(REQUESTS) - 1).markAsFailed()))
        .orElse(exec(pause(session -> Duration.ofMillis(session.getLong(PAUSE))), exec(request.check(all.toArray(new CheckBuilder[0])))));
  }

  /** @return whether the login is scheduled before the run's cut-off, if the simulation set one */
  private static boolean cutOff(Session session) {
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
   * One login attempt with think time between its steps.
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
          Session s = session.set(LOGIN_ID, id).set(REQUESTS, 0).set(MISTYPED, false).set(STEP, "").set(THOUGHT, 0L).remove(CUT).remove(KIND);
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
          if (!ok && !cut) {
            l.failureSamples().offer(session.contains(PHASE) ? session.getString(PHASE) : LoginRecord.LOAD, journey, session.getString(STEP), kind,
                session.contains(STATUS) ? session.getInt(STATUS) : 0, session.contains(URL) ? session.getString(URL) : "",
                session.contains(BODY) ? session.getString(BODY) : "");
          }
          return session;
        })
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

  /** @return why the current step failed: the kind the journey gave, its unexpected status, no response at all, or a failed content check */
  static String failureKind(Session session) {
    if (session.contains(CUT)) return "cut-off";
    if (session.contains(KIND)) return session.getString(KIND);
    if (!session.contains(STATUS)) return "no-response";
    int status = session.getInt(STATUS);
    return status != session.getInt(EXPECTED) ? "http-" + status : "check";
  }
}
