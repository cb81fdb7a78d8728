package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run logged at the most verbose level: every exchange in full, and not one cookie value, password, code or token. */
class SecretsInLogsTest {

  @TempDir Path results;

  private static final Pattern COOKIE_VALUE = Pattern.compile("(?i)(?:^\\s*(?:set-)?cookie:.*?|^\\t)(fb_session|fb_csrf|app_session_sample)=(?!\\*\\*\\*\\*)");
  private static final Pattern OTHER_SECRET = Pattern.compile("(?i)(password|code|access_token|id_token|_csrf)=(?!\\*\\*\\*\\*)[^&\\s,]+|eyJ[A-Za-z0-9_-]{10,}");

  @Test
  void everyExchangeAtTraceLevelShowsNoCookieValueNorAnyOtherSecret() throws Exception {
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, Map.of(
            "FIRSTBELL_HTTP_LOG", "TRACE",
            "firstbell.roster.users", "3000", "firstbell.roster.districts", "6",
            "firstbell.load.student-login.logins-per-second", "2", "firstbell.load.student-login.ramp", "0s",
            "firstbell.load.student-login.duration", "3s", "firstbell.warm-up.duration", "0s",
            "firstbell.results.directory", results.toString()),
        results, Duration.ofMinutes(2));

    assertEquals(0, run.exitCode(), run.output());
    List<String> lines = run.output().lines().toList();
    assertTrue(lines.stream().filter(l -> l.contains("HTTP request:")).count() >= 10, "the exchanges were logged:\n" + run.output());
    assertTrue(lines.stream().anyMatch(l -> l.strip().toLowerCase().startsWith("cookie: fb_")), "with their cookies:\n" + run.output());
    for (String line : lines) {
      assertTrue(!COOKIE_VALUE.matcher(line).find(), "a cookie value reached the log: " + line);
      assertTrue(!OTHER_SECRET.matcher(line).find(), "a secret reached the log: " + line);
    }
  }

  @Test
  void failedLoginsLeaveNoSecretInTheLedgerTheFailureSamplesTheSummaryOrTheReport() throws Exception {
    // half the token exchanges fail: the app's callback, whose URL carries the code and the state, answers with an error page
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, Map.ofEntries(
            Map.entry("firstbell.roster.users", "3000"), Map.entry("firstbell.roster.districts", "6"),
            Map.entry("firstbell.stack.capacity.test-failures.endpoint", "oauth.tokens"),
            Map.entry("firstbell.stack.capacity.test-failures.share", "0.5"),
            Map.entry("firstbell.preflight.enabled", "off"), Map.entry("firstbell.warm-up.duration", "0s"),
            Map.entry("firstbell.load.student-login.logins-per-second", "4"), Map.entry("firstbell.load.student-login.ramp", "0s"),
            Map.entry("firstbell.load.student-login.duration", "5s"), Map.entry("firstbell.results.directory", results.toString())),
        results, Duration.ofMinutes(2));

    Path folder = Regeneration.runFolder(run, "StudentLoginSimulation");
    String samples = java.nio.file.Files.readString(folder.resolve("failure-samples.json"));
    assertTrue(samples.contains("\"url\""), "failed responses were sampled:\n" + samples + "\n" + run.output());
    for (String file : List.of("logins.csv", "failure-samples.json", "summary.json", "run.json", "capacity-report.html")) {
      for (String line : java.nio.file.Files.readAllLines(folder.resolve(file))) {
        assertTrue(!COOKIE_VALUE.matcher(line).find(), "a cookie value reached " + file + ": " + line);
        assertTrue(!OTHER_SECRET.matcher(line).find(), "a secret reached " + file + ": " + line);
      }
    }
    for (String line : run.output().lines().toList()) {
      assertTrue(!OTHER_SECRET.matcher(line).find(), "a secret reached the console: " + line);
    }
  }
}
