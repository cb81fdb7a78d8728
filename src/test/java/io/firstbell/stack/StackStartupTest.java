package io.firstbell.stack;

import static io.firstbell.stack.TestStacks.assertRedirect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.SettingsException;
import io.firstbell.stack.roster.RosterSummary;
import io.firstbell.stack.roster.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the stack: hosts and ports, the roster it builds, the credentials it exports, taken ports. */
class StackStartupTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster();

  @Test
  void portalAndAppListenOnLoopbackUnderDifferentHostNames(ReferenceStack stack) {
    URI portal = URI.create(stack.portalUrl("/"));
    URI app = URI.create(stack.appUrl("/"));
    assertEquals("http", portal.getScheme());
    assertEquals("127.0.0.1", portal.getHost());
    assertEquals("localhost", app.getHost());
    assertTrue(portal.getPort() > 0, "port 0 means any free port, and the URL names the real one");
    assertTrue(app.getPort() > 0);
    assertNotEquals(portal.getPort(), app.getPort());
    assertEquals(stack.portalUrl("") + "/in/x", stack.portalUrl("/in/x"));
    assertNull(stack.trustingSslContext(), "no TLS context when tls is off");
  }

  @Test
  void rosterHasTheConfiguredShape(ReferenceStack stack) {
    RosterSummary summary = stack.rosterSummary();
    assertEquals(6, summary.districts());
    assertEquals(3000, summary.students() + summary.teachers());
    assertEquals(9, summary.apps(), "the sample app and 8 catalogue apps");
    // every district shares the sample app; the one large district holds 300 rules, the other five 12 each
    assertEquals(6 + 300 + 5 * 12, summary.sharingRules());
    assertEquals(6, stack.roster().districts().size());
    assertEquals(301, stack.roster().sharingRuleCount(stack.roster().districts().get(0).id()));
    assertTrue(summary.largestDistrictUsers() > summary.smallestDistrictUsers());
    assertEquals(9, stack.clients().all().size(), "every app is a registered OAuth client");
    assertEquals(TestStacks.SAMPLE_CLIENT_ID, stack.clients().all().iterator().next().clientId());
  }

  @Test
  void exportedCredentialsLogInOverHttp(@TempDir Path dir, ReferenceStack stack) throws IOException {
    Path csv = dir.resolve("nested/credentials.csv");
    assertEquals(3000, stack.exportCredentials(csv));
    List<String> lines = Files.readAllLines(csv);
    assertEquals("username,password,user_type,district,login_method", lines.get(0));
    assertEquals(3001, lines.size());

    String[] passwordRow = lines.stream().skip(1).map(l -> l.split(",", -1))
        .filter(f -> f[4].equals("password") && f[2].equals("student")).findFirst().orElseThrow();
    User user = stack.roster().userByUsername(passwordRow[0]).orElseThrow();
    Browser browser = new Browser();
    var form = TestStacks.loginForm(browser.get(stack.portalUrl("/in/" + passwordRow[3])));
    HttpResponse<String> login = TestStacks.submitLogin(browser, form, passwordRow[0], passwordRow[1]);
    assertRedirect(login, "/home");
    assertEquals(user.username(), Browser.parse(browser.follow(login)).selectFirst("#username").text());

    String[] badgeRow = lines.stream().skip(1).map(l -> l.split(",", -1))
        .filter(f -> f[4].equals("badge")).findFirst().orElseThrow();
    Browser kid = new Browser();
    HttpResponse<String> page = kid.get(stack.portalUrl("/badges?district=" + badgeRow[3]));
    Map<String, String> fields = Browser.fields(Browser.parse(page).selectFirst("form#badge-form"));
    fields.put("badge", badgeRow[1]);
    HttpResponse<String> badgeLogin = kid.postForm(stack.portalUrl("/badges"), fields);
    assertEquals(302, badgeLogin.statusCode(), badgeLogin::body);
    assertEquals(badgeRow[0], Browser.parse(kid.follow(badgeLogin)).selectFirst("#username").text());
  }

  @Test
  void takenPortalPortIsASettingsExceptionNamingTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      SettingsException e = assertThrows(SettingsException.class,
          () -> TestStacks.start("firstbell.stack.portal.port = " + port).close());

      assertEquals("The portal cannot listen on 127.0.0.1:" + port + " because the port is already in use; set "
          + "firstbell.stack.portal.port to a free port, or to 0 for any free port", e.getMessage());
    }
  }

  @Test
  void takenAppPortIsASettingsExceptionNamingTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      int port = taken.getLocalPort();

      SettingsException e = assertThrows(SettingsException.class,
          () -> TestStacks.start("firstbell.stack.app.port = " + port).close());

      assertEquals("The sample app cannot listen on localhost:" + port + " because the port is already in use; set "
          + "firstbell.stack.app.port to a free port, or to 0 for any free port", e.getMessage());
    }
  }

  @Test
  void failedStartClosesTheServerItHadAlreadyStarted() throws IOException {
    int appPort = freePort("localhost");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      assertThrows(SettingsException.class, () -> TestStacks.start(
          "firstbell.stack.app.port = " + appPort + "\nfirstbell.stack.portal.port = " + taken.getLocalPort()).close());
    }
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getByName("localhost"), appPort));
      assertEquals(appPort, again.getLocalPort(), "the app server that started before the portal failed was closed");
    }
  }

  @Test
  void closingTheStackFreesBothPorts() throws IOException {
    ReferenceStack own = TestStacks.start("");
    int portalPort = URI.create(own.portalUrl("/")).getPort();
    int appPort = URI.create(own.appUrl("/")).getPort();
    assertEquals(200, new Browser().get(own.portalUrl("/.well-known/jwks.json")).statusCode());

    own.close();

    try (ServerSocket portal = new ServerSocket(); ServerSocket app = new ServerSocket()) {
      portal.setReuseAddress(true);
      app.setReuseAddress(true);
      portal.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), portalPort));
      app.bind(new InetSocketAddress(InetAddress.getByName("localhost"), appPort));
    }
  }

  @Test
  void invalidSettingsFailBeforeAnythingStarts() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ReferenceStack.start(TestStacks.config("firstbell.stack.http-threads = 2")).close());
    assertEquals("firstbell.stack.http-threads is 2 but must be at least 8", e.getMessage());
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return s.getLocalPort();
    }
  }
}
