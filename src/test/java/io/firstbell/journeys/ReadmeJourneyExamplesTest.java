package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's journey examples are the code the tests run against the second portal, to the character. */
class ReadmeJourneyExamplesTest {

  private static String readme() throws Exception {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void theReadmesJourneyClassIsTheOneTheSecondPortalsRunsUse() throws Exception {
    String code = Files.readString(Path.of("src", "test", "java", "com", "example", "LakesideJourneys.java"));
    assertTrue(readme().contains("```java\n" + code + "```\n"), "README.md shows src/test/java/com/example/LakesideJourneys.java as it is");
  }

  @Test
  void theReadmesConfiguredJourneyIsTheProfileTheSecondPortalsRunsUse() throws Exception {
    String profile = Files.readString(Path.of("src", "test", "resources", "portal2", "lakeside-config.conf"));
    assertTrue(readme().contains("```hocon\n" + profile + "```\n"), "README.md shows src/test/resources/portal2/lakeside-config.conf as it is");
  }

  @Test
  void theReadmesMissingClassMessageIsTheOneFirstBellGives() throws Exception {
    String message = assertThrows(SettingsException.class, () -> JourneySettings.from(
        FirstBellConfig.withOverrides("firstbell.target.journeys.class = com.example.LakesideJourney"), TargetSettings.Kind.PORTAL)).getMessage();
    assertTrue(readme().contains("```\n" + message + "\n```\n"), message);
  }
}
