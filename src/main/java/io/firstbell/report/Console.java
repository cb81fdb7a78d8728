package io.firstbell.report;

import io.firstbell.results.Summary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The short summary a run prints at its end, from its {@link Summary}. */
public final class Console {

  private Console() {}

  /**
   * Prints the logins, the generator, the most frequent failures, the logins cut short, the report's path and the verdict.
   *
   * @param recorded logins the ledger holds in all phases (to tell "nothing judged" from "nothing at all")
   */
  public static void print(Summary s, long recorded, Path report, PrintStream out) {
    Summary.Logins logins = s.logins();
    Summary.Telemetry t = s.telemetry();
    if (logins.attempted() == 0) {
      out.println("FirstBell: no judged logins" + (recorded == 0 ? "" : " (" + recorded + " preflight or warm-up logins, never judged)"));
    } else {
      Summary.Uptime u = s.uptime();
      out.printf(Locale.ROOT, "FirstBell: %,d logins, %.2f%% succeeded, p95 login %d ms, uptime %.1f%% (%d of %d windows down)%s%n",
          logins.attempted(), 100 * logins.successRatio(), s.latency().p95Ms(), u.uptimePercent(), u.downWindows(), u.upWindows() + u.downWindows(),
          t != null && t.failedReadings() > 0
              ? "; " + t.failedReadings() + " of " + (t.failedReadings() + t.readings()) + " telemetry readings failed (last: " + t.lastFailure() + ")"
              : "");
      Summary.Generator g = s.generator();
      out.printf(Locale.ROOT, "FirstBell: generator %s: %.1f ms CPU per login (%.0f%% of the machine), logins started late by p99 %d ms, max %d ms%n",
          g.saturated() ? "SATURATED" : "not saturated", g.cpuMillisPerLogin(), 100 * g.cpuShare(), g.p99StartLagMs(), g.maxStartLagMs());
    }
    int shown = 0;
    for (Summary.Failure f : s.failures()) {
      if (shown++ == 5) {
        out.println("FirstBell:   ... and " + (s.failures().size() - 5) + " more (step, kind) pairs: see the capacity report");
        break;
      }
      Summary.Sample x = f.samples().isEmpty() ? null : f.samples().get(0);
      out.printf(Locale.ROOT, "FirstBell: failed %,d at \"%s\" (%s)%s%n", f.count(), f.step(), f.kind(),
          x == null ? "" : ": " + (x.status() > 0 ? "HTTP " + x.status() + " " : "") + (x.url().isEmpty() ? "" : "at " + x.url() + " ")
              + (x.body().isEmpty() ? "" : "— \"" + abbreviate(x.body(), 160) + "\""));
    }
    if (logins.cutShort() > 0) {
      out.printf(Locale.ROOT, "FirstBell: %,d logins cut short: still running when the run ended, or given up on (not counted as the target's failures)%n",
          logins.cutShort());
    }
    if (s.autoscaling() != null) {
      for (Summary.Surge a : s.autoscaling()) {
        if (a.scaleOutsBeforeSurge() > 0) {
          out.println("FirstBell: WARNING the target scaled out " + a.scaleOutsBeforeSurge() + " time(s) before the surge, at the baseline: its reaction "
              + "is measured from " + a.instancesBefore() + " instances; lower firstbell.load.autoscaling.baseline below the autoscaler's target utilization");
        }
      }
    }
    out.println("FirstBell: capacity report " + report.toAbsolutePath());
    out.println("FirstBell: " + s.verdict());
  }

  /**
   * Prints one line per login of {@code ledger}: its journey, outcome, time and requests, and where it failed.
   *
   * @return the logins that succeeded
   */
  public static long journeys(java.util.List<io.firstbell.ledger.LoginRecord> ledger, PrintStream out) {
    long ok = ledger.stream().filter(io.firstbell.ledger.LoginRecord::succeeded).count();
    out.println("FirstBell smoke: " + ok + " of " + ledger.size() + " logins succeeded");
    for (io.firstbell.ledger.LoginRecord r : ledger) {
      out.printf(Locale.ROOT, "FirstBell smoke:   %-27s %-9s %5d ms %d requests %s%n", r.journey(), r.outcome().wireName(), r.durationMs(),
          r.requests(), r.succeeded() ? "" : "failed at '" + r.failedStep() + "' (" + r.failureKind() + ")");
    }
    return ok;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
