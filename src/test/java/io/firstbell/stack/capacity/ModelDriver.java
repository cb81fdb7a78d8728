package io.firstbell.stack.capacity;

import static org.junit.jupiter.api.Assertions.fail;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.MutableClock;
import io.firstbell.stack.http.Dispatcher;
import io.firstbell.stack.roster.ReadGate;
import io.javalin.http.Context;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Drives a {@link CapacityModel} without HTTP: requests are admitted on worker threads with
 * handlers the test controls (they hold their slot until released), time is a {@link MutableClock}
 * moved in the control loop's 100 ms steps, each followed by {@link CapacityModel#controlTick()}.
 */
final class ModelDriver implements AutoCloseable {

  static final Duration STEP = Duration.ofMillis(100);

  final MutableClock clock;
  final Instant t0;
  final CapacitySettings settings;
  final CapacityModel model;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "capacity-test-request");
    t.setDaemon(true);
    return t;
  });

  /** @param capacity HOCON inside {@code firstbell.stack.capacity { ... }} */
  ModelDriver(String capacity, Instant t0) {
    this.t0 = t0;
    this.clock = new MutableClock(t0);
    this.settings = CapacitySettings.from(FirstBellConfig.withOverrides("firstbell.stack.capacity { " + capacity + " }"));
    this.model = new CapacityModel(settings, clock);
  }

  /** @return t0 plus {@code millis} */
  Instant at(long millis) {
    return t0.plusMillis(millis);
  }

  /** Moves the clock forward in 100 ms steps, ticking the control loop after each, until it reads t0 + {@code millis}. */
  void tickUntil(long millis) {
    Instant target = at(millis);
    if (clock.instant().isAfter(target)) {
      throw new IllegalArgumentException("The clock already reads " + clock.instant() + ", after " + target);
    }
    while (clock.instant().isBefore(target)) {
      clock.advance(STEP);
      model.controlTick();
    }
  }

  /** What a request's handler does while it holds its slot. */
  @FunctionalInterface
  interface Body {
    void run(Held held) throws Exception;
  }

  /** A request admitted on a worker thread. */
  static final class Held {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);
    /** The instance serving the request. */
    volatile String instance;
    /** The gate the request's roster reads pass through. */
    volatile ReadGate reads;
    /** What the model answered itself, when it shed the request. */
    final Answer answer = new Answer();
    volatile Future<?> done;

    /** Called by a body: blocks until the test releases the request. */
    void awaitRelease() {
      try {
        if (!released.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Releases the request and waits until the model has given its slot back. */
    void release() {
      released.countDown();
      finish();
    }

    /** Waits until the request has left the model. */
    void finish() {
      Throwable failure = failure();
      if (failure != null) throw new AssertionError("the admitted request failed", failure);
    }

    /** Waits until the request has left the model; @return what the model or the handler threw, or null */
    Throwable failure() {
      try {
        done.get(10, TimeUnit.SECONDS);
        return null;
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (Exception e) {
        throw new AssertionError("the admitted request did not finish", e);
      }
    }
  }

  /** Sends a request to the model on a worker thread, its handler running {@code body}; returns at once. */
  Held arrive(String endpoint, Body body) {
    Held held = new Held();
    held.done = pool.submit(() -> {
      model.admit(endpoint, recordingContext(held.answer), ctx -> {
        held.instance = instance(ctx);
        held.reads = Dispatcher.readGate(ctx);
        held.entered.countDown();
        body.run(held);
      });
      return null;
    });
    return held;
  }

  /** Admits a request whose handler runs {@code body}; returns once the handler has started (its slot taken). */
  Held admit(String endpoint, Body body) {
    Held held = arrive(endpoint, body);
    try {
      if (!held.entered.await(10, TimeUnit.SECONDS)) {
        held.finish();
        fail("the request never reached its handler");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return held;
  }

  /** Admits a request that holds its slot until released. */
  Held hold() {
    return admit("test.hold", Held::awaitRelease);
  }

  /** Admits a request that completes at once, on the calling thread; @return the instance that served it */
  String quick() throws Exception {
    String[] instance = {null};
    model.admit("test.quick", recordingContext(new Answer()), ctx -> instance[0] = instance(ctx));
    return instance[0];
  }

  /** @return the id of the instance the model admitted the request {@code ctx} to */
  private static String instance(Context ctx) {
    Work work = ctx.attribute(Dispatcher.READ_GATE);
    return work.instance.id;
  }

  /** @return the kinds and times of every recorded event, "kind@+millis from->to detail" */
  List<String> events() {
    return model.snapshot().recentEvents().stream()
        .map(e -> e.kind() + "@+" + Duration.between(t0, e.at()).toMillis() + " " + e.from() + "->" + e.to() + " " + e.detail())
        .toList();
  }

  static void await(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) fail("timed out waiting for " + what.get());
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    model.close();
  }

  /** What the model wrote to a request it answered itself (shedding), and the request's attributes. */
  static final class Answer {
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    String contentType;
    String result;
    final Map<String, Object> attributes = new HashMap<>();
  }

  /** @return a Javalin context that records status, headers, content type and result (for requests the model sheds) and keeps attributes */
  static Context recordingContext(Answer answer) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, m, args) -> {
      String name = m.getName();
      int n = args == null ? 0 : args.length;
      if (name.equals("status") && n == 1 && args[0] instanceof Integer code) {
        answer.status = code;
      } else if (name.equals("header") && n == 2) {
        answer.headers.put((String) args[0], (String) args[1]);
      } else if (name.equals("contentType") && n == 1 && args[0] instanceof String type) {
        answer.contentType = type;
      } else if (name.equals("result") && n == 1 && args[0] instanceof String body) {
        answer.result = body;
      } else if (name.equals("attribute") && n == 2) {
        answer.attributes.put((String) args[0], args[1]);
      } else if (name.equals("attribute") && n == 1) {
        return answer.attributes.get((String) args[0]);
      } else if (name.equals("toString") && n == 0) {
        return "recording context";
      } else if (name.equals("hashCode") && n == 0) {
        return System.identityHashCode(proxy);
      } else if (name.equals("equals") && n == 1) {
        return proxy == args[0];
      } else {
        throw new UnsupportedOperationException("the capacity model called Context." + name);
      }
      return m.getReturnType().isInstance(proxy) ? proxy : null;
    });
  }
}
