package io.firstbell.simulations;

import io.firstbell.analysis.Benchmarks;
import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import io.firstbell.run.FirstBellRun;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.gatling.javaapi.core.Simulation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark: overload safety. Student logins at a multiple of the stack's modelled capacity (at its maximum instance count)
 * for a while, then a normal load: how fast are rejected logins answered, does the heap stay bounded, and how soon after the
 * surge do logins succeed again ({@link Benchmarks})?
 * <pre>./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.OverloadSimulation</pre>
 */
public class OverloadSimulation extends Simulation {

  // parameters: a benchmark of the embedded stack (no preflight, warm-up, think time or telemetry); the surge and the load after it
  private final FirstBellRun run = FirstBellRun.builder(OverloadSimulation.class).benchmark().build();
  private final Checks overload = new Checks(run.config(), "firstbell.benchmarks.overload");
  private final double multiplier = overload.positive("multiplier");
  private final Duration duration = overload.positiveDuration("duration");
  private final double afterRate = overload.fraction("after-rate");
  private final Duration afterDuration = overload.positiveDuration("after-duration");
  private final CapacitySettings capacity = CapacitySettings.from(run.config());
  private final double maxCapacity = CapacityFormula.studentPortalLogins(capacity, capacity.maxInstances()).perSec();
  private final double normalCapacity = CapacityFormula.studentPortalLogins(capacity, capacity.initialInstances()).perSec();
  private final AtomicLong peakHeap = new AtomicLong();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private ScheduledExecutorService sampler;
  private long heapBefore;

  // setUp: the surge, then a normal load
  {
    setUp(run.plan(run.studentPortalLogins("Students log in through the portal"), new LoadPlan(List.of(
            new LoadPlan.Segment(multiplier * maxCapacity, duration), new LoadPlan.Segment(afterRate * normalCapacity, afterDuration))), 0))
        .protocols(run.protocol());
  }

  @Override
  public void before() {
    heapBefore = usedHeapAfterGc();
    run.before(String.format(Locale.ROOT, "overload benchmark: %.0f logins/s (%.1f x %.1f, the capacity at %d instances) for %ds, then %.1f logins/s "
        + "for %ds; heap before %d MiB", multiplier * maxCapacity, multiplier, maxCapacity, capacity.maxInstances(), duration.toSeconds(),
        afterRate * normalCapacity, afterDuration.toSeconds(), heapBefore >> 20));
    sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void after() {
    sampler.shutdownNow();
    long shed = run.stack().capacity().snapshot().shed();
    long served = run.stack().capacity().snapshot().served();
    long surgeEnd = run.loadStart() + duration.toMillis();
    long heapAfter = usedHeapAfterGc(); // with the stack still up: what it keeps after the surge
    run.finish();
    List<io.firstbell.ledger.LoginRecord> records = run.logins(); // every row, not the recent ones kept in memory
    Benchmarks.Surge surge = Benchmarks.surge(records, run.loadStart(), surgeEnd);
    Benchmarks.Recovery recovery = Benchmarks.recovery(records, surgeEnd, (int) afterDuration.toSeconds());
    System.out.printf(Locale.ROOT, "FirstBell overload: surge: %d logins, %d succeeded (%.1f/s), %d rejected; rejected logins answered in p50 %d ms, "
            + "p99 %d ms, max %d ms%n", surge.logins(), surge.succeeded(), surge.succeeded() / (duration.toMillis() / 1000.0), surge.rejectedMs().length,
        surge.rejectedPercentile(50), surge.rejectedPercentile(99), surge.rejectedPercentile(100));
    System.out.printf(Locale.ROOT, "FirstBell overload: after the surge, seconds with >= 99%% logins succeeding: %s; recovered %s%n", recovery.strip(),
        recovery.recoveredAfterSeconds() < 0 ? "NOT within " + afterDuration.toSeconds() + " s" : "after " + recovery.recoveredAfterSeconds() + " s");
    System.out.printf(Locale.ROOT, "FirstBell overload: heap used before %d MiB, peak %d MiB, after (GC) %d MiB; stack shed %d requests, served %d%n",
        heapBefore >> 20, peakHeap.get() >> 20, heapAfter >> 20, shed, served);
  }

  private long usedHeapAfterGc() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
