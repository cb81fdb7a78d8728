package io.firstbell.simulations;

import io.firstbell.config.Checks;
import io.firstbell.load.LoadPlan;
import io.firstbell.results.Summary;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark: a soak. Students log in at a steady rate against the embedded stack for a long while (10 min by default); every
 * minute it collects the garbage and prints the heap still in use, so a heap that grows with the run shows as a rising
 * column. {@code firstbell.benchmarks.soak}.
 * <pre>./mvnw gatling:test -Dgatling.simulationClass=io.firstbell.simulations.SoakSimulation</pre>
 */
public class SoakSimulation extends Simulation {

  // parameters: the embedded stack, the population's student mix with its think time, a steady rate
  private final FirstBellRun run = FirstBellRun.builder(SoakSimulation.class).embeddedStack().build();
  private final Checks soak = new Checks(run.config(), "firstbell.benchmarks.soak");
  private final double rate = soak.positive("logins-per-second");
  private final Duration duration = soak.positiveDuration("duration");
  private final List<long[]> minutes = new ArrayList<>(); // {minute, heap after GC, logins recorded}
  private ScheduledExecutorService sampler;

  // setUp: the warm-up, then the steady rate
  {
    setUp(run.plan(run.loginMix("Students log in, steadily", List.of("student")), new LoadPlan(List.of(new LoadPlan.Segment(rate, duration))),
            rate / 2))
        .protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(String.format(Locale.ROOT, "soak: students at %s logins/s for %d s; the heap after GC every minute", rate, duration.toSeconds()));
    sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      long[] m = {minutes.size() + 1, afterGc(), run.ledger().recorded()};
      synchronized (minutes) {
        minutes.add(m);
      }
      System.out.printf(Locale.ROOT, "FirstBell soak: minute %d: %,d logins so far, heap after GC %d MiB%n", m[0], m[2], m[1] >> 20);
    }, 60, 60, TimeUnit.SECONDS);
  }

  @Override
  public void after() {
    sampler.shutdownNow();
    Summary summary = run.finish();
    synchronized (minutes) {
      if (minutes.size() >= 3) {
        long early = minutes.get(1)[1];
        long late = minutes.get(minutes.size() - 1)[1];
        System.out.printf(Locale.ROOT, "FirstBell soak: %,d logins; heap after GC %d MiB at minute 2, %d MiB at minute %d (%+.1f%%)%n",
            summary.logins().attempted(), early >> 20, late >> 20, minutes.size(), 100.0 * (late - early) / early);
      }
    }
  }

  /** @return the heap in use right after a full collection: what the run keeps (the pause, once a minute, is part of the soak) */
  private static long afterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
