package io.firstbell.report;

import io.firstbell.analysis.Failures;
import io.firstbell.analysis.LoginStats;
import io.firstbell.analysis.SearchAnalysis;
import io.firstbell.analysis.SloSettings;
import io.firstbell.analysis.ReplayAnalysis;
import io.firstbell.analysis.SurgeAnalysis;
import io.firstbell.analysis.Timeline;
import io.firstbell.analysis.Uptime;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code summary.json} ({@link Summary}) from what a run folder records and nothing else: its run record, ledger,
 * failure samples and telemetry ({@link RunFacts}). The live run and {@code regenerate} call the same {@link #summarize}, so a
 * summary rebuilt from a folder is the summary the run wrote. Pure.
 */
public final class RunSummary {

  /** What the run knew about itself, beyond its logins. */
  public record Meta(String simulation, String target, long startedAtMs, long endedAtMs, double generatorCpuMillis,
      double generatorCpuShare, boolean generatorCpuSaturated, long maxStartLagMs) {}

  private RunSummary() {}

  /**
   * The whole summary of a run: the SLO, uptime, latency, login, warm-up, preflight and failure sections, then the
   * simulation's own (a search's steps and breaking point, a surge's reaction), its judgement and the verdict.
   */
  public static Summary summarize(RunRecord run, RunFacts facts, SloSettings slo, ResultSettings judging) {
    long duration = run.endedAtMs() - run.startedAtMs();
    Meta meta = new Meta(run.simulation(), run.target(), run.startedAtMs(), run.endedAtMs(), run.generatorCpuMillis(), run.generatorCpuShare(),
        cpuSaturated(duration, run.generatorCpuShare(), judging.maxCpuShare()), judging.maxStartLagMs());
    Summary s = build(meta, facts.ledger(), slo, judging.uptimeWindowMs(), judging.downThreshold(), judging.maxStartLagMs(), facts.samples())
        .withTelemetry(run.telemetry() == null ? Summary.Telemetry.NONE : run.telemetry());
    if (run.dryRun() && !preflightFailed(run, s)) {
      s = s.judged("Dry run: the plan was printed and only the preflight login of each journey was sent; it passed.", Summary.JudgedBy.PREFLIGHT, true);
    } else if (preflightFailed(run, s)) {
      s = s.judged("Preflight failed: " + preflightFailure(facts.ledger()) + "; no load was sent.", Summary.JudgedBy.PREFLIGHT, false);
    } else if (run.ownFailure() != null) {
      s = ownAnalysisFailed(s, run.ownFailure());
    } else {
      try {
        if (run.search() != null) s = SearchAnalysis.summarize(s, run.search(), facts.ledger(), facts.telemetry(), slo);
        if (run.surge() != null) s = SurgeAnalysis.summarize(s, run.surge(), facts.ledger(), facts.events(), facts.instances(), slo);
        if (run.replay() != null) s = s.withReplay(ReplayAnalysis.of(run.replay(), facts.ledger()));
      } catch (RuntimeException e) { // the simulation's own analysis failed: the run's own figures are still written
        s = ownAnalysisFailed(s, e.toString());
      }
    }
    if (run.interrupted() != null) { // whatever the run had measured is kept, and it does not pass
      s = s.withInterrupted(run.interrupted()).judged("Interrupted after " + (run.endedAtMs() - run.startedAtMs()) / 1000 + " s: " + run.interrupted()
          + "; these results cover what ran." + (s.headline() == null ? "" : " " + s.headline()), s.judgedBy(), false);
    }
    if (run.shard() != null) { // one shard's own folder: its place in the run, and whether it started late
      List<LoginRecord> ledger = facts.ledger();
      Summary.ShardSummary own = new Summary.ShardSummary(run.shard().index(), run.shard().host(), run.shard().startSkewMs(), ledger.size(),
          ledger.stream().filter(LoginRecord::succeeded).count(), s.generator().saturated(), s.generator().cpuMillisPerLogin(), run.shard().late());
      s = s.withShards(List.of(own));
    }
    Summary composed = s.withVerdict(composeVerdict(s));
    String late = Summary.lateShards(composed.shards());
    return late.isEmpty() ? composed : composed.withVerdict(composed.verdict() + " " + late);
  }

  /**
   * The summary of a run whose ledger holds {@code records}: the SLO, uptime, latency and login figures judge the
   * {@code load} phase only (warm-up and preflight logins have sections of their own); the timeline shows every login. The
   * simulation's own sections are null, and it is judged by the SLO.
   *
   * @param samples failed responses kept during the run, attached to the failures they sample
   * @return the summary
   */
  public static Summary build(Meta meta, List<LoginRecord> records, SloSettings slo, long uptimeWindowMs, double downThreshold,
      long maxStartLagMs, List<FailureSamples.Sample> samples) {
    List<LoginRecord> judgedRecords = records.stream().filter(LoginRecord::judged).toList();
    LoginStats stats = LoginStats.of(judgedRecords);
    long loadStart = judgedRecords.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(meta.startedAtMs());
    Uptime.Report uptime = Uptime.compute(judgedRecords, Math.max(meta.startedAtMs(), Math.min(loadStart, meta.endedAtMs())), meta.endedAtMs(),
        uptimeWindowMs, downThreshold);
    boolean generatorSaturated = meta.generatorCpuSaturated() || stats.p99StartLagMs() > maxStartLagMs;
    Summary.Logins logins = new Summary.Logins(stats.attempted(), stats.succeeded(), stats.failed(), stats.cutShort(),
        round(stats.successRatio(), 6), stats.byPersona(), stats.byJourney(), stats.byFailureStep(), stats.byFailureKind());
    Summary.Uptime u = new Summary.Uptime(uptimeWindowMs / 1000.0, downThreshold, uptime.windows().size(), uptime.up(), uptime.down(),
        uptime.empty(), round(uptime.uptimePercent(), 3), uptime.strip(), uptime.worst() == null ? null
            : new Summary.WorstWindow(Instant.ofEpochMilli(uptime.worst().startMs()), uptime.worst().attempted(), uptime.worst().failed()));
    Summary.Generator g = new Summary.Generator(records.isEmpty() ? 0 : round(meta.generatorCpuMillis() / records.size(), 3),
        round(meta.generatorCpuShare(), 4), stats.maxStartLagMs(), stats.p99StartLagMs(), generatorSaturated);
    List<Summary.Second> timeline = Timeline.of(records, meta.startedAtMs(), meta.endedAtMs(), 1000).stream()
        .map(p -> new Summary.Second(p.offsetMs() / 1000, p.offered(), p.succeeded(), p.failed(), p.p95Ms())).toList();
    return new Summary(Summary.SCHEMA, meta.simulation(), meta.target(), Instant.ofEpochMilli(meta.startedAtMs()),
        Instant.ofEpochMilli(meta.endedAtMs()), new Summary.Slo(slo.successRatio(), slo.p95Login().toMillis(), stats.meets(slo)), logins,
        new Summary.Latency(stats.p50Ms(), stats.p95Ms(), stats.p99Ms()), u, g, timeline, warmUp(records, meta.startedAtMs(), loadStart),
        preflight(records, samples), failures(judgedRecords, samples), null, null, null, null, Summary.JudgedBy.SLO,
        stats.attempted() > 0 && stats.meets(slo), figures(stats, uptime, generatorSaturated), verdict(stats, uptime, slo, generatorSaturated),
        null, null, null, null);
  }

  private static Summary.WarmUp warmUp(List<LoginRecord> records, long startedAt, long loadStart) {
    List<LoginRecord> warm = records.stream().filter(r -> LoginRecord.WARM_UP.equals(r.phase())).toList();
    if (warm.isEmpty()) return null;
    long from = warm.stream().mapToLong(LoginRecord::scheduledStartMs).min().orElse(startedAt);
    long last = warm.stream().mapToLong(LoginRecord::scheduledStartMs).max().orElse(from);
    long to = loadStart > last ? loadStart : last;
    return new Summary.WarmUp(warm.size(), warm.stream().filter(r -> !r.succeeded()).count(), round((from - startedAt) / 1000.0, 1),
        round((to - startedAt) / 1000.0, 1));
  }

  private static Summary.Preflight preflight(List<LoginRecord> records, List<FailureSamples.Sample> samples) {
    List<LoginRecord> pre = records.stream().filter(r -> LoginRecord.PREFLIGHT.equals(r.phase())).toList();
    if (pre.isEmpty()) return null;
    List<Summary.PreflightLogin> journeys = pre.stream().map(r -> new Summary.PreflightLogin(r.journey(), r.outcome().wireName(), r.loginMs(),
        r.failedStep(), r.failureKind(), samples.stream()
            .filter(x -> LoginRecord.PREFLIGHT.equals(x.phase()) && x.journey().equals(r.journey()) && x.step().equals(r.failedStep()))
            .findFirst().map(RunSummary::sample).orElse(null))).toList();
    return new Summary.Preflight(pre.stream().allMatch(LoginRecord::succeeded), journeys);
  }

  /** Failed logins by (step, kind), most frequent first, each with the responses sampled for it. */
  private static List<Summary.Failure> failures(List<LoginRecord> judged, List<FailureSamples.Sample> samples) {
    return Failures.byStepAndKind(judged).stream().map(c -> new Summary.Failure(c.step(), c.kind(), c.count(), samples.stream()
        .filter(x -> LoginRecord.LOAD.equals(x.phase()) && x.step().equals(c.step()) && x.kind().equals(c.kind())).map(RunSummary::sample)
        .toList())).toList();
  }

  private static Summary.Sample sample(FailureSamples.Sample x) {
    return new Summary.Sample(x.journey(), x.status(), x.url(), x.body());
  }

  /** @return {@code s} failed, its headline saying that the simulation's own results are missing and why */
  private static Summary ownAnalysisFailed(Summary s, String why) {
    return s.judged("The simulation's own analysis failed (" + why + ").", s.judgedBy(), false);
  }

  /** @return whether the run had to pass a preflight and did not: no preflight login ran, or one failed (then no load was sent) */
  static boolean preflightFailed(RunRecord run, Summary s) {
    return run.preflightEnabled() && (s.preflight() == null || !s.preflight().passed());
  }

  /** @return the first failed preflight login, in words */
  static String preflightFailure(List<LoginRecord> records) {
    return records.stream().filter(r -> LoginRecord.PREFLIGHT.equals(r.phase()) && !r.succeeded()).findFirst()
        .map(r -> "journey " + r.journey() + " failed at \"" + r.failedStep() + "\" (" + r.failureKind() + ")")
        .orElse("no preflight login ran");
  }

  /** @return the verdict paragraph: the simulation's own headline, if any, in front of the run's figures or its SLO verdict */
  static String composeVerdict(Summary s) {
    if (s.headline() == null) return s.verdict();
    String rest = switch (s.judgedBy()) {
      case SEARCH -> "Over the whole run, whose steps past the breaking point broke the SLO on purpose: " + s.wholeRun();
      case REACTION -> "Over the whole run, whose surge broke the SLO on purpose: " + s.wholeRun();
      case PREFLIGHT -> "";
      case SLO -> s.verdict();
    };
    return (s.headline() + " " + rest).strip();
  }

  /** @return the whole run's figures without a judgement: what a search or a surge reports beside its own answer */
  static String figures(LoginStats stats, Uptime.Report uptime, boolean generatorSaturated) {
    if (stats.attempted() == 0) return "no logins were attempted.";
    return String.format(Locale.ROOT, "%.2f%% of %,d logins succeeded, p95 login %d ms; uptime %.1f%% (%d of %d windows down)%s.",
        100 * stats.successRatio(), stats.attempted(), stats.p95Ms(), uptime.uptimePercent(), uptime.down(), uptime.up() + uptime.down(),
        generatorSaturated ? "; the load generator itself was saturated, so these numbers do not describe the target" : "");
  }

  /**
   * @return whether the generator's CPU made it the bottleneck: its share of all cores above {@code maxShare}, judged
   *     only over runs of 10 s or more (a shorter run is mostly the JVM warming up)
   */
  public static boolean cpuSaturated(long durationMs, double cpuShare, double maxShare) {
    return durationMs >= 10_000 && cpuShare > maxShare;
  }

  /** @return the headline in one sentence */
  static String verdict(LoginStats stats, Uptime.Report uptime, SloSettings slo, boolean generatorSaturated) {
    if (stats.attempted() == 0) return "No logins were attempted.";
    String head = stats.meets(slo)
        ? String.format(Locale.ROOT, "SLO met: %.2f%% of %,d logins succeeded, p95 login %d ms", 100 * stats.successRatio(), stats.attempted(), stats.p95Ms())
        : String.format(Locale.ROOT, "SLO NOT met: %.2f%% of %,d logins succeeded (objective %.1f%%), p95 login %d ms (objective %d ms)",
            100 * stats.successRatio(), stats.attempted(), 100 * slo.successRatio(), stats.p95Ms(), slo.p95Login().toMillis());
    String up = String.format(Locale.ROOT, "; uptime %.1f%% (%d of %d windows down)", uptime.uptimePercent(), uptime.down(), uptime.up() + uptime.down());
    String gen = generatorSaturated ? "; the load generator itself was saturated, so these numbers do not describe the target" : "";
    return head + up + gen + ".";
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
