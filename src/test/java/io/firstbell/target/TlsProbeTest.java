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
  void anHttpsUrlAtAPlainHttpPortIsNotACertificateProblem() throws Exception {
    try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Thread answer = new Thread(() -> {
        try (java.net.Socket s = plain.accept()) {
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException ignored) {
          // the client has gone
        }
      });
      answer.start();
      String url = "https://127.0.0.1:" + plain.getLocalPort();
      String message = assertThrows(SettingsException.class, () -> TargetProbe.reachable(url, KEY, TIMEOUT, TlsSettings.JDK)).getMessage();
      assertTrue(message.startsWith("no TLS handshake with " + url + " (" + KEY + "): "), message);
      assertTrue(message.endsWith("Check that it serves https at that port (an http server answers a TLS handshake with nonsense); no load was sent"), message);
      answer.join(5_000);
    }
  }

  @Test
  void plainHttpMakesNoHandshake() {
    // the https server's port over http: the TCP connection is all that is checked
    assertDoesNotThrow(() -> TargetProbe.reachable(server.url().replace("https:", "http:"), KEY, TIMEOUT, TlsSettings.JDK));
  }

  @Test
  void aCallerThatGivesTheDefaultFactoryItsOwnKeyStoreGetsPkixOverThatStoreNotTheRunsPolicy() throws Exception {
    TlsTrust.install(new TlsSettings(true, null, List.of(), true)); // the run trusts everything ...
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("staging", TlsSettings.certificates(rightHost.pem(), "ca-bundle").get(0));
      javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      assertEquals(TlsTrust.ALGORITHM, factory.getAlgorithm());
      factory.init(store); // ... but this caller trusts its own store alone
      javax.net.ssl.X509TrustManager own = (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
      assertEquals(1, own.getAcceptedIssuers().length);
      java.security.cert.X509Certificate other = TlsSettings.certificates(wrongHost.pem(), "ca-bundle").get(0);
      assertThrows(java.security.cert.CertificateException.class, () -> own.checkServerTrusted(new java.security.cert.X509Certificate[] {other}, "ECDHE_ECDSA"));
      factory.init((java.security.KeyStore) null); // without a store: the run's policy
      javax.net.ssl.X509TrustManager policy = (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
      assertDoesNotThrow(() -> policy.checkServerTrusted(new java.security.cert.X509Certificate[] {other}, "ECDHE_ECDSA"));
    } finally {
      TlsTrust.install(TlsSettings.JDK);
    }
  }
}
