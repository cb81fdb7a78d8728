package io.firstbell.stack;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.oauth.Grants;
import io.firstbell.stack.portal.SessionStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the heap the reference stack's per-login state retains: fills a {@link SessionStore} and
 * a {@link Grants} with N synthetic sessions, authorization codes and access tokens, as the portal
 * and provider store them, and prints the retained bytes per entry after a full GC; then what a
 * 2-hour run at 150 logins/s holds, and the most the default maximums of {@code reference.conf}
 * let the stack hold. Not a test: the numbers depend on the JVM and its flags.
 *
 * <pre>
 *   MAVEN_OPTS=-Xmx1g ./mvnw -o -q test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=io.firstbell.stack.StackMemoryCheck -Dexec.args=200000
 * </pre>
 *
 * The argument is N (200,000 by default). Codes are filled as an OIDC authorization request leaves
 * them (a redirect URI, a scope and a nonce of their own), the heavier of the two kinds of login.
 */
public final class StackMemoryCheck {

  private static final String CLIENT = "firstbell-sample-app";
  private static final String REDIRECT = "http://localhost:40123/oauth/callback";

  private StackMemoryCheck() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    Duration codeTtl = Duration.ofSeconds(60);

    long before = retainedHeap();
    SessionStore sessions = new SessionStore(clock, Duration.ofHours(8), n);
    for (int i = 0; i < n; i++) sessions.create(i);
    double perSession = (retainedHeap() - before) / (double) n;

    before = retainedHeap();
    Grants grants = new Grants(clock, codeTtl, n, Duration.ofHours(1), n);
    List<String> codes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      codes.add(grants.issueCode(i, CLIENT, new String(REDIRECT), new String("openid profile"), "nonce-" + i).value());
    }
    long afterCodes = retainedHeap();
    double perCode = (afterCodes - before - listBytes(n)) / (double) n;

    for (String code : codes) grants.issueToken(grants.redeem(code, CLIENT).code());
    codes = null;
    long afterTokens = retainedHeap();
    clock.advance(codeTtl);
    grants.stats(); // drops the spent codes, now past their lifetime
    long tokensOnly = retainedHeap();
    double perToken = (tokensOnly - before) / (double) n;
    double perSpent = (afterTokens - tokensOnly) / (double) n;

    System.out.printf("%,d entries each, %s, max heap %,d MB%n", n, System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("session       %6.0f bytes%n", perSession);
    System.out.printf("live code     %6.0f bytes%n", perCode);
    System.out.printf("spent code    %6.0f bytes%n", perSpent);
    System.out.printf("access token  %6.0f bytes%n", perToken);
    StackSettings defaults = StackSettings.from(FirstBellConfig.withOverrides(""));
    int rate = 150;
    long logins = 2 * 3600L * rate;
    double run = Math.min(logins, defaults.maxSessions()) * perSession
        + Math.min(defaults.accessTokenTtl().toSeconds() * rate, defaults.maxAccessTokens()) * perToken
        + Math.min(defaults.codeTtl().toSeconds() * rate, defaults.maxCodes()) * (perCode + perSpent);
    double ceiling = defaults.maxSessions() * perSession + defaults.maxAccessTokens() * perToken
        + defaults.maxCodes() * (perCode + perSpent);
    System.out.printf("with the defaults (%,d sessions, %,d access tokens, %,d codes): a 2 h run at %d logins/s (%,d logins)"
        + " holds %,.0f MiB; the most they hold: %,.0f MiB%n", defaults.maxSessions(), defaults.maxAccessTokens(),
        defaults.maxCodes(), rate, logins, run / (1 << 20), ceiling / (1 << 20));
    if (sessions.stats().size() != n || grants.stats().get(2).size() != n) throw new IllegalStateException("stores lost entries");
  }

  /** @return the heap in use after full collections, once it stops shrinking */
  private static long retainedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used) return now;
      used = now;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return used;
      }
    }
    return used;
  }

  /** @return roughly what the list of N code values costs itself, outside the stores (the values are theirs) */
  private static long listBytes(int n) {
    return 16L + 16 + 4L * n;
  }
}
