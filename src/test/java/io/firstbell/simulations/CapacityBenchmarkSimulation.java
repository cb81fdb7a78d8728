package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.PortalJourney;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Benchmark: where does the reference stack saturate, against its modelled capacity? Student
 * portal logins at constant rates in steps around the modelled capacity (autoscaler off, so the
 * instance count is fixed); per step, by login start: offered and achieved logins/s, success ratio
 * and p95 login time. The measured saturation is the highest achieved rate of successful logins.
 * <pre>./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.CapacityBenchmarkSimulation -Dfirstbell.stack.preset=fixed</pre>
 */
public class CapacityBenchmarkSimulation extends Simulation {

  // parameters
  private final Config config = FirstBellConfig.load();
  private final Checks benchmark = new Checks(config, "firstbell.benchmarks.capacity");
  private final List<Double> steps = config.getDoubleList("firstbell.benchmarks.capacity.steps");
  private final Duration stepDuration = benchmark.positiveDuration("step-duration");
  private final double successThreshold = benchmark.fraction("success-threshold");
  private final CapacitySettings capacity = CapacitySettings.from(config);
  private final CapacityFormula.Capacity modelled = CapacityFormula.studentPortalLogins(capacity, capacity.initialInstances());
  private final ReferenceStack stack = startFixedFleet(config, capacity);
  private final List<Map<String, Object>> students = Credentials.passwordStudentsOf(stack);
  private final ConcurrentLinkedQueue<long[]> logins = new ConcurrentLinkedQueue<>(); // {startMillis, durationMillis, ok}
  private volatile long startedAt;

  // HTTP protocol
  private final HttpProtocolBuilder httpProtocol = http.baseUrl(stack.portalUrl("")).userAgentHeader("FirstBell/capacity-benchmark");

  // scenarios: each login is timed from its start; a failed step ends the block, not the bookkeeping
  private final ScenarioBuilder studentsLogIn =
      scenario("Students log in through the portal")
          .feed(listFeeder(students).random())
          .exec(session -> session.set("loginStart", System.currentTimeMillis()))
          .exec(PortalJourney.studentPortalLogin)
          // the login failed if any of its requests did
          .exec(session -> session.isFailed() ? session : session.set("loginSucceeded", true))
          .exec(session -> {
            long start = session.getLong("loginStart");
            logins.add(new long[] {start, System.currentTimeMillis() - start, session.contains("loginSucceeded") ? 1 : 0});
            return session;
          });

  // setUp: one constant-rate step per configured fraction of the modelled capacity
  {
    List<OpenInjectionStep> injection = new ArrayList<>();
    for (double fraction : steps) {
      injection.add(constantUsersPerSec(fraction * modelled.perSec()).during(stepDuration));
    }
    setUp(studentsLogIn.injectOpen(injection)).protocols(httpProtocol);
  }

  @Override
  public void before() {
    System.out.printf("FirstBell capacity benchmark: %d instance(s) x %d slots, slot-time per login %d ms, datastore %d reads x %d us / %d;"
            + " modelled capacity %.1f logins/s (%s bound); %d steps of %ds%n",
        capacity.initialInstances(), capacity.slots(), modelled.slotTimePerLogin().toMillis(),
        CapacityFormula.READS_PER_STUDENT_PORTAL_LOGIN, capacity.readTime().toNanos() / 1000, capacity.datastoreCeiling(),
        modelled.perSec(), modelled.bottleneck(), steps.size(), stepDuration.toSeconds());
    startedAt = System.currentTimeMillis();
  }

  @Override
  public void after() {
    long stepMillis = stepDuration.toMillis();
    double best = 0;
    double highestHolding = 0;
    System.out.println("FirstBell capacity benchmark: step  offered/s  achieved/s  success%   p95 ms");
    for (int i = 0; i < steps.size(); i++) {
      long from = startedAt + i * stepMillis;
      long to = from + stepMillis;
      List<long[]> in = logins.stream().filter(l -> l[0] >= from && l[0] < to).toList();
      long ok = in.stream().filter(l -> l[2] == 1).count();
      double achieved = ok / (stepMillis / 1000.0);
      double success = in.isEmpty() ? 0 : ok / (double) in.size();
      long[] durations = in.stream().mapToLong(l -> l[1]).sorted().toArray();
      long p95 = durations.length == 0 ? 0 : durations[(int) Math.ceil(0.95 * durations.length) - 1];
      double offered = steps.get(i) * modelled.perSec();
      best = Math.max(best, achieved);
      if (success >= successThreshold) highestHolding = Math.max(highestHolding, offered);
      System.out.printf("FirstBell capacity benchmark: %4d %10.1f %11.1f %9.2f %8d%n", i + 1, offered, achieved, 100 * success, p95);
    }
    System.out.printf("FirstBell capacity benchmark: modelled %.1f/s, measured saturation %.1f/s (%+.1f%%), highest step with >= %.0f%% success %.1f/s (%+.1f%%)%n",
        modelled.perSec(), best, 100 * (best / modelled.perSec() - 1), 100 * successThreshold, highestHolding,
        100 * (highestHolding / modelled.perSec() - 1));
    System.out.println("FirstBell capacity benchmark: stack " + stack.capacity().snapshot().shed() + " requests shed; "
        + Arrays.toString(new long[] {stack.capacity().snapshot().served()}) + " served");
    stack.close();
  }

  private static ReferenceStack startFixedFleet(Config config, CapacitySettings capacity) {
    if (capacity.autoscaler().enabled()) {
      throw new IllegalArgumentException("The capacity benchmark needs a fixed fleet: run it with -Dfirstbell.stack.preset=fixed"
          + " (or firstbell.stack.capacity.autoscaler.enabled = off)");
    }
    return ReferenceStack.start(config);
  }

}
