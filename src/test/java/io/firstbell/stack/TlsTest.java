package io.firstbell.stack;

import static io.firstbell.stack.TestStacks.assertRedirect;
import static io.firstbell.stack.TestStacks.assertWelcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.stack.roster.User;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLHandshakeException;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code firstbell.stack.tls = on}: https with a self-signed loopback certificate, and Secure cookies. */
class TlsTest {

  @RegisterExtension
  static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().with("firstbell.stack.tls = on");

  @Test
  void studentLogsIntoTheAppOverHttpsWithSecureCookies(ReferenceStack stack) {
    assertEquals("https", URI.create(stack.portalUrl("/")).getScheme());
    assertEquals("https", URI.create(stack.appUrl("/")).getScheme());
    User student = TestStacks.passwordStudent(stack, 0);
    Browser browser = new Browser(stack.trustingSslContext());

    HttpResponse<String> page = browser.get(stack.portalUrl("/in/" + student.districtSlug()));
    assertTrue(TestStacks.cookieAttributes(Browser.setCookie(page, "fb_csrf").orElseThrow()).contains("Secure"));
    Element form = TestStacks.loginForm(page);
    HttpResponse<String> login = TestStacks.submitLogin(browser, form, student.username(), TestStacks.password(student));
    assertRedirect(login, "/home");
    String session = Browser.setCookie(login, "fb_session").orElseThrow(() -> new AssertionError("no fb_session cookie"));
    assertTrue(TestStacks.cookieAttributes(session).contains("Secure"), session);
    assertTrue(TestStacks.cookieAttributes(session).contains("HttpOnly"), session);
    assertTrue(TestStacks.cookieAttributes(session).contains("SameSite=Lax"), session);

    HttpResponse<String> home = browser.follow(login);
    assertEquals(200, home.statusCode());
    Element tile = Browser.parse(home).selectFirst("a.app-tile[data-client-id=firstbell-sample-app]");
    assertNotNull(tile);
    HttpResponse<String> instant = browser.get(tile.absUrl("href"));
    assertEquals(302, instant.statusCode(), instant::body);
    assertTrue(Browser.location(instant).toString().startsWith(stack.appUrl("/oauth/callback?code=")), Browser.location(instant).toString());

    HttpResponse<String> welcome = browser.follow(instant);
    assertWelcomes(welcome, student);
    assertEquals("student", Browser.parse(welcome).selectFirst("#user-type").text());
  }

  @Test
  void appInitiatedLoginWorksOverHttps(ReferenceStack stack) {
    User student = TestStacks.passwordStudent(stack, 1);
    Browser browser = new Browser(stack.trustingSslContext());
    TestStacks.loggedIn(browser, stack, student);

    HttpResponse<String> start = browser.get(stack.appUrl("/login"));
    assertTrue(TestStacks.cookieAttributes(Browser.setCookie(start, "app_state_sample").orElseThrow()).contains("Secure"));
    HttpResponse<String> welcome = browser.follow(browser.follow(start));

    assertWelcomes(welcome, student);
  }

  @Test
  void discoveryNamesAnHttpsIssuer(ReferenceStack stack) {
    HttpResponse<String> r = new Browser(stack.trustingSslContext()).get(stack.portalUrl("/.well-known/openid-configuration"));
    assertEquals(200, r.statusCode());
    assertEquals(stack.portalUrl(""), TestStacks.json(r).path("issuer").asText());
    assertTrue(stack.portalUrl("").startsWith("https://127.0.0.1:"));
  }

  @Test
  void clientsThatDoNotTrustTheStackCertificateCannotConnect(ReferenceStack stack) {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Browser().get(stack.portalUrl("/login")));
    assertTrue(e.getCause() instanceof SSLHandshakeException, e.getCause().toString());
  }

}
