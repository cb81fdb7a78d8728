package io.firstbell.target;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.SettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check before any load of an https target's certificate: one handshake with the run's trust, host name verified, and no
 * HTTP request sent; a refused certificate is one error naming the URL, the reason and the fix.
 */
class TlsProbeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String KEY = "firstbell.target.portal.portal-url";

  @TempDir
  static Path dir;

  private static SelfSignedCertificate rightHost;
  private static SelfSignedCertificate wrongHost;
  private static HttpsTestServer server;
  private static HttpsTestServer misnamed;

  @BeforeAll
  static void start() throws Exception {
    rightHost = SelfSignedCertificate.create(dir, "staging", "ip:127.0.0.1,dns:localhost");
    wrongHost = SelfSignedCertificate.create(dir, "elsewhere", "dns:portal.elsewhere.example");
    server = new HttpsTestServer(rightHost);
    misnamed = new HttpsTestServer(wrongHost);
  }

  @AfterAll
  static void stop() {
    server.close();
    misnamed.close();
  }

  private static TlsSettings bundle(SelfSignedCertificate... certs) {
    return new TlsSettings(true, dir.resolve("bundle.pem"),
        java.util.Arrays.stream(certs).flatMap(c -> TlsSettings.certificates(c.pem(), "ca-bundle").stream()).toList(), false);
  }

  @Test
  void aSelfSignedCertificateIsNotTrustedByDefault() {
    String message = assertThrows(SettingsException.class, () -> TargetProbe.reachable(server.url(), KEY, TIMEOUT, TlsSettings.JDK)).getMessage();
    assertTrue(message.startsWith("the TLS certificate of " + server.url() + " (" + KEY + ") is not trusted: "), message);
    assertTrue(message.startsWith("the TLS certificate of " + server.url() + " (" + KEY + ") is not trusted: unable to find valid certification path to requested target. "), message);
    assertTrue(message.endsWith("Name the CA that signed it (or the self-signed certificate itself) in firstbell.target.tls.ca-bundle, a PEM file;"
        + " check that the certificate names the host 127.0.0.1; or, knowingly, set firstbell.target.tls.trust-all = on. No load was sent"), message);
    assertEquals(0, server.requests());
  }

  @Test
  void aCertificateInTheBundleIsTrusted() {
    assertDoesNotThrow(() -> TargetProbe.reachable(server.url(), KEY, TIMEOUT, bundle(wrongHost, rightHost)));
    assertDoesNotThrow(() -> TargetProbe.reachable(server.url(), KEY, TIMEOUT,
        new TlsSettings(false, dir, TlsSettings.certificates(rightHost.pem(), "ca-bundle"), false)));
    assertEquals(0, server.requests());
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefused() {
    String message = assertThrows(SettingsException.class,
        () -> TargetProbe.reachable(misnamed.url(), KEY, TIMEOUT, bundle(wrongHost, rightHost))).getMessage();
    assertTrue(message.contains("No subject alternative names matching IP address 127.0.0.1 found"), message);
  }

  @Test
  void trustAllAcceptsAnyCertificateForAnyHost() {
    TlsSettings all = new TlsSettings(true, null, List.of(), true);
    assertDoesNotThrow(() -> TargetProbe.reachable(server.url(), KEY, TIMEOUT, all));
    assertDoesNotThrow(() -> TargetProbe.reachable(misnamed.url(), KEY, TIMEOUT, all));
  }

  @Test
  void plainHttpMakesNoHandshake() {
    // the https server's port over http: the TCP connection is all that is checked
    assertDoesNotThrow(() -> TargetProbe.reachable(server.url().replace("https:", "http:"), KEY, TIMEOUT, TlsSettings.JDK));
  }
}
