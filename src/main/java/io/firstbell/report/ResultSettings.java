package io.firstbell.report;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;

/**
 * How a run's results are judged ({@code firstbell.uptime}, {@code firstbell.generator}); immutable, read when a
 * run is set up so that a bad value stops it before any load rather than after.
 *
 * @param uptimeWindowMs uptime windows
 * @param downThreshold a window is down when more than this share of its logins failed
 * @param maxStartLagMs logins starting this late (p99) mean the generator was saturated ...
 * @param maxCpuShare ... as does the process using this share of all cores
 */
public record ResultSettings(long uptimeWindowMs, double downThreshold, long maxStartLagMs, double maxCpuShare) {

  public static ResultSettings from(Config config) {
    Checks uptime = new Checks(config, "firstbell.uptime");
    Checks generator = new Checks(config, "firstbell.generator");
    return new ResultSettings(uptime.positiveDuration("window").toMillis(), uptime.fraction("down-threshold"),
        generator.positiveDuration("max-start-lag").toMillis(), generator.fraction("max-cpu-share"));
  }
}
