package io.firstbell.analysis;

import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.Rates;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import io.firstbell.telemetry.TelemetryFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A breaking-point search's results from what its run folder records: each step's verdict over its judged window as it stood
 * when the step was judged, the knee, the likely bottleneck, the answer and its headline. The live search judges its steps
 * with {@link #verdict} and {@link #saturation}, the summary is built with {@link #summarize}: both run live and in
 * {@code regenerate}. Pure.
 */
public final class SearchAnalysis {

  private SearchAnalysis() {}

  /** @return the step's verdict as it stood when it was judged ({@code endMs}) */
  public static StepVerdict verdict(RunRecord.SearchStep step, List<LoginRecord> records, List<LoginLedger.Open> open, SloSettings slo,
      StepVerdict.Backlog backlog) {
    return StepVerdict.at(records, open, step.judgedFromMs(), step.judgedToMs(), step.endMs(), slo, backlog);
  }

  /** @return the target's saturation during the step, from its telemetry up to when the step was judged */
  public static Saturation saturation(long startMs, long endMs, List<TelemetryFiles.Reading> telemetry) {
    return Saturation.during(telemetry, List.of(new long[] {startMs, endMs}));
  }

  /** @return failed logins of the step's judged window that had ended before its judgement, by "kind at step", most frequent first */
  public static Map<String, Long> failures(List<LoginRecord> records, long fromMs, long toMs, long atMs) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Failures.Count c : Failures.byStepAndKind(records.stream()
        .filter(r -> r.judged() && r.endMs() < atMs && r.scheduledStartMs() >= fromMs && r.scheduledStartMs() < toMs).toList())) {
      counts.put(c.kind() + " at \"" + c.step() + "\"", c.count());
    }
    return counts;
  }

  /** @return {@code base} with the search's steps, its breaking point and headline, judged by the search's answer */
  public static Summary summarize(Summary base, RunRecord.Search search, List<LoginRecord> records, List<TelemetryFiles.Reading> telemetry,
      SloSettings slo) {
    long startedAt = base.startedAt().toEpochMilli();
    StepVerdict.Backlog backlog = new StepVerdict.Backlog(search.backlogMaxRiseMs(), search.backlogMaxRiseRatio());
    List<Summary.Step> steps = new ArrayList<>();
    double knee = Double.NaN;
    Double firstP95 = null;
    boolean staircase = !search.steps().isEmpty() && search.steps().stream().allMatch(st -> Staircase.PHASE.equals(st.phase()));
    List<Boolean> met = new ArrayList<>();
    for (RunRecord.SearchStep st : search.steps()) {
      StepVerdict v = verdict(st, records, List.of(), slo, backlog);
      met.add(v.met());
      steps.add(new Summary.Step(st.number(), st.phase(), st.ratePerSec(), st.status(), st.reason(), (st.startMs() - startedAt) / 1000.0,
          (st.endMs() - startedAt) / 1000.0, (st.judgedFromMs() - startedAt) / 1000.0, (st.judgedToMs() - startedAt) / 1000.0,
          round(v.offeredPerSec()), round(v.achievedPerSec()), round(v.successRatio()), v.p50Ms(), v.p95Ms(), v.p99Ms(), v.firstThirdMedianMs(),
          v.lastThirdMedianMs(), v.met(), v.brokenBy(), v.p99StartLagMs(), round(st.generatorCpuShare()),
          st.saturation(), failures(records, st.judgedFromMs(), st.judgedToMs(), st.endMs())));
      // the knee: the first coarse (or staircase) step whose throughput or latency lags
      if ((st.phase().equals("coarse") || staircase) && st.status().equals("judged")) {
        if (firstP95 == null) firstP95 = (double) v.p95Ms();
        boolean lagging = v.achievedPerSec() < 0.95 * v.offeredPerSec() || v.p95Ms() > 2 * Math.max(50, firstP95);
        if (lagging && Double.isNaN(knee)) knee = st.ratePerSec();
      }
    }
    boolean found;
    Double sustainable;
    Double firstFailing;
    String outcome;
    List<long[]> failing = new ArrayList<>();
    if (staircase) { // judged here, from the ledger (a sharded run's merged one), not from what any one shard saw
      List<Double> rates = search.steps().stream().map(RunRecord.SearchStep::ratePerSec).toList();
      Staircase.Answer a = Staircase.answer(rates, met, Staircase.planned(rates, search.maxPerSec()));
      found = a.found();
      sustainable = found && !Double.isNaN(a.sustainablePerSec()) ? a.sustainablePerSec() : null;
      firstFailing = Double.isNaN(a.firstFailingPerSec()) ? null : a.firstFailingPerSec();
      outcome = a.outcome();
      for (int i = 0; i < met.size(); i++) {
        if (!met.get(i)) failing.add(new long[] {search.steps().get(i).startMs(), search.steps().get(i).endMs()});
      }
    } else {
      found = search.found();
      sustainable = found ? search.sustainablePerSec() : null;
      firstFailing = search.firstFailingPerSec();
      outcome = search.outcome();
      failing = search.steps().stream().filter(st -> Boolean.FALSE.equals(st.passed())).map(st -> new long[] {st.startMs(), st.endMs()}).toList();
    }
    String bottleneck = Saturation.during(telemetry, failing).describe();
    Summary.BreakingPoint bp = new Summary.BreakingPoint(found, round(sustainable), round(firstFailing), Double.isNaN(knee) ? null : round(knee),
        !found || firstFailing == null || sustainable == null ? null : round(firstFailing - sustainable), round(search.modelledCapacityPerSec()), bottleneck,
        outcome, search.reruns());
    String reruns = search.reruns() == 0 ? "" : "; " + search.reruns() + (search.reruns() == 1 ? " step" : " steps") + " re-run";
    String headline = !found ? Character.toUpperCase(outcome.charAt(0)) + outcome.substring(1) + "."
        : firstFailing == null ? "No breaking point up to " + Rates.fmt(search.maxPerSec()) + " logins/s: every rate met the SLO" + reruns + "."
        : String.format(Locale.ROOT, "Breaking point: %s logins/s sustained, %s logins/s broke the SLO (precision %s%s); likely bottleneck: %s.",
            Rates.fmt(sustainable), Rates.fmt(firstFailing), Rates.fmt(firstFailing - sustainable), reruns, bottleneck);
    if (staircase && base.generator() != null && base.generator().saturated()) { // a staircase runs no step again: a saturated generator spoils it
      return base.withSearch(steps, bp).judged(headline + " But the load generator was saturated during the staircase, so this answer does not"
          + " describe the target: run more shards, or give each more CPU.", Summary.JudgedBy.SEARCH, false);
    }
    // the live search judges the generator step by step (a step it spoiled ran again), so the whole run's generator figures, which
    // include those spoiled steps and the warm-up, do not overrule the answer
    return base.withSearch(steps, bp).judged(headline, Summary.JudgedBy.SEARCH, found);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static Double round(Double v) {
    return v == null || v.isNaN() ? null : round(v.doubleValue());
  }
}
