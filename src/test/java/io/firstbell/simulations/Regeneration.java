package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.report.ReportMain;
import io.firstbell.results.RunFiles;
import io.firstbell.results.Summary;
import io.firstbell.results.SummarySchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** What every forked run's folder must give: a summary that matches the schema, and that {@code regenerate} rebuilds exactly. */
final class Regeneration {

  private Regeneration() {}

  /**
   * Checks the run folder's summary against the schema, rebuilds it with {@code regenerate} under the configuration the run
   * had ({@code properties}, its overrides), and checks that every section came out the same.
   *
   * @return the run's summary
   */
  static Summary assertReproduced(Path folder, Map<String, String> properties) throws IOException {
    Path file = folder.resolve(RunFiles.SUMMARY);
    SummarySchema.assertValid(file);
    Summary ran = Summary.read(file);
    String hocon = properties.entrySet().stream().map(e -> e.getKey() + " = \"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining("\n"));
    ReportMain.regenerate(folder, FirstBellConfig.withOverrides(hocon));
    Summary rebuilt = Summary.read(file);
    assertEquals(ran, rebuilt, "regenerate must rebuild every section of " + file);
    SummarySchema.assertValid(file);
    return ran;
  }

  /** @return the FirstBell run folder (not Gatling's) a forked run wrote under its results folder, by its simulation's name */
  static Path runFolder(GatlingFork.Result run, String simulation) throws IOException {
    String prefix = simulation.toLowerCase(java.util.Locale.ROOT) + "-";
    return run.runFolders().stream().filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().matches(".*-\\d{8}-\\d{6}.*"))
        .findFirst().orElseThrow(() -> new AssertionError("no FirstBell run folder of " + simulation + ":\n" + run.output()));
  }
}
