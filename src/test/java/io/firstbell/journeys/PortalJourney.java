package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;

/**
 * A student's morning through the district portal, as named, reusable steps: open the district
 * login page, submit credentials, open the sample app's tile (instant login, app callback, welcome
 * page naming this student). Each step checks what the user would see.
 * Expects {@code username}, {@code password} and {@code district} in the session.
 */
public final class PortalJourney {

  private PortalJourney() {}

  /** The district login page; keeps its CSRF token. */
  public static final ChainBuilder openDistrictLoginPage =
      exec(http("Open district login page")
          .get("/in/#{district}")
          .check(status().is(200), css("input[name=_csrf]", "value").saveAs("csrf")))
;

  /** Posts the password form and lands on the student dashboard; keeps the sample app tile's link. */
  public static final ChainBuilder submitCredentials =
      exec(http("Submit credentials")
          .post("/in/#{district}")
          .formParam("_csrf", "#{csrf}")
          .formParam("username", "#{username}")
          .formParam("password", "#{password}")
          .check(
              status().is(200),
              css("main#student-dashboard").exists(),
              css("a.app-tile[data-app=sample]", "href").saveAs("sampleAppTile")));

  /** Instant login into the sample app: portal redirect, app callback with server-side code exchange, welcome page. */
  public static final ChainBuilder openSampleAppTile =
      exec(http("Open sample app tile")
          .get("#{sampleAppTile}")
          .check(
              status().is(200),
              css("#user-type").is("student"),
              css("#username").isEL("#{username}"),
              css("#welcome").transform(w -> w.startsWith("Welcome, ")).is(true)));

  /**
   * The whole student portal login: the first failed step ends the login (the rest of the steps are
   * skipped), and the scenario goes on after it so that the attempt can be accounted for.
   */
  public static final ChainBuilder studentPortalLogin =
      exitBlockOnFail().on(exec(openDistrictLoginPage, submitCredentials, openSampleAppTile));
}
