package io.firstbell.simulations;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Gatling simulation in a forked JVM (Gatling's main calls {@code System.exit}), on the
 * test class path, and keeps its console output and results folder for assertions.
 */
public final class GatlingFork {

  /** The outcome of a forked run. */
  public record Result(int exitCode, String output, Path resultsFolder) {

    /** @return the run folders Gatling wrote (one per run) */
    public List<Path> runFolders() throws IOException {
      try (var s = Files.list(resultsFolder)) {
        return s.filter(Files::isDirectory).toList();
      }
    }
  }

  private GatlingFork() {}

  /**
   * @param simulation the simulation class
   * @param properties system properties for the forked JVM (FirstBell configuration overrides)
   * @param resultsFolder where Gatling writes its run folder
   * @param limit the longest the run may take before it is killed
   * @return the finished run
   */
  public static Result run(Class<?> simulation, Map<String, String> properties, Path resultsFolder, Duration limit)
      throws IOException, InterruptedException {
    return start(simulation, properties, resultsFolder).finish(limit);
  }

  /** A forked run still going: its console so far, a signal to send it, and its end. */
  static final class Running {
    private final String simulation;
    private final Process process;
    private final Path log;
    private final Path resultsFolder;

    private Running(String simulation, Process process, Path log, Path resultsFolder) {
      this.simulation = simulation;
      this.process = process;
      this.log = log;
      this.resultsFolder = resultsFolder;
    }

    /** Waits until the console holds {@code text}; fails when the run ends first or {@code limit} passes. */
    void awaitOutput(String text, Duration limit) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(simulation + " never printed '" + text + "':\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Thread.sleep(100);
      }
    }

    /** Sends SIGTERM, as a CI job's timeout or {@code kill} does. */
    void terminate() {
      process.destroy();
    }

    /** @return the run, once it ended; killed and failed when it takes longer than {@code limit} */
    Result finish(Duration limit) throws IOException, InterruptedException {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(simulation + " did not finish within " + limit + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(process.exitValue(), output, resultsFolder);
    }
  }

  /** Starts {@code simulation} in a forked JVM; see {@link #run}. */
  static Running start(Class<?> simulation, Map<String, String> properties, Path resultsFolder) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED"); // as gatling-maven-plugin does: Gatling reads String internals
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(classPath);
    command.add("io.gatling.app.Gatling");
    command.add("--simulation");
    command.add(simulation.getName());
    command.add("--results-folder");
    command.add(resultsFolder.toAbsolutePath().toString());
    command.add("--launcher");
    command.add("firstbell-tests");
    Files.createDirectories(resultsFolder);
    Path log = Files.createTempFile("gatling-fork", ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
    return new Running(simulation.getSimpleName(), process, log, resultsFolder);
  }
}
