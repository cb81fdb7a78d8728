package io.firstbell.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The image the manifests run (no Docker here: its text only) lays out the class path the Jobs' commands name. */
class DockerfileTest {

  static String dockerfile() throws IOException {
    return Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
  }

  @Test
  void buildsOnATemurin17JdkAndRunsOnATemurin17Jre() throws IOException {
    String text = dockerfile();
    assertTrue(text.contains("FROM eclipse-temurin:17-jdk AS build"), text);
    assertTrue(text.contains("FROM eclipse-temurin:17-jre\n"), text);
    assertTrue(text.contains("./mvnw"), text);
  }

  @Test
  void laysOutTheClassPathTheJobsRunAndStartsGatlingsMain() throws IOException {
    String text = dockerfile();
    assertTrue(text.contains("\"" + ShardManifests.CLASS_PATH + "\", \"io.gatling.app.Gatling\""), text);
    for (String folder : new String[] {"lib", "classes", "test-classes"}) {
      assertTrue(text.contains("/src/target/" + folder + " " + folder + "\n"), folder);
    }
  }
}
