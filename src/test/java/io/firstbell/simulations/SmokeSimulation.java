package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.ReferenceStack;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One student logs in end to end against the embedded reference stack: district login page,
 * credentials, dashboard, the sample app's tile, instant login, the app's callback and its welcome
 * page naming that student. Any failure fails the build.
 */
public class SmokeSimulation extends Simulation {

  // parameters: the embedded stack is the target; it starts here and stops in after()
  private final ReferenceStack stack = ReferenceStack.start(FirstBellConfig.load());
  private final List<Map<String, Object>> student = oneStudent(stack);

  // HTTP protocol
  private final HttpProtocolBuilder httpProtocol =
      http.baseUrl(stack.portalUrl(""))
          .acceptHeader("text/html,application/xhtml+xml")
          .userAgentHeader("FirstBell/smoke");

  // journeys
  private final ChainBuilder openDistrictLoginPage =
      exec(http("Open district login page")
          .get("/in/#{district}")
          .check(status().is(200), css("input[name=_csrf]", "value").saveAs("csrf")));

  private final ChainBuilder submitCredentials =
      exec(http("Submit credentials")
          .post("/in/#{district}")
          .formParam("_csrf", "#{csrf}")
          .formParam("username", "#{username}")
          .formParam("password", "#{password}")
          .check(
              status().is(200),
              css("main#student-dashboard").exists(),
              css("a.app-tile[data-app=sample]", "href").saveAs("sampleAppTile")));

  private final ChainBuilder openSampleAppTile =
      // instant login: portal redirects to the app's callback, which exchanges the code and welcomes the user
      exec(http("Open sample app tile")
          .get("#{sampleAppTile}")
          .check(
              status().is(200),
              css("#user-type").is("student"),
              css("#username").isEL("#{username}"),
              css("#welcome").transform(w -> w.startsWith("Welcome, ")).is(true)));

  // scenarios
  private final ScenarioBuilder studentLogsIn =
      scenario("Student logs in through the portal")
          .feed(listFeeder(student))
          .exec(openDistrictLoginPage, submitCredentials, openSampleAppTile);

  // assertions and setUp
  {
    setUp(studentLogsIn.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(global().failedRequests().count().is(0L), global().successfulRequests().count().gte(3L));
  }

  @Override
  public void before() {
    System.out.println("FirstBell smoke: reference stack up in " + stack.startupMillis() + " ms; "
        + stack.rosterSummary().describe());
    System.out.println("FirstBell smoke: portal " + stack.portalUrl("/") + ", sample app " + stack.appUrl("/")
        + ", student " + student.get(0).get("username") + " of " + student.get(0).get("district"));
  }

  @Override
  public void after() {
    stack.close();
  }

  /** Picks the first password-login student from the credentials CSV the stack exports. */
  private static List<Map<String, Object>> oneStudent(ReferenceStack stack) {
    try {
      Path csv = Path.of("target", "firstbell", "credentials.csv");
      stack.exportCredentials(csv);
      try (var lines = Files.lines(csv)) {
        return lines.skip(1)
            .map(l -> l.split(","))
            .filter(f -> f[2].equals("student") && f[4].equals("password"))
            .limit(1)
            .map(f -> Map.<String, Object>of("username", f[0], "password", f[1], "district", f[3]))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
