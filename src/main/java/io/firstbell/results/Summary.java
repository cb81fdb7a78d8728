package io.firstbell.results;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code summary.json}: one run's results as a tree of immutable records, written once and read back with Jackson databind
 * ({@link RunFiles}). Its schema is documented field by field in the README and shipped as
 * {@code firstbell-summary.schema.json}. A section that does not apply to a run (the search's steps in a steady run, the
 * warm-up of a run without one) is {@code null}; a reaction time that is {@code null} never happened in the run.
 *
 * @param headline the simulation's own sentence (the breaking point, the autoscaling reaction), or null
 * @param judgedBy what decided {@code passed}
 * @param wholeRun the whole run's figures without a judgement
 * @param verdict the headline, then the whole run's figures or the SLO verdict, in one paragraph
 * @param interrupted why the run ended before its plan did (a signal, the load generator stopping, a ledger that could not be
 *     written), or null for a run that ran to its end; an interrupted run never passes
 * @param shards each injector's share of a run merged from several ({@code ReportMain merge}), by shard index; null for a
 *     run of one injector
 */
public record Summary(String schema, String simulation, String target, Instant startedAt, Instant endedAt, Slo slo, Logins logins,
    Latency latency, Uptime uptime, Generator generator, List<Second> timeline, WarmUp warmUp, Preflight preflight,
    List<Failure> failures, List<Step> steps, BreakingPoint breakingPoint, List<Surge> autoscaling, String headline, JudgedBy judgedBy,
    boolean passed, String wholeRun, String verdict, Telemetry telemetry, String interrupted, Replay replay,
    List<ShardSummary> shards) {

  /** The schema name and version written into every summary. */
  public static final String SCHEMA = "firstbell.summary/5";

  /**
   * Schemas a baseline may have: {@code /1} lacks what {@code /2} added (warmUp, preflight, failures, judgedBy, passed,
   * wholeRun; steps' status and reason; breakingPoint.found), {@code /2} lacks {@code interrupted}, {@code /3} lacks {@code replay}, {@code /4} lacks {@code shards};
   * they read the same otherwise.
   */
  public static final Set<String> READABLE = Set.of("firstbell.summary/1", "firstbell.summary/2", "firstbell.summary/3",
      "firstbell.summary/4", SCHEMA);

  /** What decided whether a run passed. */
  public enum JudgedBy {
    /** the login SLO over the judged logins */
    SLO,
    /** the breaking-point search's answer */
    SEARCH,
    /** the SLO's recovery after a surge */
    REACTION,
    /** a preflight login failed, so no load was sent */
    PREFLIGHT;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A replay of recorded login traffic: what was replayed and how, what reading it found, and the logins recorded (×1, on
   * the run's clock), offered (×multiplier), started and achieved (succeeded), in all and per minute of the run.
   *
   * @param digest the recording's SHA-256, as stored
   * @param windowFrom the window's first second
   * @param windowTo the end of its last second
   */
  public record Replay(String source, String digest, String format, Instant windowFrom, Instant windowTo, double multiplier, double speed,
      long seed, long linesRead, long matched, long unparseable, long outOfOrder, long outsideWindow, double recorded, long offered, long started,
      long achieved, List<ReplayMinute> minutes) {}

  /** One minute of a replay, from the judged load's start, by scheduled start. */
  public record ReplayMinute(long minute, double recorded, long offered, long started, long achieved) {}

  /** The login SLO and whether the judged logins met it. */
  public record Slo(double successRatio, long p95LoginMs, boolean met) {}

  /** The judged logins, counted. Every map keeps its order (by name, or most frequent first for failures). */
  public record Logins(long attempted, long succeeded, long failed, long cutShort, double successRatio, Map<String, Long> byPersona,
      Map<String, Long> byJourney, Map<String, Long> byFailureStep, Map<String, Long> byFailureKind) {}

  /** Login time percentiles of the judged logins (think time excluded). */
  public record Latency(long p50Ms, long p95Ms, long p99Ms) {}

  /**
   * Uptime by windows: a window is down when more than {@code downThreshold} of the logins attempted in it failed.
   *
   * @param strip one character per window: {@code U} up, {@code D} down, {@code .} empty
   * @param worstWindow the window with the highest failed share, or null when no window had attempts
   */
  public record Uptime(double windowSeconds, double downThreshold, int windows, long upWindows, long downWindows, long emptyWindows,
      double uptimePercent, String strip, WorstWindow worstWindow) {}

  /** The window with the most failed logins. */
  public record WorstWindow(Instant start, long attempted, long failed) {}

  /** The load generator's own cost, and whether it was the bottleneck. */
  public record Generator(double cpuMillisPerLogin, double cpuShare, long maxStartLagMs, long p99StartLagMs, boolean saturated) {}

  /** One second of the run, by scheduled start (offered) and by end (succeeded, failed). */
  public record Second(long second, long offered, long succeeded, long failed, long p95Ms) {}

  /** The warm-up's logins, never judged, and the span of the run it took. */
  public record WarmUp(long logins, long failed, double fromOffsetSeconds, double toOffsetSeconds) {}

  /** The preflight: one login of each journey of the mix before any load. */
  public record Preflight(boolean passed, List<PreflightLogin> journeys) {}

  /** One preflight login, with what the target answered when it failed (or null). */
  public record PreflightLogin(String journey, String outcome, long loginMs, String failedStep, String failureKind, Sample sample) {}

  /** One failed response as sampled, secrets masked; {@code status} 0 when there was no response. */
  public record Sample(String journey, int status, String url, String body) {}

  /** Failed judged logins of one (step, kind), with the responses sampled for it. */
  public record Failure(String step, String kind, long count, List<Sample> samples) {}

  /**
   * One step of a breaking-point search as measured: its verdict over the judged window, and how the search used it.
   *
   * @param status {@code judged}, {@code re-run} or {@code invalid}
   * @param failures failed logins of the judged window by "kind at step", most frequent first
   * @param saturation the target's telemetry during the step: saturated, not-saturated, no-telemetry
   */
  public record Step(int number, String phase, double ratePerSec, String status, String reason, double startOffsetSeconds,
      double endOffsetSeconds, double judgedFromOffsetSeconds, double judgedToOffsetSeconds, double offeredPerSec, double achievedPerSec,
      double successRatio, long p50Ms, long p95Ms, long p99Ms, long firstThirdMedianMs, long lastThirdMedianMs, boolean sloMet,
      String brokenBy, long p99StartLagMs, double generatorCpuShare, String saturation, Map<String, Long> failures) {}

  /**
   * The search's answer; a rate that is null was not found.
   *
   * @param found whether the search reached an answer it can trust
   * @param modelledCapacityPerSec the embedded stack's modelled capacity for the search's mix, or null for another target
   */
  public record BreakingPoint(boolean found, Double maxSustainablePerSec, Double firstFailingPerSec, Double kneePerSec,
      Double precisionPerSec, Double modelledCapacityPerSec, String bottleneck, String outcome, int reruns) {}

  /**
   * One surge's reaction, in seconds after the surge (or after the drop, for scale-in). A time that is null never happened,
   * unless {@code telemetry} is {@code none}: then only the SLO's recovery (from the ledger) is known.
   */
  public record Surge(Instant stepAt, double stepOffsetSeconds, double dropOffsetSeconds, double baselinePerSec, double surgePerSec,
      long rampSeconds, String telemetry, Double scaleOutDecisionSeconds, Double capacityReadySeconds, Double recoverySeconds,
      long failedLogins, long downWindows, double windowSeconds, Integer instancesBefore, Integer peakDesired, Integer peakReady,
      Double overProvisionedInstanceSeconds, Double backToBaselineSeconds, Double scaleInSeconds, long scaleOutsBeforeSurge) {

    /** The telemetry value of a surge no telemetry reading covered. */
    public static final String NO_TELEMETRY = "none";

    /** @return whether the target's telemetry covered the surge: without it, the target's decisions are unknown, not absent */
    public boolean telemetryKnown() {
      return !NO_TELEMETRY.equals(telemetry);
    }
  }

  /** Where the target's telemetry came from and how reading it went; {@code source} none means client side only. */
  public record Telemetry(String source, String from, long readings, long failedReadings, String lastFailure) {

    /** No telemetry for the run. */
    public static final Telemetry NONE = new Telemetry("none", null, 0, 0, null);
  }

  /** @return the breaking point's highest sustained rate, or null when this is no search or it found none */
  public Double maxSustainablePerSec() {
    return breakingPoint == null ? null : breakingPoint.maxSustainablePerSec();
  }

  /** @return the failed share of the judged logins in percent, or null without logins */
  public Double failedPercent() {
    return logins == null ? null : 100 * (1 - logins.successRatio());
  }

  /** @return this summary with the simulation's own judgement: its headline, what judged it and whether it passed */
  public Summary judged(String headline, JudgedBy judgedBy, boolean passed) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return this summary with a search's steps and answer */
  public Summary withSearch(List<Step> steps, BreakingPoint breakingPoint) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return this summary with the surges' reactions */
  public Summary withAutoscaling(List<Surge> autoscaling) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return this summary with its telemetry's health */
  public Summary withTelemetry(Telemetry telemetry) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return this summary of a run that ended before its plan did, for {@code why} */
  public Summary withInterrupted(String why) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, why, replay, shards);
  }

  /** @return this summary with a replay's section */
  public Summary withReplay(Replay replay) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /**
   * One injector's share of a merged run, from its own folder.
   *
   * @param logins the logins of its ledger, every phase
   * @param succeeded those that succeeded
   * @param generatorSaturated whether its own generator was saturated, judged as a single run's
   * @param cpuMillisPerLogin its generator's CPU per login of its ledger
   * @param late whether it started later than its late tolerance allowed
   */
  public record ShardSummary(int index, String host, long startSkewMs, long logins, long succeeded, boolean generatorSaturated,
      double cpuMillisPerLogin, boolean late) {

    /** A shard whose lateness was not judged. */
    public ShardSummary(int index, String host, long startSkewMs, long logins, long succeeded, boolean generatorSaturated, double cpuMillisPerLogin) {
      this(index, host, startSkewMs, logins, succeeded, generatorSaturated, cpuMillisPerLogin, false);
    }
  }

  /** @return the sentence naming the shards that started late, or empty when none did */
  public static String lateShards(List<ShardSummary> shards) {
    if (shards == null) return "";
    List<ShardSummary> late = shards.stream().filter(ShardSummary::late).toList();
    if (late.isEmpty()) return "";
    return (late.size() == 1 ? "Shard " : "Shards ") + String.join(", ", late.stream()
        .map(x -> x.index() + String.format(java.util.Locale.ROOT, " (%.1f s)", x.startSkewMs() / 1000.0)).toList())
        + (late.size() == 1 ? " started" : " each started") + " its load later than start-at allowed (firstbell.shard.late-tolerance):"
        + " those logins began behind their slots.";
  }

  /** @return this summary with the shards of a merged run, the generator marked saturated when any shard's was */
  public Summary withShards(List<ShardSummary> shards) {
    Generator g = generator;
    if (g != null && shards != null && !g.saturated() && shards.stream().anyMatch(ShardSummary::generatorSaturated)) {
      g = new Generator(g.cpuMillisPerLogin(), g.cpuShare(), g.maxStartLagMs(), g.p99StartLagMs(), true);
    }
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, g, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return this summary with its verdict paragraph */
  public Summary withVerdict(String verdict) {
    return new Summary(schema, simulation, target, startedAt, endedAt, slo, logins, latency, uptime, generator, timeline, warmUp, preflight,
        failures, steps, breakingPoint, autoscaling, headline, judgedBy, passed, wholeRun, verdict, telemetry, interrupted, replay, shards);
  }

  /** @return the summary in {@code file}, checked to be a FirstBell summary of a readable schema */
  public static Summary read(Path file) throws IOException {
    return RunFiles.readSummary(file);
  }

  /** Writes this summary to {@code file}. */
  public void write(Path file) throws IOException {
    RunFiles.write(this, file);
  }
}
