package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.target.HttpsTestServer;
import io.firstbell.target.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gatling's own https requests, in a forked run, trust exactly what {@code firstbell.target.tls} says: a certificate of the
 * CA bundle for its host, nothing else (its trust-everything default is off), unless trust-all is chosen, which is logged.
 * A refused handshake sends no request: the servers count what reaches them.
 */
class TlsVerificationTest {

  @TempDir
  static Path dir;

  private static SelfSignedCertificate named;
  private static SelfSignedCertificate misnamed;
  private static HttpsTestServer trusted;
  private static HttpsTestServer stranger;
  private static HttpsTestServer wrongHost;

  @BeforeAll
  static void start() throws Exception {
    named = SelfSignedCertificate.create(dir, "staging", "ip:127.0.0.1,dns:localhost");
    misnamed = SelfSignedCertificate.create(dir, "elsewhere", "dns:portal.elsewhere.example");
    SelfSignedCertificate unknown = SelfSignedCertificate.create(dir, "unknown", "ip:127.0.0.1");
    trusted = new HttpsTestServer(named);
    stranger = new HttpsTestServer(unknown);
    wrongHost = new HttpsTestServer(misnamed);
  }

  @AfterAll
  static void stop() {
    trusted.close();
    stranger.close();
    wrongHost.close();
  }

  private static List<LoginRecord> run(String name, Map<String, String> tls, List<HttpsTestServer> servers) throws Exception {
    Path ledger = dir.resolve(name + ".csv");
    Map<String, String> properties = new java.util.HashMap<>(tls);
    properties.put("tls.urls", String.join(",", servers.stream().map(HttpsTestServer::url).toList()));
    properties.put("tls.ledger", ledger.toString());
    GatlingFork.Result result = GatlingFork.run(TlsVerificationSimulation.class, properties, dir.resolve(name), Duration.ofMinutes(2));
    System.out.println(result.output().lines().filter(l -> l.startsWith("ledger row") || l.contains("trust-all")).reduce("", (a, b) -> a + b + "\n"));
    lastOutput = result.output();
    return LedgerCsv.read(ledger);
  }

  private static String lastOutput;

  private static List<String> outcomes(List<LoginRecord> rows, HttpsTestServer server) {
    return rows.stream().filter(r -> r.journey().equals(server.url()))
        .map(r -> r.succeeded() ? "succeeded" : "failed at " + r.failedStep() + " (" + r.failureKind() + ")").toList();
  }

  @Test
  void onlyACertificateOfTheBundleNamingItsHostIsTrusted() throws Exception {
    int[] before = {trusted.requests(), stranger.requests(), wrongHost.requests()};
    String bundle = Files.writeString(dir.resolve("bundle.pem"), Files.readString(named.pem()) + Files.readString(misnamed.pem())).toString();
    List<LoginRecord> rows = run("bundle", Map.of("firstbell.target.tls.ca-bundle", bundle), List.of(trusted, stranger, wrongHost));
    assertEquals(List.of("succeeded", "succeeded"), outcomes(rows, trusted), lastOutput);
    assertEquals(List.of("failed at Open page (no-response)", "failed at Open page (no-response)"), outcomes(rows, stranger), lastOutput);
    assertEquals(List.of("failed at Open page (no-response)", "failed at Open page (no-response)"), outcomes(rows, wrongHost), lastOutput);
    assertEquals(before[0] + 2, trusted.requests());
    assertEquals(before[1], stranger.requests(), "a certificate outside the bundle and the JDK trust store must end the handshake");
    assertEquals(before[2], wrongHost.requests(), "a certificate naming another host must end the handshake");
  }

  @Test
  void trustAllAcceptsEveryCertificateAndSaysSo() throws Exception {
    int before = stranger.requests() + wrongHost.requests();
    List<LoginRecord> rows = run("all", Map.of("firstbell.target.tls.trust-all", "on"), List.of(stranger, wrongHost));
    assertEquals(List.of("succeeded", "succeeded"), outcomes(rows, stranger), lastOutput);
    assertEquals(List.of("succeeded", "succeeded"), outcomes(rows, wrongHost), lastOutput);
    assertEquals(before + 4, stranger.requests() + wrongHost.requests());
    assertTrue(lastOutput.contains("firstbell.target.tls.trust-all is on: every server certificate is accepted unchecked"), lastOutput);
  }
}
