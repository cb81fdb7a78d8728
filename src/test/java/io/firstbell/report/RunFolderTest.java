package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results/&lt;simulation&gt;-&lt;timestamp&gt;/ run folders, results/latest and the link to Gatling's own report. */
class RunFolderTest {

  private static final LocalDateTime NOW = LocalDateTime.of(2024, 9, 3, 7, 5, 9);

  @TempDir
  Path root;

  private Path results() {
    return root.resolve("results");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createNamesTheFolderAfterTheLowerCasedSimulationAndTheTime() throws IOException {
    Path folder = RunFolder.create(results(), "StudentLoginSimulation", NOW);
    assertEquals(results().resolve("studentloginsimulation-20240903-070509"), folder);
    assertTrue(Files.isDirectory(folder));
    assertEquals(List.of(), names(folder));
  }

  @Test
  void createMakesTheResultsDirectoryWhenMissing() throws IOException {
    Path deep = root.resolve("a/b/results");
    assertEquals(deep.resolve("smokesimulation-20240903-070509"), RunFolder.create(deep, "SmokeSimulation", NOW));
    assertTrue(Files.isDirectory(deep));
  }

  @Test
  void createNeverReusesAFolder() throws IOException {
    Path first = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.writeString(first.resolve("logins.csv"), "kept\n");
    Path second = RunFolder.create(results(), "SmokeSimulation", NOW);
    Path third = RunFolder.create(results(), "SmokeSimulation", NOW);
    assertEquals(results().resolve("smokesimulation-20240903-070509-2"), second);
    assertEquals(results().resolve("smokesimulation-20240903-070509-3"), third);
    assertEquals("kept\n", Files.readString(first.resolve("logins.csv")));
    assertEquals(List.of(), names(second));
    assertEquals(List.of("smokesimulation-20240903-070509", "smokesimulation-20240903-070509-2", "smokesimulation-20240903-070509-3"),
        names(results()));
  }

  @Test
  void aSecondLaterIsANewFolderWithoutSuffix() throws IOException {
    RunFolder.create(results(), "SmokeSimulation", NOW);
    assertEquals(results().resolve("smokesimulation-20240903-070510"), RunFolder.create(results(), "SmokeSimulation", NOW.plusSeconds(1)));
  }

  @Test
  void linkLatestPointsAtTheFolderRelatively() throws IOException {
    Path folder = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.writeString(folder.resolve("summary.json"), "{}\n");
    RunFolder.linkLatest(results(), folder);
    Path latest = results().resolve("latest");
    assertTrue(Files.isSymbolicLink(latest));
    assertEquals(Path.of("smokesimulation-20240903-070509"), Files.readSymbolicLink(latest));
    assertTrue(Files.isSameFile(folder, latest));
    assertEquals("{}\n", Files.readString(latest.resolve("summary.json")));
  }

  @Test
  void linkLatestReplacesThePreviousLinkAndLeavesNoTemporaryLink() throws IOException {
    Path first = RunFolder.create(results(), "SmokeSimulation", NOW);
    Path second = RunFolder.create(results(), "TeacherLoginSimulation", NOW.plusMinutes(1));
    RunFolder.linkLatest(results(), first);
    RunFolder.linkLatest(results(), second);
    assertEquals(Path.of("teacherloginsimulation-20240903-070609"), Files.readSymbolicLink(results().resolve("latest")));
    assertTrue(Files.isSameFile(second, results().resolve("latest")));
    assertEquals(List.of("latest", "smokesimulation-20240903-070509", "teacherloginsimulation-20240903-070609"), names(results()));
    assertEquals(List.of(), names(first), "the old run is untouched");
  }

  @Test
  void linkGatlingReportLinksTheNewestGatlingFolderOfTheSimulation() throws IOException {
    Path folder = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.createDirectories(results().resolve("smokesimulation-20240903070455123"));
    Files.createDirectories(results().resolve("smokesimulation-20240903070512001"));
    Files.createDirectories(results().resolve("smokesimulation-20240903070500999"));
    Files.writeString(results().resolve("smokesimulation-20240903070512001/index.html"), "gatling\n");
    assertTrue(RunFolder.linkGatlingReport(results(), folder, "SmokeSimulation"));
    Path link = folder.resolve("gatling");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(Path.of("..", "smokesimulation-20240903070512001"), Files.readSymbolicLink(link));
    assertEquals("gatling\n", Files.readString(link.resolve("index.html")));
  }

  @Test
  void linkGatlingReportIgnoresOtherNames() throws IOException {
    Path folder = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.createDirectories(results().resolve("smokesimulation-20240903070500000")); // the only real one
    Files.createDirectories(results().resolve("smokesimulation-20991231235959999x")); // not only digits
    Files.createDirectories(results().resolve("smokesimulation-2099123123595999")); // 16 digits
    Files.createDirectories(results().resolve("smokesimulation-209912312359599999")); // 18 digits
    Files.createDirectories(results().resolve("studentloginsimulation-20991231235959999")); // another simulation
    Files.createDirectories(results().resolve("smokesimulation-20991231-235959")); // a FirstBell run folder
    Files.writeString(results().resolve("smokesimulation-20991231235959998"), "a file, not a folder\n");
    assertTrue(RunFolder.linkGatlingReport(results(), folder, "SmokeSimulation"));
    assertEquals(Path.of("..", "smokesimulation-20240903070500000"), Files.readSymbolicLink(folder.resolve("gatling")));
  }

  @Test
  void linkGatlingReportMatchesTheSimulationCaseInsensitively() throws IOException {
    Path folder = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.createDirectories(results().resolve("smokesimulation-20240903070500000"));
    assertTrue(RunFolder.linkGatlingReport(results(), folder, "SMOKESIMULATION"));
  }

  @Test
  void linkGatlingReportIsFalseAndLinksNothingWithoutAGatlingFolder() throws IOException {
    Path folder = RunFolder.create(results(), "SmokeSimulation", NOW);
    Files.createDirectories(results().resolve("teacherloginsimulation-20240903070500000"));
    assertFalse(RunFolder.linkGatlingReport(results(), folder, "SmokeSimulation"));
    assertFalse(Files.exists(folder.resolve("gatling"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of(), names(folder));
  }
}
