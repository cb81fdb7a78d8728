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
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark: overload safety. Student logins at a multiple of the stack's modelled capacity (at its
 * maximum instance count) for a while, then a normal load: how fast are rejected logins answered,
 * does the heap stay bounded, and how soon after the surge do logins succeed again?
 * <pre>./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.OverloadSimulation</pre>
 */
public class OverloadSimulation extends Simulation {

  // parameters
  private final Config config = FirstBellConfig.load();
  private final Checks overload = new Checks(config, "firstbell.benchmarks.overload");
  private final double multiplier = overload.positive("multiplier");
  private final Duration duration = overload.positiveDuration("duration");
  private final double afterRate = overload.fraction("after-rate");
  private final Duration afterDuration = overload.positiveDuration("after-duration");
  private final CapacitySettings capacity = CapacitySettings.from(config);
  private final double maxCapacity = CapacityFormula.studentPortalLogins(capacity, capacity.maxInstances()).perSec();
  private final double normalCapacity = CapacityFormula.studentPortalLogins(capacity, capacity.initialInstances()).perSec();
  private final ReferenceStack stack = ReferenceStack.start(config);
  private final List<Map<String, Object>> students = Credentials.passwordStudentsOf(stack);
  private final ConcurrentLinkedQueue<long[]> logins = new ConcurrentLinkedQueue<>(); // {start, duration, ok}
  private final AtomicLong peakHeap = new AtomicLong();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private ScheduledExecutorService sampler;
  private long startedAt;
  private long heapBefore;

  // HTTP protocol
  private final HttpProtocolBuilder httpProtocol = http.baseUrl(stack.portalUrl("")).userAgentHeader("FirstBell/overload");

  // scenarios
  private final ScenarioBuilder studentsLogIn =
      scenario("Students log in through the portal")
          .feed(listFeeder(students).random())
          .exec(session -> session.set("loginStart", System.currentTimeMillis()))
          .exec(PortalJourney.studentPortalLogin)
          .exec(session -> {
            long start = session.getLong("loginStart");
            logins.add(new long[] {start, System.currentTimeMillis() - start, session.isFailed() ? 0 : 1});
            return session;
          });

  // setUp: the surge, then a normal load
  {
    setUp(studentsLogIn.injectOpen(
            constantUsersPerSec(multiplier * maxCapacity).during(duration),
            constantUsersPerSec(afterRate * normalCapacity).during(afterDuration)))
        .protocols(httpProtocol);
  }

  @Override
  public void before() {
    heapBefore = usedHeapAfterGc();
    System.out.printf("FirstBell overload: %.0f logins/s (%.1f x %.1f, the capacity at %d instances) for %ds, then %.1f logins/s for %ds; heap before %d MiB%n",
        multiplier * maxCapacity, multiplier, maxCapacity, capacity.maxInstances(), duration.toSeconds(), afterRate * normalCapacity,
        afterDuration.toSeconds(), heapBefore >> 20);
    sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
    startedAt = System.currentTimeMillis();
  }

  @Override
  public void after() {
    sampler.shutdownNow();
    long surgeEnd = startedAt + duration.toMillis();
    List<long[]> surge = logins.stream().filter(l -> l[0] < surgeEnd).toList();
    long[] rejected = surge.stream().filter(l -> l[2] == 0).mapToLong(l -> l[1]).sorted().toArray();
    long ok = surge.stream().filter(l -> l[2] == 1).count();
    System.out.printf("FirstBell overload: surge: %d logins, %d succeeded (%.1f/s), %d rejected; rejected logins answered in p50 %d ms, p99 %d ms, max %d ms%n",
        surge.size(), ok, ok / (duration.toMillis() / 1000.0), rejected.length, pct(rejected, 0.5), pct(rejected, 0.99),
        rejected.length == 0 ? 0 : rejected[rejected.length - 1]);
    // recovery: the first second after the surge from which every second's logins succeed (>= 99%)
    int seconds = (int) afterDuration.toSeconds();
    int recoveredAt = -1;
    StringBuilder strip = new StringBuilder();
    for (int s = 0; s < seconds; s++) {
      long from = surgeEnd + s * 1000L;
      List<long[]> in = logins.stream().filter(l -> l[0] >= from && l[0] < from + 1000).toList();
      long good = in.stream().filter(l -> l[2] == 1).count();
      boolean up = !in.isEmpty() && good >= 0.99 * in.size();
      strip.append(in.isEmpty() ? '.' : up ? '+' : 'x');
      if (up && recoveredAt < 0) recoveredAt = s;
      if (!up && !in.isEmpty()) recoveredAt = -1;
    }
    long heapAfter = usedHeapAfterGc();
    System.out.printf("FirstBell overload: after the surge, seconds with >= 99%% logins succeeding: %s; recovered %s%n",
        strip, recoveredAt < 0 ? "NOT within " + seconds + " s" : "after " + recoveredAt + " s");
    System.out.printf("FirstBell overload: heap used before %d MiB, peak %d MiB, after (GC) %d MiB; stack shed %d requests, served %d%n",
        heapBefore >> 20, peakHeap.get() >> 20, heapAfter >> 20, stack.capacity().snapshot().shed(), stack.capacity().snapshot().served());
    stack.close();
  }

  private long usedHeapAfterGc() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long pct(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

}
