package io.firstbell.analysis;

import io.firstbell.load.Rates;
import java.util.List;

/**
 * The answer of a breaking-point search run as a fixed staircase (the search of a sharded run): steps of constant rate, each
 * {@code precision} above the last, every shard running its share of each, judged afterwards from the merged ledger. A step
 * that broke the SLO counts once the next step broke it too (the staircase's confirmation, as the live search runs a first
 * failure again); the breaking point is then the step below it. Pure.
 */
public final class Staircase {

  /** The phase name of a staircase's steps in the run record and the summary. */
  public static final String PHASE = "staircase";

  private Staircase() {}

  /**
   * The answer.
   *
   * @param found whether the staircase gave an answer (a confirmed failure above a passing step, or no failure at all)
   * @param sustainablePerSec the highest rate below the confirmed failure, or the last rate when none failed; NaN without an answer
   * @param firstFailingPerSec the confirmed failing rate, or NaN
   * @param outcome the answer in words
   */
  public record Answer(boolean found, double sustainablePerSec, double firstFailingPerSec, String outcome) {}

  /**
   * @param rates the rates of the steps that ran, in order
   * @param met whether each step met the SLO, in order
   * @param planned how many steps the staircase planned: fewer ran when a shard stopped on its own view, or the run was cut short
   * @return the answer
   */
  public static Answer answer(List<Double> rates, List<Boolean> met, int planned) {
    int n = Math.min(rates.size(), met.size());
    if (n == 0) return new Answer(false, Double.NaN, Double.NaN, "no trustworthy answer: no step of the staircase ran");
    for (int j = 0; j + 1 < n; j++) {
      if (met.get(j) || met.get(j + 1)) continue;
      if (j == 0) {
        return new Answer(false, Double.NaN, rates.get(0), "no trustworthy answer: the staircase's first step (" + Rates.fmt(rates.get(0))
            + " logins/s) already broke the SLO, and so did the next; lower firstbell.breaking-point.start");
      }
      return new Answer(true, rates.get(j - 1), rates.get(j), "breaking point found on a staircase, confirmed by the step above it");
    }
    boolean complete = n >= planned;
    if (!met.get(n - 1)) {
      return new Answer(false, n >= 2 ? rates.get(n - 2) : Double.NaN, rates.get(n - 1), "no trustworthy answer: the staircase ended at "
          + Rates.fmt(rates.get(n - 1)) + " logins/s before a step above confirmed its failure; " + (complete
              ? "raise firstbell.breaking-point.max or max-duration"
              : "it ran " + n + " of its " + planned + " steps (a shard stopped, or the run was cut short), so run it again"));
    }
    if (!complete) {
      return new Answer(false, rates.get(n - 1), Double.NaN, "no trustworthy answer: the staircase ran " + n + " of its " + planned
          + " steps (a shard stopped, or the run was cut short), before any failure was confirmed; run it again");
    }
    return new Answer(true, rates.get(n - 1), Double.NaN, "every step of the staircase met the SLO");
  }

  /** @return how many steps a staircase whose steps that ran have {@code rates} planned, from its first rate by its step up to {@code max} */
  public static int planned(List<Double> rates, double max) {
    if (rates.size() < 2) return rates.isEmpty() || rates.get(0) >= max - 1e-9 ? rates.size() : Integer.MAX_VALUE;
    double step = rates.get(1) - rates.get(0);
    return (int) Math.round((max - rates.get(0)) / step) + 1;
  }
}
