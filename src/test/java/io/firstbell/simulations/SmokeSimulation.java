package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.PortalJourney;
import io.firstbell.stack.ReferenceStack;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
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

  // HTTP protocol (journeys: io.firstbell.journeys.PortalJourney)
  private final HttpProtocolBuilder httpProtocol =
      http.baseUrl(stack.portalUrl(""))
          .acceptHeader("text/html,application/xhtml+xml")
          .userAgentHeader("FirstBell/smoke");

  // scenarios
  private final ScenarioBuilder studentLogsIn =
      scenario("Student logs in through the portal")
          .feed(listFeeder(student))
          .exec(PortalJourney.studentPortalLogin);

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
    Path csv = Path.of("target", "firstbell", "credentials.csv");
    stack.exportCredentials(csv);
    return Credentials.read(csv, "student", "password", 1);
  }
}
