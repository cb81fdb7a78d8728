package io.firstbell.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import io.firstbell.replay.AccessLogLine;
import io.firstbell.stack.roster.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code firstbell.stack.access-log}: every request of every server, in nginx combined format, as replay reads it; off by default. */
class AccessLogTest {

  @RegisterExtension
  final ReferenceStackExtension stacks = ReferenceStackExtension.startedByEachTest();

  @TempDir
  Path dir;

  @Test
  void aLoginIsLoggedLineByLineInNginxCombinedFormat() throws Exception {
    Path log = dir.resolve("logs/access.log");
    long before = System.currentTimeMillis() / 1000 * 1000;
    ReferenceStack stack = stacks.start("firstbell.stack.access-log = " + ConfigUtil.quoteString(log.toString()));
    assertEquals(log, stack.accessLog());
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser(null);
    TestStacks.loggedIn(browser, stack, student);
    stack.close();
    long after = System.currentTimeMillis();

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(2, lines.size(), String.join("\n", lines));
    AccessLogLine parsed = new AccessLogLine();
    assertTrue(parsed.parseNginx(lines.get(0)), lines.get(0));
    assertEquals("GET", parsed.method);
    assertEquals("/in/" + student.districtSlug(), parsed.path);
    assertEquals(200, parsed.status);
    assertTrue(parsed.parseNginx(lines.get(1)), lines.get(1));
    assertEquals("POST", parsed.method);
    assertEquals("/in/" + student.districtSlug(), parsed.path);
    assertEquals(302, parsed.status);
    assertTrue(parsed.epochMillis >= before && parsed.epochMillis <= after, parsed.epochMillis + " within " + before + ".." + after);
    assertTrue(lines.get(1).startsWith("127.0.0.1 - - ["), lines.get(1));
  }

  @Test
  void noAccessLogIsWrittenByDefault() {
    assertNull(stacks.start("").accessLog());
  }
}
