package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.firstbell.analysis.Failures;
import io.firstbell.analysis.Saturation;
import io.firstbell.analysis.StepVerdict;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.BreakingPointSearch;
import io.firstbell.load.PopulationSettings;
import io.firstbell.load.Rates;
import io.firstbell.report.ResultSettings;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.firstbell.telemetry.TelemetryFiles;
import io.gatling.javaapi.core.ChainBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where does it break? After a warm-up that is never judged, student logins in steps of constant rate (open model)
 * until the SLO breaks, then a search between the last passing and the first failing rate until they are within the
 * configured precision — in one run, stopped as soon as the answer is known. Each step is judged on its steady state
 * (after its transition, before its settle time) and for sustainability; a step the generator spoiled runs again, and
 * a verdict the search cannot trust yet is confirmed by running it again ({@link BreakingPointSearch}). Each step
 * starts once the last one's logins are over. Each step prints a line; the answer (breaking point, first failing
 * rate, knee, precision, likely bottleneck, or why there is no trustworthy answer) goes into summary.json and the
 * capacity report, and decides the exit status. {@code firstbell.breaking-point}, {@code simulations/breaking-point.conf}.
 */
public class BreakingPointSimulation extends FirstBellSimulation {

  // parameters
  private final BreakingPointSearch.Settings settings = BreakingPointSearch.Settings.from(config);
  private final StepVerdict.Backlog backlog = new StepVerdict.Backlog(config.getDuration("firstbell.breaking-point.backlog.max-rise").toMillis(),
      new io.firstbell.config.Checks(config, "firstbell.breaking-point.backlog").nonNegative("max-rise-ratio"));
  private final ResultSettings generator = ResultSettings.from(config);
  private final Double modelledPerSec = modelledCapacity(config);
  private volatile BreakingPointSearch search;
  private final List<Judged> judged = new ArrayList<>();
  private final LongSupplier cutOff = () -> {
    BreakingPointSearch s = search;
    return s == null ? Long.MIN_VALUE : s.cutOffMs();
  };
  private ScheduledExecutorService controller;
  /** The search finished and its last step's logins drained (or were given up on): the run may end. */
  private volatile boolean done;
  private long finishedAt;
  private long stepStartSeen = Long.MIN_VALUE;
  private long cpuAtStepStart;

  /** One ended step: the search's record of it and what was measured. */
  private record Judged(BreakingPointSearch.Step step, StepVerdict verdict, double cpuShare, Saturation saturation, long[] window,
      Map<String, Long> failures) {}

  // scenarios and setUp: arrivals at the maximum rate, thinned by the search to the warm-up's and then the current step's rate
  {
    safety.check("The breaking-point search (firstbell.breaking-point.max, max-duration)", settings.max(), settings.maxDuration(),
        Math.round(settings.max() * settings.maxDuration().toSeconds()));
    runOpen(loginMix("Students log in, step by step", List.of("student")),
        // the search ends itself within max-duration, plus a last drain before it stops and one after it: arrivals outlast it
        List.of(constantUsersPerSec(settings.max()).during(settings.maxDuration().plus(settings.drainTimeout().multipliedBy(2)).plusSeconds(10))));
  }

  /** A search against a fleet that grows under it has no answer: the embedded stack's autoscaler is off unless fixed-fleet = off. */
  @Override
  protected Config stackConfig(Config config) {
    return config.getBoolean("firstbell.breaking-point.fixed-fleet")
        ? config.withValue("firstbell.stack.capacity.autoscaler.enabled", ConfigValueFactory.fromAnyRef(false))
        : config;
  }

  /** No think time in the search: a step is judged on logins that end within its settle time, and its rate is what the target sees. */
  @Override
  protected PopulationSettings.ThinkTime thinkTime() {
    return new PopulationSettings.ThinkTime(PopulationSettings.ThinkTime.Distribution.NONE, Duration.ZERO, Duration.ZERO);
  }

  @Override
  protected ChainBuilder arrival() {
    return exec(session -> {
          long now = System.currentTimeMillis();
          BreakingPointSearch.Admission a = search(now).admit(now);
          return a == null ? session.set("fb.skip", true)
              : session.set("fb.skip", false).set(LoginSteps.SCHEDULED_START, a.scheduledMs())
                  .set(LoginSteps.PHASE, a.warmUp() ? LoginRecord.WARM_UP : LoginRecord.LOAD).set(LoginSteps.CUT_OFF, cutOff);
        })
        // the search has its answer and its last logins are over: stop sending load, and let the run end with its reports
        .exec(stopLoadGeneratorIf("FirstBell: breaking-point search finished", session -> done))
        .exitHereIf(session -> session.getBoolean("fb.skip"));
  }

  /** @return the search, begun (with its warm-up) by the first arrival of the load, after the preflight */
  private BreakingPointSearch search(long nowMs) {
    BreakingPointSearch s = search;
    if (s != null) return s;
    synchronized (this) {
      if (search == null) search = new BreakingPointSearch(settings, nowMs);
      return search;
    }
  }

  @Override
  protected String describeLoad() {
    return String.format(Locale.ROOT, (config.getBoolean("firstbell.breaking-point.fixed-fleet") ? "fixed fleet (autoscaler off), no think time, " : "no think time, ")
        + "%s, then a breaking-point search: steps of %ds from %s logins/s by %s up to %s (judged from %ds after their start to %ds before "
            + "their end, and for a growing backlog), then bisection to within %s logins/s; up to %d steps re-run; at most %ds%s",
        settings.warmUp().describe(settings.start()), settings.step().toSeconds(), Rates.fmt(settings.start()), Rates.fmt(settings.increment()),
        Rates.fmt(settings.max()), settings.transition().toSeconds(), settings.settle().toSeconds(), Rates.fmt(settings.precision()), settings.maxReruns(),
        settings.maxDuration().toSeconds(), modelledPerSec == null ? "" : String.format(Locale.ROOT, "; the embedded stack's modelled capacity: %s logins/s",
            Rates.fmt(modelledPerSec)));
  }

  @Override
  public void before() {
    super.before();
    controller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-breaking-point");
      t.setDaemon(true);
      return t;
    });
    controller.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Every 100 ms: let the next step start once the last one drained, and judge a step that has run its length. */
  private void tick() {
    try {
      BreakingPointSearch s = search;
      if (s == null || done) return;
      long now = System.currentTimeMillis();
      if (s.finished()) { // let the last step's logins finish, so that the run's figures hold no login it abandoned
        if (finishedAt == 0) finishedAt = now;
        long cut = s.cutOffMs();
        done = ledger.open().stream().noneMatch(o -> LoginRecord.LOAD.equals(o.phase()) && o.scheduledStartMs() >= cut)
            || now - finishedAt >= settings.drainTimeout().toMillis();
        return;
      }
      if (s.draining()) {
        long cut = s.drainCutOffMs();
        long before = s.cutOffMs(); // logins cut off at an earlier drain may still be in a request: they are not waited for again
        long running = ledger.open().stream().filter(o -> o.scheduledStartMs() < cut && o.scheduledStartMs() >= before).count();
        if (running == 0 || s.drainTimedOut(now)) {
          s.resume(now, running > 0);
          if (running > 0) {
            System.out.printf(Locale.ROOT, "FirstBell: %d logins of the last step still running after %ds (drain-timeout): cut off%n", running,
                settings.drainTimeout().toSeconds());
          }
        }
        return;
      }
      if (s.stepStartMs() != stepStartSeen && now >= s.stepStartMs()) { // a step began: its CPU is measured from here
        stepStartSeen = s.stepStartMs();
        cpuAtStepStart = recorder.generatorCpuMillis();
      }
      if (!s.stepDue(now)) return;
      judge(s, now);
    } catch (RuntimeException e) {
      System.err.println("FirstBell: breaking-point controller failed: " + e);
    }
  }

  private void judge(BreakingPointSearch s, long now) {
    try {
      judgeStep(s, now);
    } catch (RuntimeException e) { // a step that cannot be judged measured nothing: it must not stall the search
      BreakingPointSearch.Step step = s.endStep(new BreakingPointSearch.Measurement(false, "the step could not be judged (" + e + ")",
          Saturation.Evidence.NO_TELEMETRY), now);
      System.err.println("FirstBell: step " + step.number() + " could not be judged: " + e);
    }
  }

  private void judgeStep(BreakingPointSearch s, long now) {
    long[] window = s.judgedWindow();
    long stepStart = s.stepStartMs();
    var snapshot = ledger.snapshot();
    List<LoginRecord> records = snapshot.records();
    StepVerdict v = StepVerdict.of(records, snapshot.open(), window[0], window[1], now, slo(), backlog);
    double expected = s.rate() * (window[1] - window[0]) / 1000.0;
    double cpuShare = (recorder.generatorCpuMillis() - cpuAtStepStart) / (double) Math.max(1, now - stepStart)
        / Runtime.getRuntime().availableProcessors();
    String invalid = v.p99StartLagMs() > generator.maxStartLagMs()
        ? "the generator started logins late by p99 " + v.p99StartLagMs() + " ms (firstbell.generator.max-start-lag " + generator.maxStartLagMs() + " ms)"
        : cpuShare > generator.maxCpuShare()
            ? String.format(Locale.ROOT, "the generator used %.0f%% of the machine (firstbell.generator.max-cpu-share %.0f%%)", 100 * cpuShare,
                100 * generator.maxCpuShare())
            : expected >= 5 && v.attempted() < 0.9 * expected
                ? String.format(Locale.ROOT, "the generator offered %d logins of the %.0f the step's rate asked for", v.attempted(), expected)
            : "";
    Saturation saturation = Saturation.during(telemetry(), List.of(new long[] {stepStart, now}));
    Map<String, Long> failures = failuresIn(records, window);
    BreakingPointSearch.Step step = s.endStep(new BreakingPointSearch.Measurement(v.met(), invalid, saturation.evidence()), now);
    synchronized (judged) {
      judged.add(new Judged(step, v, cpuShare, saturation, window, failures));
    }
    String verdict = step.status() == BreakingPointSearch.Status.INVALID ? "INVALID (" + step.reason() + "): runs again"
        : (v.met() ? "SLO met" : "SLO broken (" + v.why() + (saturation.saturated() ? "; " + saturation.describe() : "") + ")")
            + (step.status() == BreakingPointSearch.Status.RERUN ? "; not trusted yet (" + step.reason() + "): runs again"
                : step.reason().equals("confirmed") ? ", confirmed" : "");
    String failed = failures.isEmpty() ? "" : "; failed: " + String.join(", ", failures.entrySet().stream().limit(3)
        .map(e -> e.getValue() + " " + e.getKey()).toList());
    System.out.printf(Locale.ROOT, "FirstBell: step %d (%s): offered %.1f/s, achieved %.1f/s, success %.2f%%, p95 %d ms: %s%s%s%n",
        step.number(), step.phase(), v.offeredPerSec(), v.achievedPerSec(), 100 * v.successRatio(), v.p95Ms(), verdict, failed,
        s.finished() ? "; search finished: " + s.outcome() : "; next " + Rates.fmt(s.rate()) + " logins/s");
  }

  /** @return the run's telemetry so far; none when it cannot be read */
  private List<TelemetryFiles.Reading> telemetry() {
    try {
      return TelemetryFiles.readings(recorder.folder().resolve("telemetry.csv"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** @return failed logins of the window by "kind at step", most frequent first */
  private static Map<String, Long> failuresIn(List<LoginRecord> records, long[] window) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Failures.Count c : Failures.byStepAndKind(records.stream()
        .filter(r -> r.judged() && r.scheduledStartMs() >= window[0] && r.scheduledStartMs() < window[1]).toList())) {
      counts.put(c.kind() + " at \"" + c.step() + "\"", c.count());
    }
    return counts;
  }

  @Override
  public void after() {
    if (controller != null) controller.shutdownNow();
    super.after();
  }

  @Override
  protected void addToSummary(ObjectNode summary) {
    BreakingPointSearch s = search;
    long startedAt = Instant.parse(summary.path("startedAt").asText()).toEpochMilli();
    List<Judged> steps;
    synchronized (judged) {
      steps = List.copyOf(judged);
    }
    ArrayNode array = summary.putArray("steps");
    double knee = Double.NaN;
    Double firstP95 = null;
    for (Judged j : steps) {
      BreakingPointSearch.Step st = j.step();
      StepVerdict v = j.verdict();
      ObjectNode node = array.addObject().put("number", st.number()).put("phase", st.phase()).put("ratePerSec", st.rate())
          .put("status", st.status().wireName()).put("reason", st.reason())
          .put("startOffsetSeconds", (st.startMs() - startedAt) / 1000.0).put("endOffsetSeconds", (st.endMs() - startedAt) / 1000.0)
          .put("judgedFromOffsetSeconds", (j.window()[0] - startedAt) / 1000.0).put("judgedToOffsetSeconds", (j.window()[1] - startedAt) / 1000.0)
          .put("offeredPerSec", round(v.offeredPerSec())).put("achievedPerSec", round(v.achievedPerSec()))
          .put("successRatio", round(v.successRatio())).put("p50Ms", v.p50Ms()).put("p95Ms", v.p95Ms()).put("p99Ms", v.p99Ms())
          .put("firstThirdMedianMs", v.firstThirdMedianMs()).put("lastThirdMedianMs", v.lastThirdMedianMs())
          .put("sloMet", v.met()).put("brokenBy", v.brokenBy())
          .put("p99StartLagMs", v.p99StartLagMs()).put("generatorCpuShare", round(j.cpuShare()))
          .put("saturation", j.saturation().evidence().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      ObjectNode f = node.putObject("failures");
      j.failures().forEach(f::put);
      if (st.phase().equals("coarse") && st.status() == BreakingPointSearch.Status.JUDGED) {
        if (firstP95 == null) firstP95 = (double) v.p95Ms();
        boolean lagging = v.achievedPerSec() < 0.95 * v.offeredPerSec() || v.p95Ms() > 2 * Math.max(50, firstP95);
        if (lagging && Double.isNaN(knee)) knee = st.rate();
      }
    }
    // the generator is judged step by step (a step it spoiled ran again), so the whole run's generator figures, which include those
    // spoiled steps and the warm-up, do not overrule the answer
    BreakingPointSearch.Answer answer = s == null ? new BreakingPointSearch.Answer(false, Double.NaN, Double.NaN, "the search never started", 0)
        : s.finished() ? s.answer()
        : new BreakingPointSearch.Answer(false, s.lastPass(), s.firstFail(), "no trustworthy answer: the run ended before the search did", s.answer().reruns());
    boolean found = answer.found();
    ObjectNode bp = summary.putObject("breakingPoint");
    bp.put("found", found);
    putOrNull(bp, "maxSustainablePerSec", found ? answer.sustainablePerSec() : Double.NaN);
    putOrNull(bp, "firstFailingPerSec", answer.firstFailingPerSec());
    putOrNull(bp, "kneePerSec", knee);
    putOrNull(bp, "precisionPerSec", !found || Double.isNaN(answer.firstFailingPerSec()) ? Double.NaN : answer.firstFailingPerSec() - answer.sustainablePerSec());
    putOrNull(bp, "modelledCapacityPerSec", modelledPerSec == null ? Double.NaN : modelledPerSec);
    List<long[]> failing = steps.stream().filter(j -> Boolean.FALSE.equals(j.step().passed())).map(j -> new long[] {j.step().startMs(), j.step().endMs()}).toList();
    bp.put("bottleneck", Saturation.during(telemetry(), failing).describe());
    bp.put("outcome", answer.outcome());
    bp.put("reruns", answer.reruns());
    String reruns = answer.reruns() == 0 ? "" : "; " + answer.reruns() + (answer.reruns() == 1 ? " step" : " steps") + " re-run";
    String headline = !found ? Character.toUpperCase(answer.outcome().charAt(0)) + answer.outcome().substring(1) + "."
        : Double.isNaN(answer.firstFailingPerSec()) ? "No breaking point up to " + Rates.fmt(settings.max()) + " logins/s: every rate met the SLO" + reruns + "."
        : String.format(Locale.ROOT, "Breaking point: %s logins/s sustained, %s logins/s broke the SLO (precision %s%s); likely bottleneck: %s.",
            Rates.fmt(answer.sustainablePerSec()), Rates.fmt(answer.firstFailingPerSec()), Rates.fmt(answer.firstFailingPerSec() - answer.sustainablePerSec()), reruns,
            bp.path("bottleneck").asText());
    summary.put("headline", headline);
    summary.put("judgedBy", "search");
    summary.put("passed", found);
  }

  @Override
  protected String failedBecause() {
    return "the search reached no trustworthy breaking point (see the verdict)";
  }

  /**
   * @return the embedded stack's modelled capacity for the students' mix the search runs (portal and badge logins) at its
   *     initial instances, or null for another target
   */
  private Double modelledCapacity(Config config) {
    if (!target.embedded()) return null;
    CapacitySettings c = CapacitySettings.from(stackConfig(config));
    if (!c.enabled()) return null;
    return Math.round(CapacityFormula.studentLogins(c, c.initialInstances(), badgeShareOfStudents()).perSec() * 10) / 10.0;
  }

  private static void putOrNull(ObjectNode node, String field, double v) {
    if (Double.isNaN(v)) node.putNull(field); else node.put(field, round(v));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

}
