package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firstbell.analysis.StepVerdict;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.load.BreakingPointSearch;
import io.firstbell.telemetry.TelemetryFiles;
import io.gatling.javaapi.core.ChainBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where does it break? Student logins in steps of constant rate (open model) until the SLO breaks,
 * then a search between the last passing and the first failing rate until they are within the
 * configured precision — in one run, stopped as soon as the answer is known. Each step prints a line;
 * the answer (breaking point, first failing rate, knee, precision, likely bottleneck) goes into
 * summary.json and the capacity report. {@code firstbell.breaking-point}, {@code simulations/breaking-point.conf}.
 */
public class BreakingPointSimulation extends FirstBellSimulation {

  // parameters
  private final BreakingPointSearch.Settings settings = BreakingPointSearch.Settings.from(config);
  private volatile BreakingPointSearch search;
  private final List<StepVerdict> verdicts = new ArrayList<>();
  private ScheduledExecutorService controller;

  // scenarios and setUp: arrivals at the maximum rate, thinned to the current step's rate by the search
  {
    runOpen(loginMix("Students log in, step by step", List.of("student")),
        List.of(constantUsersPerSec(settings.max()).during(settings.maxDuration())));
  }

  /** A search against a fleet that grows under it has no answer: the embedded stack's autoscaler is off unless fixed-fleet = off. */
  @Override
  protected com.typesafe.config.Config stackConfig(com.typesafe.config.Config config) {
    return config.getBoolean("firstbell.breaking-point.fixed-fleet")
        ? config.withValue("firstbell.stack.capacity.autoscaler.enabled", com.typesafe.config.ConfigValueFactory.fromAnyRef(false))
        : config;
  }

  /** The SLO judges each step, not the run: a search that found the breaking point has done its job (exit 0). */
  @Override
  protected List<io.gatling.javaapi.core.Assertion> sloAssertions() {
    return List.of();
  }

  /** No think time in the search: a step is judged on logins that end within its settle time, and its rate is what the target sees. */
  @Override
  protected io.firstbell.load.PopulationSettings.ThinkTime thinkTime() {
    return new io.firstbell.load.PopulationSettings.ThinkTime(io.firstbell.load.PopulationSettings.ThinkTime.Distribution.NONE,
        java.time.Duration.ZERO, java.time.Duration.ZERO);
  }

  @Override
  protected ChainBuilder arrival() {
    return exec(session -> {
          BreakingPointSearch s = search;
          long scheduled = s == null ? -1 : s.admit(System.currentTimeMillis());
          return scheduled < 0 ? session.set("fb.skip", true) : session.set("fb.skip", false).set(LoginSteps.SCHEDULED_START, scheduled);
        })
        // the search has its answer: stop sending load, and let the run end with its reports
        .exec(stopLoadGeneratorIf("FirstBell: breaking-point search finished", session -> search != null && search.finished()))
        .exitHereIf(session -> session.getBoolean("fb.skip"));
  }

  @Override
  protected String describeLoad() {
    return String.format(Locale.ROOT, (config.getBoolean("firstbell.breaking-point.fixed-fleet") ? "fixed fleet (autoscaler off), no think time, " : "no think time, ")
        + "breaking-point search: steps of %ds from %s logins/s by %s up to %s (judged on all but their last %ds), "
            + "then bisection to within %s logins/s; at most %ds", settings.step().toSeconds(), fmt(settings.start()), fmt(settings.increment()),
        fmt(settings.max()), settings.settle().toSeconds(), fmt(settings.precision()), settings.maxDuration().toSeconds());
  }

  @Override
  public void before() {
    super.before();
    search = new BreakingPointSearch(settings, System.currentTimeMillis());
    controller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-breaking-point");
      t.setDaemon(true);
      return t;
    });
    controller.scheduleAtFixedRate(this::judgeStepIfDue, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void judgeStepIfDue() {
    try {
      long now = System.currentTimeMillis();
      if (!search.stepDue(now)) return;
      long[] window = search.judgedWindow();
      StepVerdict v = StepVerdict.of(ledger.records(), ledger.open(), window[0], window[1], now, slo());
      BreakingPointSearch.Step step = search.endStep(v.met(), now);
      synchronized (verdicts) {
        verdicts.add(v);
      }
      System.out.printf(Locale.ROOT, "FirstBell: step %d (%s): offered %.1f/s, achieved %.1f/s, success %.2f%%, p95 %d ms: %s%s%n",
          step.number(), step.phase(), v.offeredPerSec(), v.achievedPerSec(), 100 * v.successRatio(), v.p95Ms(),
          v.met() ? "SLO met" : "SLO broken", search.finished() ? "; search finished: " + search.outcome() : "; next " + fmt(search.rate()) + " logins/s");
    } catch (RuntimeException e) {
      System.err.println("FirstBell: breaking-point controller failed: " + e);
    }
  }

  @Override
  public void after() {
    if (controller != null) controller.shutdownNow();
    super.after();
  }

  @Override
  protected void addToSummary(ObjectNode summary) {
    List<BreakingPointSearch.Step> steps = search.steps();
    ArrayNode array = summary.putArray("steps");
    double knee = Double.NaN;
    Double firstP95 = null;
    synchronized (verdicts) {
      for (int i = 0; i < steps.size(); i++) {
        BreakingPointSearch.Step s = steps.get(i);
        StepVerdict v = verdicts.get(i);
        array.addObject().put("number", s.number()).put("phase", s.phase()).put("ratePerSec", s.rate())
            .put("startOffsetSeconds", (s.startMs() - java.time.Instant.parse(summary.path("startedAt").asText()).toEpochMilli()) / 1000.0)
            .put("offeredPerSec", round(v.offeredPerSec())).put("achievedPerSec", round(v.achievedPerSec()))
            .put("successRatio", round(v.successRatio())).put("p50Ms", v.p50Ms()).put("p95Ms", v.p95Ms()).put("p99Ms", v.p99Ms())
            .put("sloMet", v.met());
        if (s.phase().equals("coarse")) {
          if (firstP95 == null) firstP95 = (double) v.p95Ms();
          boolean lagging = v.achievedPerSec() < 0.95 * v.offeredPerSec() || v.p95Ms() > 2 * Math.max(50, firstP95);
          if (lagging && Double.isNaN(knee)) knee = s.rate();
        }
      }
    }
    boolean generatorSaturated = summary.path("generator").path("saturated").asBoolean();
    ObjectNode bp = summary.putObject("breakingPoint");
    double pass = search.lastPass();
    double fail = search.firstFail();
    if (generatorSaturated) {
      bp.putNull("maxSustainablePerSec");
      bp.put("note", "the load generator was saturated: no breaking point of the target is reported");
    } else {
      putOrNull(bp, "maxSustainablePerSec", pass);
    }
    putOrNull(bp, "firstFailingPerSec", fail);
    putOrNull(bp, "kneePerSec", knee);
    putOrNull(bp, "precisionPerSec", Double.isNaN(pass) || Double.isNaN(fail) ? Double.NaN : fail - pass);
    bp.put("bottleneck", bottleneck(recorder.folder().resolve("telemetry.csv"), steps));
    bp.put("outcome", search.outcome());
    String answer = generatorSaturated ? "Breaking point not reported: the load generator itself was saturated."
        : Double.isNaN(fail) ? "No breaking point up to " + fmt(settings.max()) + " logins/s."
        : String.format(Locale.ROOT, "Breaking point: %s logins/s sustained, %s logins/s broke the SLO (precision %s); likely bottleneck: %s.",
            Double.isNaN(pass) ? "none" : fmt(pass), fmt(fail), Double.isNaN(pass) ? "-" : fmt(fail - pass), bp.path("bottleneck").asText());
    summary.put("headline", answer);
  }

  /**
   * @return what saturated during the failing steps, from the target's telemetry; "unknown" without telemetry. A
   *     column the telemetry source does not fill (Prometheus reports instances only) is no evidence either way.
   */
  static String bottleneck(Path telemetry, List<BreakingPointSearch.Step> steps) {
    List<TelemetryFiles.Reading> readings;
    try {
      readings = TelemetryFiles.readings(telemetry);
    } catch (IOException e) {
      return "unknown (telemetry unreadable)";
    }
    if (readings.isEmpty()) return "unknown (no telemetry from the target)";
    if (readings.stream().noneMatch(r -> r.values().keySet().stream().anyMatch(c -> !c.equals("ready") && !c.equals("desired") && !c.equals("pending")))) {
      return "unknown (the telemetry reports instances only: no slots, health or datastore)";
    }
    long waits = 0, dsFailures = 0, shed = 0;
    int unhealthy = 0;
    double utilization = 0;
    for (BreakingPointSearch.Step s : steps) {
      if (Boolean.TRUE.equals(s.passed())) continue;
      List<TelemetryFiles.Reading> in = readings.stream().filter(r -> r.atMs() >= s.startMs() && r.atMs() <= s.endMs()).toList();
      for (TelemetryFiles.Reading r : in) {
        if (!Double.isNaN(r.value("unhealthy"))) unhealthy = Math.max(unhealthy, (int) r.value("unhealthy"));
        if (!Double.isNaN(r.value("utilization_now"))) utilization = Math.max(utilization, r.value("utilization_now"));
      }
      shed += delta(in, "shed");
      waits += delta(in, "datastore_waits");
      dsFailures += delta(in, "datastore_failures");
    }
    List<String> evidence = new ArrayList<>();
    if (waits > 0 || dsFailures > 0) evidence.add("datastore read-concurrency ceiling (" + waits + " reads waited, " + dsFailures + " failed)");
    if (unhealthy > 0) evidence.add("health checks took up to " + unhealthy + " instance(s) out of rotation");
    if (shed > 0 || utilization >= 0.95) {
      evidence.add(String.format(Locale.ROOT, "worker slots (utilization up to %.0f%%, %d requests shed)", 100 * utilization, shed));
    }
    return evidence.isEmpty() ? "unknown (the target's telemetry shows no saturation)" : String.join("; ", evidence);
  }

  /** @return how much a counter column grew over the readings that have it; 0 when fewer than two do */
  private static long delta(List<TelemetryFiles.Reading> readings, String column) {
    List<Double> v = readings.stream().map(r -> r.value(column)).filter(d -> !Double.isNaN(d)).toList();
    return v.size() < 2 ? 0 : Math.round(v.get(v.size() - 1) - v.get(0));
  }

  private static void putOrNull(ObjectNode node, String field, double v) {
    if (Double.isNaN(v)) node.putNull(field); else node.put(field, round(v));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
