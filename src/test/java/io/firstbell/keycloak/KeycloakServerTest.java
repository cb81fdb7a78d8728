package io.firstbell.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Keycloak harness picks the JDK Keycloak runs on. */
class KeycloakServerTest {

  @TempDir Path dir;

  @Test
  void aJdksMajorVersionIsReadFromItsReleaseFile() throws Exception {
    assertEquals(25, KeycloakServer.javaMajor(jdk("temurin-25", "25.0.1")));
    assertEquals(21, KeycloakServer.javaMajor(jdk("openjdk-21", "21")));
    assertEquals(8, KeycloakServer.javaMajor(jdk("java-8", "1.8.0_452")));
    assertEquals(0, KeycloakServer.javaMajor(Files.createDirectories(dir.resolve("not-a-jdk"))));
  }

  @Test
  void theFirstJdkOfJava21OrNewerIsChosen() throws Exception {
    Path jdk17 = jdk("openjdk-17", "17.0.15");
    Path jdk25 = jdk("temurin-25", "25.0.1");
    Path jdk21 = jdk("openjdk-21", "21.0.8");
    assertEquals(jdk25, KeycloakServer.findJavaHome(List.of(jdk17, jdk25, jdk21)));
  }

  @Test
  void withoutAJdkOf21OrNewerKeycloakIsUnavailableNamingTheJdksSeenAndWhatToInstall() throws Exception {
    Path jdk17 = jdk("openjdk-17", "17.0.15");
    KeycloakServer.Unavailable e = assertThrows(KeycloakServer.Unavailable.class,
        () -> KeycloakServer.findJavaHome(List.of(jdk17, dir.resolve("missing"))));
    assertEquals("Keycloak " + KeycloakServer.VERSION + " needs Java 21 or newer and there is none here (JAVA_HOME, the JDK running the tests,"
        + " /usr/lib/jvm: " + jdk17 + " (Java 17)); install one, e.g. apt-get install openjdk-21-jdk-headless, or a Temurin 21 or 25 under"
        + " /usr/lib/jvm", e.getMessage());
  }

  /** @return a folder that looks like a JDK of {@code version}: a release file and an executable bin/java */
  private Path jdk(String name, String version) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    java.toFile().setExecutable(true);
    return home;
  }
}
