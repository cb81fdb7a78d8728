package io.firstbell.run;

import static io.gatling.javaapi.core.CoreDsl.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.firstbell.analysis.Saturation;
import io.firstbell.analysis.SearchAnalysis;
import io.firstbell.analysis.StepVerdict;
import io.firstbell.config.Checks;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.BreakingPointSearch;
import io.firstbell.load.Rates;
import io.firstbell.report.ResultSettings;
import io.firstbell.results.RunRecord;
import io.firstbell.stack.capacity.CapacityFormula;
import io.firstbell.stack.capacity.CapacitySettings;
import io.firstbell.telemetry.TelemetryFiles;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A breaking-point search driven live: arrivals at the search's maximum rate, thinned to its warm-up's and then its current
 * step's rate ({@link #arrival}); every 100 ms, the next step starts once the last one's logins are over, and a step that ran
 * its length is judged ({@link SearchAnalysis}, the same functions the summary uses) and handed to the
 * {@link BreakingPointSearch} state machine, which decides what runs next. Each step prints a line; {@link #record} is the
 * search as it ran, for {@code run.json}.
 */
public final class BreakingPointRun {

  private final FirstBellRun run;
  private final BreakingPointSearch.Settings settings;
  private final StepVerdict.Backlog backlog;
  private final ResultSettings generator;
  private final boolean fixedFleet;
  private final Double modelledPerSec;
  private final List<RunRecord.SearchStep> steps = new ArrayList<>();
  private final LongSupplier cutOff = () -> {
    BreakingPointSearch s = search();
    return s == null ? Long.MIN_VALUE : s.cutOffMs();
  };
  private volatile BreakingPointSearch search;
  /** a sharded run's search: a fixed staircase, every shard running its share of each step, judged from the merged ledger */
  private final boolean staircase;
  private final List<Double> stairs;
  private int ownFailuresInARow;
  private ScheduledExecutorService controller;
  /** The search finished and its last step's logins drained (or were given up on): the run may end. */
  private volatile boolean done;
  private long finishedAt;
  private long stepStartSeen = Long.MIN_VALUE;
  private long cpuAtStepStart;

  /** @return the configuration the embedded stack starts with: a fixed fleet (autoscaler off) unless {@code fixed-fleet = off} */
  public static Config stackConfig(Config config) {
    return config.getBoolean("firstbell.breaking-point.fixed-fleet")
        ? config.withValue("firstbell.stack.capacity.autoscaler.enabled", ConfigValueFactory.fromAnyRef(false))
        : config;
  }

  /** A search over {@code run}'s target, refused here when {@code firstbell.safety} forbids its bounds. */
  public BreakingPointRun(FirstBellRun run) {
    Config config = run.config();
    this.run = run;
    this.settings = BreakingPointSearch.Settings.from(config);
    this.backlog = new StepVerdict.Backlog(config.getDuration("firstbell.breaking-point.backlog.max-rise").toMillis(),
        new Checks(config, "firstbell.breaking-point.backlog").nonNegative("max-rise-ratio"));
    this.generator = ResultSettings.from(config);
    this.fixedFleet = config.getBoolean("firstbell.breaking-point.fixed-fleet");
    run.safety().check("The breaking-point search (firstbell.breaking-point.max, max-duration)", settings.max(), settings.maxDuration(),
        Math.round(settings.max() * settings.maxDuration().toSeconds()));
    this.modelledPerSec = modelledCapacity(run, stackConfig(config));
    long inMemory = config.getDuration("firstbell.results.in-memory").toMillis();
    if (settings.step().toMillis() + settings.drainTimeout().toMillis() > inMemory) {
      throw new io.firstbell.config.SettingsException("firstbell.breaking-point.step plus drain-timeout (" + (settings.step().toMillis() + settings.drainTimeout().toMillis()) / 1000
          + " s) is longer than firstbell.results.in-memory (" + inMemory / 1000 + " s), which keeps a step's logins for its verdict; raise firstbell.results.in-memory");
    }
    this.staircase = run.shard().sharded();
    this.stairs = staircaseRates(settings);
    if (staircase && stairs.size() < 3) {
      throw new io.firstbell.config.SettingsException("A sharded breaking-point search runs a staircase from firstbell.breaking-point.start by its precision, "
          + "but max and max-duration leave room for " + stairs.size() + " step(s) of " + settings.step().toSeconds() + " s; it needs at least 3:"
          + " raise max-duration or max, or lower start");
    }
    run.boundedBy(staircase ? String.format(Locale.ROOT, "a staircase of %d steps: %s logins/s, %d s each (its shards' shares of them)", stairs.size(),
        stairs.size() <= 12 ? String.join(", ", stairs.stream().map(Rates::fmt).toList())
            : Rates.fmt(stairs.get(0)) + ", " + Rates.fmt(stairs.get(1)) + ", … " + Rates.fmt(stairs.get(stairs.size() - 1)), settings.step().toSeconds())
        : String.format(Locale.ROOT, "coarse steps %s; at most %s logins/s for %d s: at most %,d logins", coarseSteps(), Rates.fmt(settings.max()),
        settings.maxDuration().toSeconds(), Math.round(settings.max() * settings.maxDuration().toSeconds())));
  }

  /**
   * @return the rates of a sharded run's staircase: from {@code start} by {@code precision}, at most {@code max}, as many steps as
   *     {@code max-duration} holds after the warm-up
   */
  static List<Double> staircaseRates(BreakingPointSearch.Settings s) {
    long room = s.maxDuration().minus(s.warmUp().enabled() ? s.warmUp().duration() : java.time.Duration.ZERO).toMillis();
    long steps = Math.max(0, room / s.step().toMillis());
    List<Double> rates = new ArrayList<>();
    for (int j = 0; j < steps; j++) {
      double r = Math.round((s.start() + j * s.precision()) * 1000) / 1000.0;
      if (r > s.max() + 1e-9) break;
      rates.add(r);
    }
    return rates;
  }

  /**
   * @return the search's load: live, arrivals at the maximum rate thinned by the search ({@link #arrival}); in a sharded run, the
   *     staircase as a precomputed plan, each shard injecting its share, and each stopping once its own logins show the
   *     staircase's answer is past
   */
  public io.gatling.javaapi.core.PopulationBuilder population(String name) {
    if (!staircase) return run.open(run.loginMix(name, List.of("student"), arrival()), injection());
    List<io.firstbell.load.LoadPlan.Segment> segments = stairs.stream().map(r -> new io.firstbell.load.LoadPlan.Segment(r, settings.step())).toList();
    ChainBuilder arrival = exec(run.scheduledArrival()).exec(stopLoadGeneratorIf("FirstBell: the staircase is past its answer", session -> done));
    return run.plan(run.loginMix(name, List.of("student"), arrival), new io.firstbell.load.LoadPlan(segments), settings.start());
  }

  /** @return the coarse steps' rates, from the start by the increment up to the maximum */
  private String coarseSteps() {
    List<String> rates = new ArrayList<>();
    for (double r = settings.start(); r <= settings.max() + 1e-9 && rates.size() < 12; r += settings.increment()) rates.add(Rates.fmt(r));
    return String.join(", ", rates) + (settings.start() + 12 * settings.increment() <= settings.max() ? ", … up to " + Rates.fmt(settings.max()) : "")
        + " logins/s, " + settings.step().toSeconds() + " s each, then bisection";
  }

  /** @return arrivals at the maximum rate: the search ends itself within max-duration, plus a last drain before it stops and one after */
  public List<OpenInjectionStep> injection() {
    return List.of(constantUsersPerSec(settings.max()).during(settings.maxDuration().plus(settings.drainTimeout().multipliedBy(2)).plusSeconds(10)));
  }

  /** @return what happens as a user arrives: admitted at the search's rate with its scheduled start, or ended here */
  public ChainBuilder arrival() {
    return exec(session -> {
          long now = run.clock().millis();
          BreakingPointSearch.Admission a = search(now).admit(now);
          return a == null ? session.set("fb.skip", true)
              : session.set("fb.skip", false).set(LoginSteps.SCHEDULED_START, a.scheduledMs())
                  .set(LoginSteps.PHASE, a.warmUp() ? LoginRecord.WARM_UP : LoginRecord.LOAD).set(LoginSteps.CUT_OFF, cutOff);
        })
        // the search has its answer and its last logins are over: stop sending load, and let the run end with its reports
        .exec(stopLoadGeneratorIf("FirstBell: breaking-point search finished", session -> done))
        .exitHereIf(session -> session.getBoolean("fb.skip"));
  }

  private BreakingPointSearch search() {
    return search;
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

  /** @return what the search offers, for the console */
  public String describe() {
    if (staircase) {
      return String.format(Locale.ROOT, (fixedFleet ? "fixed fleet (autoscaler off), no think time, " : "no think time, ")
          + "then a breaking-point staircase for %d shards: %d steps of %ds from %s logins/s by %s up to %s, judged from %ds after their start to"
          + " %ds before their end, from the merged ledger (a failure counts once the step above fails too)%s",
          run.shard().count(), stairs.size(), settings.step().toSeconds(), Rates.fmt(stairs.get(0)), Rates.fmt(settings.precision()),
          Rates.fmt(stairs.get(stairs.size() - 1)), settings.transition().toSeconds(), settings.settle().toSeconds(),
          modelledPerSec == null ? "" : String.format(Locale.ROOT, "; the embedded stack's modelled capacity: %s logins/s", Rates.fmt(modelledPerSec)));
    }
    return String.format(Locale.ROOT, (fixedFleet ? "fixed fleet (autoscaler off), no think time, " : "no think time, ")
        + "%s, then a breaking-point search: steps of %ds from %s logins/s by %s up to %s (judged from %ds after their start to %ds before "
            + "their end, and for a growing backlog), then bisection to within %s logins/s; up to %d steps re-run; at most %ds%s",
        settings.warmUp().describe(settings.start()), settings.step().toSeconds(), Rates.fmt(settings.start()), Rates.fmt(settings.increment()),
        Rates.fmt(settings.max()), settings.transition().toSeconds(), settings.settle().toSeconds(), Rates.fmt(settings.precision()), settings.maxReruns(),
        settings.maxDuration().toSeconds(), modelledPerSec == null ? "" : String.format(Locale.ROOT, "; the embedded stack's modelled capacity: %s logins/s",
            Rates.fmt(modelledPerSec)));
  }

  /** Starts the controller: every 100 ms it lets the next step start once the last one drained, and judges a step that has run its length. */
  public void start() {
    controller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "firstbell-breaking-point");
      t.setDaemon(true);
      return t;
    });
    controller.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Stops the controller. */
  public void stop() {
    if (controller != null) controller.shutdownNow();
  }

  private void tick() {
    if (staircase) {
      try {
        stairTick();
      } catch (RuntimeException e) {
        System.err.println("FirstBell: staircase controller failed: " + e);
      }
      return;
    }
    try {
      BreakingPointSearch s = search;
      if (s == null || done) return;
      long now = run.clock().millis();
      LoginLedger ledger = run.ledger();
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
        cpuAtStepStart = run.recorder().generatorCpuMillis();
      }
      if (!s.stepDue(now)) return;
      judge(s, now);
    } catch (RuntimeException e) {
      System.err.println("FirstBell: breaking-point controller failed: " + e);
    }
  }

  /**
   * A staircase step that ran its length is judged from this shard's own logins, for the console and to know when to stop:
   * once its own logins broke the SLO on three steps in a row (one more than the answer needs), the shard stops its load.
   * The run's answer comes from every shard's logins, after the merge.
   */
  private void stairTick() {
    if (done || !run.started()) return;
    long now = run.clock().millis();
    long loadStart = run.loadStart();
    int j;
    synchronized (steps) {
      j = steps.size();
    }
    if (j >= stairs.size()) {
      done = true;
      return;
    }
    long start = loadStart + j * settings.step().toMillis();
    long end = start + settings.step().toMillis();
    if (now < end) {
      if (now >= start && stepStartSeen != start) {
        stepStartSeen = start;
        cpuAtStepStart = run.recorder().generatorCpuMillis();
      }
      return;
    }
    long[] window = {start + settings.transition().toMillis(), end - settings.settle().toMillis()};
    LoginLedger.Snapshot snapshot = run.ledger().snapshot();
    now = snapshot.atMs();
    StepVerdict v = StepVerdict.at(snapshot.records(), snapshot.open(), window[0], window[1], now, run.slo(), backlog);
    double cpuShare = (run.recorder().generatorCpuMillis() - cpuAtStepStart) / (double) Math.max(1, now - start)
        / Runtime.getRuntime().availableProcessors();
    Saturation saturation = SearchAnalysis.saturation(start, now, telemetry());
    synchronized (steps) {
      steps.add(new RunRecord.SearchStep(j + 1, io.firstbell.analysis.Staircase.PHASE, stairs.get(j), start, now, window[0], window[1], v.met(),
          BreakingPointSearch.Status.JUDGED.wireName(), "this shard's own logins", cpuShare, saturation.evidence().wireName()));
    }
    // a step without enough of this shard's own logins to judge (a small share) does not count toward stopping
    ownFailuresInARow = v.met() || v.attempted() < 10 ? 0 : ownFailuresInARow + 1;
    if (ownFailuresInARow >= 3 || j + 1 >= stairs.size()) done = true;
    System.out.printf(Locale.ROOT, "FirstBell: step %d (staircase, this shard's share): offered %.1f/s, achieved %.1f/s, success %.2f%%, p95 %d ms: %s%s%n",
        j + 1, v.offeredPerSec(), v.achievedPerSec(), 100 * v.successRatio(), v.p95Ms(), v.met() ? "SLO met" : "SLO broken (" + v.why() + ")",
        done ? "; this shard stops: the answer comes from the merged ledger (ReportMain merge)" : "; next " + Rates.fmt(stairs.get(j + 1)) + " logins/s in all");
  }

  private void judge(BreakingPointSearch s, long now) {
    long[] window = s.judgedWindow();
    long stepStart = s.stepStartMs();
    double rate = s.rate();
    try {
      judgeStep(s, now, window, stepStart, rate);
    } catch (RuntimeException e) { // a step that cannot be judged measured nothing: it must not stall the search
      BreakingPointSearch.Step step = s.endStep(new BreakingPointSearch.Measurement(false, "the step could not be judged (" + e + ")",
          Saturation.Evidence.NO_TELEMETRY), now);
      record(step, window, 0, Saturation.Evidence.NO_TELEMETRY);
      System.err.println("FirstBell: step " + step.number() + " could not be judged: " + e);
    }
  }

  private void judgeStep(BreakingPointSearch s, long now, long[] window, long stepStart, double rate) {
    LoginLedger.Snapshot snapshot = run.ledger().snapshot();
    now = snapshot.atMs(); // the step is judged as the snapshot saw it, to the millisecond: regenerate judges it again at the same moment
    StepVerdict v = StepVerdict.at(snapshot.records(), snapshot.open(), window[0], window[1], now, run.slo(), backlog);
    double expected = rate * (window[1] - window[0]) / 1000.0;
    double cpuShare = (run.recorder().generatorCpuMillis() - cpuAtStepStart) / (double) Math.max(1, now - stepStart)
        / Runtime.getRuntime().availableProcessors();
    String invalid = v.p99StartLagMs() > generator.maxStartLagMs()
        ? "the generator started logins late by p99 " + v.p99StartLagMs() + " ms (firstbell.generator.max-start-lag " + generator.maxStartLagMs() + " ms)"
        : cpuShare > generator.maxCpuShare()
            ? String.format(Locale.ROOT, "the generator used %.0f%% of the machine (firstbell.generator.max-cpu-share %.0f%%)", 100 * cpuShare,
                100 * generator.maxCpuShare())
            : expected >= 5 && v.attempted() < 0.9 * expected
                ? String.format(Locale.ROOT, "the generator offered %d logins of the %.0f the step's rate asked for", v.attempted(), expected)
            : "";
    Saturation saturation = SearchAnalysis.saturation(stepStart, now, telemetry());
    Map<String, Long> failures = SearchAnalysis.failures(snapshot.records(), window[0], window[1], now);
    BreakingPointSearch.Step step = s.endStep(new BreakingPointSearch.Measurement(v.met(), invalid, saturation.evidence()), now);
    record(step, window, cpuShare, saturation.evidence());
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

  private void record(BreakingPointSearch.Step step, long[] window, double cpuShare, Saturation.Evidence saturation) {
    synchronized (steps) {
      steps.add(new RunRecord.SearchStep(step.number(), step.phase(), step.rate(), step.startMs(), step.endMs(), window[0], window[1],
          step.passed(), step.status().wireName(), step.reason(), cpuShare, saturation.wireName()));
    }
  }

  /** @return the run's telemetry so far; none when it cannot be read */
  private List<TelemetryFiles.Reading> telemetry() {
    try {
      return TelemetryFiles.readings(run.recorder().folder().resolve("telemetry.csv"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** @return {@code record} with the search as it ran: its bounds, its steps and its answer */
  public RunRecord record(RunRecord record) {
    BreakingPointSearch s = search;
    List<RunRecord.SearchStep> ran;
    synchronized (steps) {
      ran = List.copyOf(steps);
    }
    if (staircase) { // this shard's own view; the summary judges the staircase again from the ledger it is given (the merged one)
      io.firstbell.analysis.Staircase.Answer a = io.firstbell.analysis.Staircase.answer(stairs, ran.stream().map(st -> Boolean.TRUE.equals(st.passed())).toList(),
          stairs.size());
      return record.withSearch(new RunRecord.Search(stairs.get(stairs.size() - 1), backlog.maxRiseMs(), backlog.maxRiseRatio(), modelledPerSec, ran, done,
          a.found(), orNull(a.sustainablePerSec()), orNull(a.firstFailingPerSec()), a.outcome(), 0));
    }
    BreakingPointSearch.Answer answer = s == null ? new BreakingPointSearch.Answer(false, Double.NaN, Double.NaN, "the search never started", 0)
        : s.finished() ? s.answer()
        : new BreakingPointSearch.Answer(false, s.lastPass(), s.firstFail(), "no trustworthy answer: the run ended before the search did", s.answer().reruns());
    return record.withSearch(new RunRecord.Search(settings.max(), backlog.maxRiseMs(), backlog.maxRiseRatio(), modelledPerSec, ran,
        s != null && s.finished(), answer.found(), orNull(answer.sustainablePerSec()), orNull(answer.firstFailingPerSec()), answer.outcome(),
        answer.reruns()));
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /**
   * @return the embedded stack's modelled capacity for the students' mix the search runs (portal and badge logins) at its
   *     initial instances, or null for another target
   */
  private static Double modelledCapacity(FirstBellRun run, Config stackConfig) {
    if (!run.target().embedded()) return null;
    CapacitySettings c = CapacitySettings.from(stackConfig);
    if (!c.enabled()) return null;
    return Math.round(CapacityFormula.studentLogins(c, c.initialInstances(), run.badgeShareOfStudents()).perSec() * 10) / 10.0;
  }
}
