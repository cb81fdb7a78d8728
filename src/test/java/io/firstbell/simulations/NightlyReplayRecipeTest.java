package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.results.RunFiles;
import io.firstbell.results.Summary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly recipe, {@code simulations/nightly-replay.sh}, end to end against the embedded stack with a short recording:
 * the first night passes and becomes the baseline; the second, made worse by the {@code march-2018} preset, is flagged as a
 * regression (exit 1) and the baseline is kept.
 */
class NightlyReplayRecipeTest {

  @TempDir
  Path dir;

  private record Night(int exit, String output) {}

  private Night night(Path recording, Path baseline, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "simulations/nightly-replay.sh", "-Dfirstbell.load.replay.format=counts",
        "-Dfirstbell.warm-up.duration=0s"));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true);
    pb.environment().putAll(Map.of("RECORDING", recording.toString(), "MULTIPLIER", "1.2", "BASELINE", baseline.toString(),
        "RESULTS", dir.resolve("results").toString()));
    Path log = dir.resolve("night.log");
    Process p = pb.redirectOutput(log.toFile()).start();
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the nightly recipe did not finish within 6 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output.lines().filter(l -> l.startsWith("nightly replay:") || l.startsWith("FirstBell: SLO") || l.contains("regression")
        || l.contains("p95") && l.contains("%")).reduce("", (a, b) -> a + b + "\n"));
    return new Night(p.exitValue(), output);
  }

  @Test
  void aPassingNightBecomesTheBaselineAndAWorseOneIsFlaggedKeepingIt() throws Exception {
    // a short recording: 20 seconds of 5 logins each, as a Prometheus-style counts series per second
    StringBuilder counts = new StringBuilder("time,logins\n");
    Instant start = Instant.parse("2026-09-08T11:00:00Z");
    for (int s = 0; s < 20; s++) counts.append(start.plusSeconds(s)).append(",5\n");
    Path recording = Files.writeString(dir.resolve("peak.csv"), counts.toString());
    Path baseline = dir.resolve("baselines/replay-summary.json");

    Night first = night(recording, baseline);
    assertEquals(0, first.exit(), first.output());
    assertTrue(first.output().contains("nightly replay: no baseline at " + baseline + " yet"), first.output());
    assertTrue(Files.isRegularFile(baseline), "the passing night is the new baseline:\n" + first.output());
    Summary kept = RunFiles.readSummary(baseline);
    assertEquals(1.2, kept.replay().multiplier());
    assertEquals(100.0, kept.replay().recorded());
    assertEquals(120, kept.replay().offered());
    assertTrue(kept.passed());
    byte[] baselineBytes = Files.readAllBytes(baseline);

    Night worse = night(recording, baseline, "-Dfirstbell.stack.preset=march-2018");
    assertEquals(1, worse.exit(), worse.output());
    assertTrue(worse.output().contains("nightly replay: REGRESSION against " + baseline), worse.output());
    assertTrue(worse.output().contains("regression"), "the comparison names what regressed:\n" + worse.output());
    assertArrayEquals(baselineBytes, Files.readAllBytes(baseline), "the baseline is kept");
    assertFalse(worse.output().contains("is the new baseline"), worse.output());
  }
}
