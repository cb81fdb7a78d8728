package io.firstbell.results;

import java.util.List;

/**
 * {@code run.json}: what a run knew about itself beyond its ledger, telemetry and failure samples, written once at its end, so
 * that every section of {@code summary.json} is a pure function of the run folder ({@code regenerate} recomputes them all).
 * Times are epoch milliseconds.
 *
 * @param generatorCpuMillis CPU the load generator used over the run (the embedded stack's excluded)
 * @param generatorCpuShare that CPU as a share of all the machine's cores over the run
 * @param preflightEnabled whether a preflight login of each journey had to pass before any load
 * @param telemetry where the target's telemetry came from and how reading it went
 * @param search the breaking-point search as it ran, or null for another simulation
 * @param surge the surge's plan, or null for another simulation
 * @param ownFailure why the simulation's own record (its search, its surge) could not be made, or null: such a run does not pass
 * @param interrupted why the run ended before its plan did, or null
 * @param dryRun whether this was a dry run: its plan printed, only the preflight sent
 * @param shard which injector of a sharded run wrote this record, or null for a run of one injector
 */
public record RunRecord(String schema, String simulation, String target, long startedAtMs, long endedAtMs, double generatorCpuMillis,
    double generatorCpuShare, boolean preflightEnabled, Summary.Telemetry telemetry, Search search, Surge surge, String ownFailure,
    String interrupted, boolean dryRun, Replay replay, Shard shard) {

  /** A run record whose simulation's own record is still to come. */
  public RunRecord(String schema, String simulation, String target, long startedAtMs, long endedAtMs, double generatorCpuMillis,
      double generatorCpuShare, boolean preflightEnabled, Summary.Telemetry telemetry) {
    this(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry, null, null, null,
        null, false, null, null);
  }

  /** The schema name and version written into every run record. */
  public static final String SCHEMA = "firstbell.run/1";

  /** @return this record with the search as it ran */
  public RunRecord withSearch(Search search) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, interrupted, dryRun, replay, shard);
  }

  /** @return this record with the surge's plan */
  public RunRecord withSurge(Surge surge) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, interrupted, dryRun, replay, shard);
  }

  /** @return this record with the replay's plan */
  public RunRecord withReplay(Replay replay) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, interrupted, dryRun, replay, shard);
  }

  /**
   * A replay's plan: what it replayed, what reading the recording found, and the logins recorded (×1, on the run's clock) and
   * offered in each minute from {@code startMs}, when its judged load began.
   */
  public record Replay(String source, String digest, String format, java.time.Instant windowFrom, java.time.Instant windowTo, double multiplier,
      double speed, long seed, long linesRead, long matched, long unparseable, long outOfOrder, long outsideWindow, long startMs,
      List<Double> recordedPerMinute, List<Long> offeredPerMinute) {}

  /** @return this record of one shard of a sharded run */
  public RunRecord withShard(Shard shard) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, interrupted, dryRun, replay, shard);
  }

  /**
   * Which injector of a sharded run wrote a run folder: several injectors run one plan together, each writing its own folder,
   * and {@code ReportMain merge} joins them into the run's.
   *
   * @param index this shard's number, from 0
   * @param count how many shards the run has
   * @param runId the run all its shards share
   * @param planDigest the digest of the plan all its shards run
   * @param host the host the shard ran on
   * @param startSkewMs how far this shard's start was from the plan's start (positive: later)
   * @param lateToleranceMs how late it could start before it was late ({@code firstbell.shard.late-tolerance}); -1: not known
   */
  public record Shard(int index, int count, String runId, String planDigest, String host, long startSkewMs, long lateToleranceMs) {

    /** A shard whose lateness is not judged. */
    public Shard(int index, int count, String runId, String planDigest, String host, long startSkewMs) {
      this(index, count, runId, planDigest, host, startSkewMs, -1);
    }

    /** @return whether it started later than its tolerance allowed */
    public boolean late() {
      return lateToleranceMs >= 0 && startSkewMs > lateToleranceMs;
    }
  }

  /** @return this record of a dry run */
  public RunRecord asDryRun() {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, interrupted, true, replay, shard);
  }

  /** @return this record of a run that ended before its plan did, for {@code why} */
  public RunRecord withInterrupted(String why) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, ownFailure, why, dryRun, replay, shard);
  }

  /** @return this record saying why the simulation's own record could not be made */
  public RunRecord withOwnFailure(String why) {
    return new RunRecord(schema, simulation, target, startedAtMs, endedAtMs, generatorCpuMillis, generatorCpuShare, preflightEnabled, telemetry,
        search, surge, why, interrupted, dryRun, replay, shard);
  }

  /**
   * A breaking-point search as it ran: its bounds and backlog rule, each step with its decisions and what only the live run
   * could measure (the generator's CPU), and the search's answer.
   *
   * @param modelledCapacityPerSec the embedded stack's modelled capacity for the search's mix, or null for another target
   * @param finished whether the search ended before the run did
   * @param sustainablePerSec the answer's highest rate that met the SLO, or null
   * @param firstFailingPerSec the answer's lowest rate that broke it, or null
   */
  public record Search(double maxPerSec, long backlogMaxRiseMs, double backlogMaxRiseRatio, Double modelledCapacityPerSec, List<SearchStep> steps,
      boolean finished, boolean found, Double sustainablePerSec, Double firstFailingPerSec, String outcome, int reruns) {}

  /**
   * One step of the search: when it ran, the window it was judged on, and how the search used its verdict.
   *
   * @param endMs when it was judged
   * @param passed whether the search counted it as meeting the SLO; null for a step that was not counted
   * @param status {@code judged}, {@code re-run} or {@code invalid}
   * @param generatorCpuShare the generator's CPU over the step, as a share of all cores
   * @param saturation the target's saturation as the search saw it when it judged the step (a telemetry reading may be
   *     written after it was taken, so the whole telemetry file can tell more than the search knew)
   */
  public record SearchStep(int number, String phase, double ratePerSec, long startMs, long endMs, long judgedFromMs, long judgedToMs,
      Boolean passed, String status, String reason, double generatorCpuShare, String saturation) {}

  /**
   * A surge's plan: when the load stepped up and fell back, and the rule its recovery is judged by.
   *
   * @param telemetrySource the configured telemetry source (none, reference, prometheus)
   * @param recoveryWindows consecutive windows that must meet the SLO for it to have recovered
   */
  public record Surge(long stepAtMs, long dropAtMs, double baselinePerSec, double surgePerSec, long rampSeconds, long windowMs,
      int recoveryWindows, String telemetrySource) {}
}
