package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.PortalJourney;
import io.firstbell.stack.ReferenceStack;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark: the reference stack's own CPU per completed student login at a steady rate it
 * sustains, measured from the CPU time of the stack's threads (the generator's threads excluded).
 * {@code ./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.StackCostSimulation}
 */
public class StackCostSimulation extends Simulation {

  // parameters
  private final Config config = FirstBellConfig.load();
  private final Checks benchmark = new Checks(config, "firstbell.benchmarks.stack-cost");
  private final double rate = benchmark.positive("logins-per-second");
  private final Duration duration = benchmark.positiveDuration("duration");
  private final ReferenceStack stack = ReferenceStack.start(config);
  private final List<Map<String, Object>> students = Credentials.passwordStudentsOf(stack);
  private final LongAdder completed = new LongAdder();
  private long cpuBefore;
  private long wallBefore;

  // HTTP protocol
  private final HttpProtocolBuilder httpProtocol = http.baseUrl(stack.portalUrl("")).userAgentHeader("FirstBell/stack-cost");

  // scenarios
  private final ScenarioBuilder studentsLogIn =
      scenario("Students log in through the portal")
          .feed(listFeeder(students).random())
          .exec(PortalJourney.studentPortalLogin)
          .exec(session -> {
            if (!session.isFailed()) completed.increment(); // every step of this login passed
            return session;
          });

  // assertions and setUp
  {
    setUp(studentsLogIn.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(httpProtocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }

  @Override
  public void before() {
    System.out.printf("FirstBell stack-cost: %s logins/s for %ss against %s (stack up in %d ms)%n",
        rate, duration.toSeconds(), stack.portalUrl("/"), stack.startupMillis());
    cpuBefore = stack.cpuMillis();
    wallBefore = System.nanoTime();
  }

  @Override
  public void after() {
    long cpu = stack.cpuMillis() - cpuBefore;
    double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
    long logins = completed.sum();
    System.out.printf("FirstBell stack-cost: %d logins succeeded in %.1f s; stack CPU %d ms = %.2f ms per login, %.1f%% of one core%n",
        logins, wallSeconds, cpu, logins == 0 ? Double.NaN : cpu / (double) logins, 100.0 * cpu / 1000.0 / wallSeconds);
    stack.close();
  }

}
