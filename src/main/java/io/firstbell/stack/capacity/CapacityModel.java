package io.firstbell.stack.capacity;

import io.firstbell.stack.http.Dispatcher;
import io.firstbell.stack.http.Html;
import io.firstbell.stack.http.HttpError;
import io.firstbell.stack.time.StackClock;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference stack's capacity: logical instances behind a front door that routes each request
 * to the ready, healthy instance with the fewest outstanding requests; per instance, {@code slots}
 * workers and a bounded queue with a timeout (load shedding: 503 with Retry-After); each request
 * holds its slot for its endpoint's modelled service time; a datastore read ceiling; health checks;
 * and a target-tracking autoscaler. Installed as the portal dispatcher's admission policy; an admitted
 * request's roster reads pass the datastore ceiling through the gate it sets on the request
 * ({@link Dispatcher#readThrough}).
 *
 * <p>Every reading of time and every modelled wait (service times, read times, queue and datastore
 * timeouts, request deadlines) goes through the injected {@link StackClock}, so tests drive the model
 * and its control loop ({@link #controlTick()}) step by step; {@link #start()} runs the loop every 100 ms.
 */
public final class CapacityModel implements Dispatcher.Admission, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityModel.class);
  private static final long TICK_MILLIS = 100;
  private static final int RECENT_EVENTS = 200;

  private final CapacitySettings settings;
  private final StackClock clock;
  private final Datastore datastore;
  private final Autoscaler autoscaler;
  private final List<Instance> instances = new CopyOnWriteArrayList<>();
  private final Map<Instance, Long> busyAtLastEvaluation = new HashMap<>();
  private final Map<Instance, Boolean> reportedUnhealthy = new HashMap<>();
  private final Deque<CapacityEvent> recentEvents = new ArrayDeque<>();
  private final AtomicLong eventCount = new AtomicLong();
  private final LongAdder served = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder injectedFailures = new LongAdder();
  private final AtomicLong failureCounter = new AtomicLong();
  private final long queueTimeoutNanos;
  private final long requestTimeoutNanos;
  private ScheduledExecutorService loop;
  private int nextInstanceId = 1;
  private long lastEvaluationNanos;
  private long nextEvaluationNanos;
  private long nextHealthCheckNanos;
  private volatile double lastUtilization;

  /** A model with {@code settings.initialInstances()} ready instances, on {@code clock}. */
  public CapacityModel(CapacitySettings settings, StackClock clock) {
    this.settings = settings;
    this.clock = clock;
    this.datastore = new Datastore(settings, clock);
    this.autoscaler = new Autoscaler(settings.autoscaler(), settings.initialInstances());
    this.queueTimeoutNanos = settings.queueTimeout().toNanos();
    this.requestTimeoutNanos = settings.requestTimeout().toNanos();
    long now = clock.nanos();
    for (int i = 0; i < settings.initialInstances(); i++) {
      instances.add(newInstance(Instance.State.READY, now, now));
    }
    lastEvaluationNanos = now;
    nextEvaluationNanos = now + settings.autoscaler().evaluationInterval().toNanos();
    nextHealthCheckNanos = now + settings.healthInterval().toNanos();
  }

  /** Starts the control loop on a daemon thread. @return this model */
  public CapacityModel start() {
    if (loop != null) {
      throw new IllegalStateException("The capacity model's control loop is already running");
    }
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-capacity-control");
      t.setDaemon(true);
      return t;
    });
    loop.scheduleAtFixedRate(() -> {
      try {
        controlTick();
      } catch (RuntimeException e) {
        LOG.error("Capacity control loop failed", e);
      }
    }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    if (loop != null) loop.shutdownNow();
  }

  /** @return the settings the model runs on */
  public CapacitySettings settings() {
    return settings;
  }

  // ---- the front door ------------------------------------------------------------------------

  @Override
  public void admit(String endpoint, Context ctx, Handler handler) throws Exception {
    if (!settings.enabled()) {
      injectFailure(endpoint);
      handler.handle(ctx);
      return;
    }
    long arrival = clock.nanos();
    Instance instance = route(arrival);
    if (instance == null) {
      shed(ctx, "no healthy instance is in rotation");
      return;
    }
    if (!instance.slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
      if (!instance.enqueue(settings.queue())) {
        shed(ctx, "the wait queue of instance " + instance.id + " is full (" + settings.queue() + ")");
        return;
      }
      boolean acquired;
      try {
        acquired = clock.acquireBy(instance.slots, arrival + queueTimeoutNanos);
      } finally {
        instance.dequeue();
      }
      if (!acquired) {
        shed(ctx, "no worker slot on instance " + instance.id + " within " + settings.queueTimeout().toMillis() + " ms");
        return;
      }
    }
    long start = clock.nanos();
    instance.slotTaken(start);
    Work work = new Work(instance, arrival + requestTimeoutNanos, settings.timeouts(), datastore, clock);
    Dispatcher.readThrough(ctx, work);
    try {
      injectFailure(endpoint);
      handler.handle(ctx);
      // the work ends after its service time, or once its real work is done if that took longer
      long end = Math.max(start + settings.serviceTime(endpoint).toNanos(), clock.nanos());
      if (settings.timeouts() && end - work.deadlineNanos > 0) {
        clock.sleepUntil(work.deadlineNanos);
        throw new WorkCancelledException();
      }
      clock.sleepUntil(end);
      served.increment();
    } catch (WorkCancelledException e) {
      cancelled.increment();
      throw new HttpError(504, e.getMessage()); // the stack's one error page
    } finally {
      instance.slotReleased(clock.nanos());
      instance.slots.release();
    }
  }

  private Instance route(long now) {
    Instance best = null;
    int bestOutstanding = Integer.MAX_VALUE;
    for (Instance i : instances) {
      if (i.state != Instance.State.READY || !i.healthy(now)) continue;
      int o = i.outstanding();
      if (o < bestOutstanding) {
        best = i;
        bestOutstanding = o;
      }
    }
    return best;
  }

  private void shed(Context ctx, String reason) {
    shed.increment();
    Html.errorPage(ctx, 503, "Error 503", "Overloaded: " + reason + ".");
    ctx.header("Retry-After", "1");
  }

  private void injectFailure(String endpoint) {
    if (settings.testFailureShare() <= 0 || !endpoint.equals(settings.testFailureEndpoint())) return;
    long k = failureCounter.getAndIncrement();
    // exactly floor(n x share) of the first n requests fail, spread evenly
    if (Math.floor((k + 1) * settings.testFailureShare()) > Math.floor(k * settings.testFailureShare())) {
      injectedFailures.increment();
      throw new HttpError(500, "Injected failure at " + endpoint + " (firstbell.stack.capacity.test-failures).");
    }
  }

  // ---- the control loop ----------------------------------------------------------------------

  /** One step of the control loop: readiness, draining, health checks and, when due, the autoscaler. */
  public synchronized void controlTick() {
    long now = clock.nanos();
    Instant at = clock.instant();
    for (Instance i : instances) {
      if (i.state == Instance.State.PENDING && now >= i.readyAtNanos) {
        int before = count(Instance.State.READY);
        i.state = Instance.State.READY;
        record(new CapacityEvent(at, "instance-ready", before, before + 1, i.id + " is ready"));
      }
    }
    for (Instance i : instances) {
      if (i.state == Instance.State.DRAINING && i.outstanding() == 0) {
        int before = instances.size(); // the fleet, draining instances included: two removed at once read 4->3, 3->2
        instances.remove(i);
        busyAtLastEvaluation.remove(i);
        reportedUnhealthy.remove(i);
        record(new CapacityEvent(at, "instance-removed", before, before - 1, i.id + " drained and removed"));
      }
    }
    if (now >= nextHealthCheckNanos) {
      nextHealthCheckNanos = now + settings.healthInterval().toNanos();
      checkHealth(now, at);
    }
    if (now >= nextEvaluationNanos) {
      evaluate(now, at);
    }
  }

  private void checkHealth(long now, Instant at) {
    for (Instance i : instances) {
      if (i.state != Instance.State.READY) continue;
      long[] facts = i.takeDatastoreFacts();
      boolean unhealthy;
      String why;
      if (settings.healthMode() == CapacitySettings.HealthMode.STRICT) {
        unhealthy = facts[1] > 0;
        why = "its datastore share was exhausted (" + facts[1] + " reads waited)";
        if (unhealthy) i.unhealthyUntilNanos = now + settings.unhealthyFor().toNanos();
      } else {
        unhealthy = i.inUse() >= i.slotCount && now - i.lastCompletion() >= settings.stuckAfter().toNanos();
        why = "every slot busy and nothing completed for " + settings.stuckAfter().toMillis() + " ms";
        if (unhealthy) i.unhealthyUntilNanos = now + settings.healthInterval().toNanos();
      }
      boolean wasUnhealthy = reportedUnhealthy.getOrDefault(i, false);
      if (unhealthy && !wasUnhealthy) {
        reportedUnhealthy.put(i, true);
        int healthy = countHealthy(now);
        record(new CapacityEvent(at, "unhealthy", healthy + 1, healthy, i.id + " out of rotation: " + why));
      } else if (!unhealthy && wasUnhealthy && i.healthy(now)) {
        reportedUnhealthy.put(i, false);
        int healthy = countHealthy(now);
        record(new CapacityEvent(at, "healthy", healthy - 1, healthy, i.id + " back in rotation"));
      }
    }
  }

  private void evaluate(long now, Instant at) {
    long elapsed = Math.max(1, now - lastEvaluationNanos);
    long busy = 0;
    int ready = 0;
    for (Instance i : instances) {
      if (i.state == Instance.State.PENDING) continue;
      long integral = i.busyIntegral(now);
      busy += integral - busyAtLastEvaluation.getOrDefault(i, 0L);
      busyAtLastEvaluation.put(i, integral);
      if (i.state == Instance.State.READY) ready++;
    }
    double utilization = ready == 0 ? 1.0 : Math.min(1.0, busy / ((double) elapsed * settings.slots() * ready));
    lastUtilization = utilization;
    lastEvaluationNanos = now;
    nextEvaluationNanos = now + settings.autoscaler().evaluationInterval().toNanos();
    autoscaler.evaluate(at, ready, utilization).ifPresent(decision -> {
      record(decision);
      reconcile(decision.to(), now);
    });
  }

  private void reconcile(int desired, long now) {
    List<Instance> active = new ArrayList<>();
    for (Instance i : instances) {
      if (i.state != Instance.State.DRAINING) active.add(i);
    }
    long readyAt = now + settings.autoscaler().provisioningDelay().toNanos();
    for (int n = active.size(); n < desired; n++) {
      instances.add(newInstance(Instance.State.PENDING, readyAt, now));
    }
    int excess = active.size() - desired;
    // scale in: cancel pending instances first, then drain the least busy ready ones
    Map<Instance, Integer> outstanding = new HashMap<>();
    for (Instance i : active) outstanding.put(i, i.outstanding()); // a stable view: live counts would break the sort
    active.sort(Comparator.comparing((Instance i) -> i.state != Instance.State.PENDING).thenComparingInt(outstanding::get));
    for (int k = 0; k < excess; k++) {
      Instance i = active.get(k);
      if (i.state == Instance.State.PENDING) {
        instances.remove(i);
      } else {
        i.state = Instance.State.DRAINING;
      }
    }
  }

  private Instance newInstance(Instance.State state, long readyAt, long now) {
    return new Instance("i-" + nextInstanceId++, settings.slots(), state, readyAt, now);
  }

  private void record(CapacityEvent event) {
    LOG.info("capacity {}: {} -> {} ({})", event.kind(), event.from(), event.to(), event.detail());
    synchronized (recentEvents) {
      recentEvents.addLast(event);
      if (recentEvents.size() > RECENT_EVENTS) recentEvents.removeFirst();
    }
    eventCount.incrementAndGet();
  }

  private int count(Instance.State state) {
    int n = 0;
    for (Instance i : instances) if (i.state == state) n++;
    return n;
  }

  /** @return ready instances the health checks have not reported out of rotation */
  private int countHealthy(long now) {
    int n = 0;
    for (Instance i : instances) if (i.state == Instance.State.READY && !reportedUnhealthy.getOrDefault(i, false)) n++;
    return n;
  }

  // ---- telemetry -----------------------------------------------------------------------------

  /** @return the model's state now */
  public CapacitySnapshot snapshot() {
    long now = clock.nanos();
    int ready = 0;
    int pending = 0;
    int draining = 0;
    int unhealthy = 0;
    int inUse = 0;
    int queued = 0;
    for (Instance i : instances) {
      switch (i.state) {
        case READY -> {
          ready++;
          if (!i.healthy(now)) unhealthy++;
        }
        case PENDING -> pending++;
        case DRAINING -> draining++;
      }
      if (i.state != Instance.State.PENDING) {
        inUse += i.inUse();
        queued += i.waiting();
      }
    }
    int total = ready * settings.slots();
    List<CapacityEvent> events;
    synchronized (recentEvents) {
      events = List.copyOf(recentEvents);
    }
    return new CapacitySnapshot(
        clock.instant(), settings.enabled(), ready, pending, autoscaler.desired(), unhealthy, draining,
        settings.autoscaler().enabled() ? settings.autoscaler().minInstances() : settings.initialInstances(),
        settings.maxInstances(), settings.autoscaler().enabled(),
        settings.slots(), inUse, total, total == 0 ? 0 : Math.min(1.0, inUse / (double) total), lastUtilization, queued,
        served.sum(), shed.sum(), cancelled.sum(), injectedFailures.sum(),
        datastore.inUse(), datastore.ceiling(), datastore.reads(), datastore.waits(), datastore.failures(),
        eventCount.get(), events);
  }
}
