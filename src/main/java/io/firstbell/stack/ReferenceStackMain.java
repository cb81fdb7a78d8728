package io.firstbell.stack;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.stack.roster.District;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the reference stack on its own until interrupted:
 * {@code ./mvnw -q compile exec:java -Dfirstbell.stack.portal.port=8080 -Dfirstbell.stack.app.port=8081}.
 * Writes the roster's credentials CSV to {@code -Dcredentials=path} (default {@code target/credentials.csv}).
 */
public final class ReferenceStackMain {

  private ReferenceStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    ReferenceStack stack;
    try {
      stack = ReferenceStack.start(FirstBellConfig.load());
    } catch (SettingsException e) {
      System.err.println("FirstBell: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path credentials = Path.of(System.getProperty("credentials", "target/credentials.csv"));
    int users = stack.exportCredentials(credentials);
    List<District> districts = stack.roster().districts();
    System.out.println("FirstBell reference stack is up in " + stack.startupMillis() + " ms");
    System.out.println("  roster:      " + stack.rosterSummary().describe());
    System.out.println("  portal:      " + stack.portalUrl("/in/" + districts.get(0).slug()) + "  (largest district)");
    System.out.println("  oidc:        " + stack.portalUrl("/.well-known/openid-configuration"));
    System.out.println("  sample app:  " + stack.appUrl("/"));
    System.out.println("  credentials: " + credentials.toAbsolutePath() + " (" + users + " users)");
    System.out.println("Press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "firstbell-stack-shutdown"));
    stopped.await();
  }
}
