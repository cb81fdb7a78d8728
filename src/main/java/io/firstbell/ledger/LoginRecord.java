package io.firstbell.ledger;

/**
 * One login attempt: one virtual user's journey, from its scheduled start to its end.
 *
 * @param scheduledStartMs when the load shape meant the login to start (epoch ms); durations count from here
 * @param startMs when the generator actually started it
 * @param endMs when it ended (succeeded, failed or was cut short)
 * @param journey the journey's name, e.g. {@code student-portal}
 * @param persona {@code student} or {@code teacher}
 * @param method {@code password}, {@code badge}, {@code app-initiated}, {@code oidc}
 * @param failedStep the step that failed, empty when it succeeded
 * @param failureKind {@code http-<status>}, {@code no-response}, {@code check}, {@code cut-short}, {@code blocked-host} (the next
 *     request would have gone to a host that is not allowed, and was not sent), the OIDC journey's own
 *     ({@code form-method-<method>}, {@code oidc-state-missing}, {@code oidc-state-mismatch}, {@code oidc-redirect-uri-not-reached});
 *     empty when it succeeded
 * @param requests requests the journey issued (a step's followed redirects count with it)
 * @param mistyped whether the user mistyped the password once first
 * @param thinkMs pauses between steps; the SLO judges the login time without them
 * @param phase {@code load} (judged), {@code warm-up} (before the judged load, never judged) or {@code preflight}
 *     (one login of each journey before any load)
 */
public record LoginRecord(
    long scheduledStartMs,
    long startMs,
    long endMs,
    String journey,
    String persona,
    String method,
    String district,
    Outcome outcome,
    String failedStep,
    String failureKind,
    int requests,
    boolean mistyped,
    long thinkMs,
    String phase) {

  /** The phase of logins that are judged. */
  public static final String LOAD = "load";
  /** The phase of the logins that warm the target and the generator up before the judged load. */
  public static final String WARM_UP = "warm-up";
  /** The phase of the one login of each journey that runs before any load. */
  public static final String PREFLIGHT = "preflight";

  /** A judged record ({@code load} phase). */
  public LoginRecord(long scheduledStartMs, long startMs, long endMs, String journey, String persona, String method, String district,
      Outcome outcome, String failedStep, String failureKind, int requests, boolean mistyped, long thinkMs) {
    this(scheduledStartMs, startMs, endMs, journey, persona, method, district, outcome, failedStep, failureKind, requests, mistyped, thinkMs, LOAD);
  }

  /** A record without think time. */
  public LoginRecord(long scheduledStartMs, long startMs, long endMs, String journey, String persona, String method, String district,
      Outcome outcome, String failedStep, String failureKind, int requests, boolean mistyped) {
    this(scheduledStartMs, startMs, endMs, journey, persona, method, district, outcome, failedStep, failureKind, requests, mistyped, 0);
  }

  /** How a login ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Still running when the run ended or was stopped. */
    CUT_SHORT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The CSV header of {@code logins.csv} ({@link LedgerCsv}): its columns, in order. */
  public static final String CSV_HEADER =
      "scheduled_start_ms,start_ms,end_ms,duration_ms,journey,persona,method,district,outcome,failed_step,failure_kind,requests,mistyped,think_ms,phase";

  /** @return whether this login is judged (SLO, uptime, latency): neither warm-up nor preflight */
  public boolean judged() {
    return LOAD.equals(phase);
  }

  /** @return milliseconds from the scheduled start to the end: what the user waited, queueing included */
  public long durationMs() {
    return endMs - scheduledStartMs;
  }

  /** @return the login time the SLO judges: from the scheduled start to the end, without think time */
  public long loginMs() {
    return durationMs() - thinkMs;
  }

  /** @return whether the login completed into the app */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }
}
