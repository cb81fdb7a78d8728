package com.example;

import static io.firstbell.journeys.LoginSteps.step;
import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.journeys.Journey;
import io.firstbell.journeys.JourneyContext;
import io.firstbell.journeys.JourneySet;
import io.firstbell.journeys.PageSteps;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;

/**
 * Students and teachers of the Lakeside Learning Hub: the district picker, the sign-in page every district shares, a tile
 * of the launcher, and the app greeting the user. Run it with
 * {@code firstbell.target.journeys { class = "com.example.LakesideJourneys", settings { app = math } }}.
 */
public class LakesideJourneys implements JourneySet {

  @Override
  public List<Journey> journeys(JourneyContext context) {
    String app = context.settings().getString("app"); // your own settings: firstbell.target.journeys.settings
    ChainBuilder login = login(app);
    return List.of(
        new Journey("lakeside-student", Journey.STUDENT, "password", Journey.users("student", "password"), context.share(Journey.STUDENT), login),
        new Journey("lakeside-teacher", Journey.TEACHER, "password", Journey.users("teacher", "password"), context.share(Journey.TEACHER), login));
  }

  /** The picker, the shared sign-in page, the launcher's tile of {@code app}, and the app's greeting naming this user. */
  private static ChainBuilder login(String app) {
    return exec(step("Open district picker", 200, http("Open district picker").get("/"),
            // the user's district, found by its data-org; its link leads to the sign-in page
            PageSteps.link("a.org-link[data-org='#{district}']")))
        // the form with the password field, its hidden token and its boxes kept as the page has them
        .exec(PageSteps.openLinkedLoginPage("Choose district"))
        // redirects followed to the launcher, whose tile of the app is the next link
        .exec(PageSteps.submitLoginForm("Sign in", css("nav.launcher").exists(), PageSteps.link("div.tile[data-name=" + app + "] a.tile-go")))
        // the tile's redirects followed into the app, which must greet this user
        .exec(PageSteps.openLink("Launch " + app, css("h2.greeting", "data-user").isEL("#{username}")));
  }
}
