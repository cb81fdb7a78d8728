package io.firstbell.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderWritableTest {

  @TempDir Path dir;

  @Test
  void aResultsDirectoryThatIsAFileIsRefusedNamingTheKeyAndTheFix() throws Exception {
    Path file = Files.writeString(dir.resolve("results"), "not a directory");

    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.checkWritable(file, "firstbell.results.directory"));

    assertTrue(e.getMessage().startsWith("firstbell.results.directory is '" + file + "', where no run folder can be written ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("make it writable or point firstbell.results.directory elsewhere. No load was sent"), e.getMessage());
  }

  @Test
  void aResultsDirectoryThatDoesNotExistYetIsCreatedAndLeftEmpty() throws Exception {
    Path results = dir.resolve("a").resolve("b");

    assertDoesNotThrow(() -> RunFolder.checkWritable(results, "firstbell.results.directory"));

    try (var files = Files.list(results)) {
      assertTrue(files.findAny().isEmpty());
    }
  }
}
