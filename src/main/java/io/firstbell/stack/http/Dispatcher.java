package io.firstbell.stack.http;

import io.firstbell.stack.roster.ReadGate;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single point every portal and provider request passes through: it names the endpoint, counts
 * it, and hands it to the {@link Admission} in force (which may queue, delay or shed it) before the
 * endpoint's own handler runs. The admission may also set the {@link ReadGate} the request's roster
 * reads pass through ({@link #readThrough}); its handlers read through {@link #readGate}.
 */
public final class Dispatcher {

  /** The request attribute holding the endpoint name. */
  public static final String ENDPOINT = "firstbell.endpoint";

  /** The request attribute holding the {@link ReadGate} the request's roster reads pass through. */
  public static final String READ_GATE = "firstbell.read-gate";

  /** Decides whether and when a request runs; the default runs everything at once. */
  @FunctionalInterface
  public interface Admission {
    void admit(String endpoint, Context ctx, Handler handler) throws Exception;
  }

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile Admission admission = (endpoint, ctx, handler) -> handler.handle(ctx);

  /** Replaces the admission policy (the capacity model installs itself here). */
  public void admission(Admission admission) {
    this.admission = admission;
  }

  /** @return a handler that runs {@code handler} as endpoint {@code name} through this dispatch point */
  public Handler endpoint(String name, Handler handler) {
    LongAdder counter = counts.computeIfAbsent(name, n -> new LongAdder());
    return ctx -> {
      ctx.attribute(ENDPOINT, name);
      counter.increment();
      admission.admit(name, ctx, handler);
    };
  }

  /** Makes the roster reads of the request {@code ctx} pass through {@code gate}. */
  public static void readThrough(Context ctx, ReadGate gate) {
    ctx.attribute(READ_GATE, gate);
  }

  /** @return the gate the roster reads of the request {@code ctx} pass through: the one its admission set, or {@link ReadGate#OPEN} */
  public static ReadGate readGate(Context ctx) {
    ReadGate gate = ctx.attribute(READ_GATE);
    return gate == null ? ReadGate.OPEN : gate;
  }

  /** @return requests dispatched so far, by endpoint name */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }
}
