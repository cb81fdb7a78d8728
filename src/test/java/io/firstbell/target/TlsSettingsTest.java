package io.firstbell.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS trust settings: what an https target's certificates are checked against, refused before any load when unusable. */
class TlsSettingsTest {

  @TempDir
  Path dir;

  private static TlsSettings tls(String overrides) {
    return TlsSettings.from(FirstBellConfig.withOverrides("firstbell.target.tls { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> tls(overrides)).getMessage();
  }

  private static String q(Object s) {
    return ConfigUtil.quoteString(s.toString());
  }

  @Test
  void byDefaultCertificatesAreCheckedAgainstTheJdkTrustStoreOnly() {
    TlsSettings tls = tls("");
    assertEquals(TlsSettings.JDK, tls);
    assertEquals("certificates verified, host names included, against the JDK trust store", tls.describe());
  }

  @Test
  void aBundleAddsItsCertificatesToTheJdkTrustStore() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "staging", "ip:127.0.0.1");
    TlsSettings tls = tls("ca-bundle = " + q(cert.pem()));
    assertEquals(1, tls.caCertificates().size());
    assertEquals("CN=staging", tls.caCertificates().get(0).getSubjectX500Principal().getName());
    assertEquals("certificates verified, host names included, against the JDK trust store and " + cert.pem() + " (1 certificate)", tls.describe());
    assertEquals("certificates verified, host names included, against " + cert.pem() + " (1 certificate)",
        tls("ca-bundle = " + q(cert.pem()) + ", jdk-trust-store = off").describe());
  }

  @Test
  void trustingEveryCertificateIsSaidInCapitals() {
    assertEquals("EVERY CERTIFICATE IS TRUSTED, unchecked (firstbell.target.tls.trust-all = on)", tls("trust-all = on").describe());
  }

  @Test
  void aBundleThatIsNotAFileIsRefusedNamingTheKey() {
    assertEquals("firstbell.target.tls.ca-bundle is '" + dir.resolve("nope.pem") + "', which is not a file; give the path of a PEM "
        + "file of the CA certificates to trust (-----BEGIN CERTIFICATE----- ...)", failure("ca-bundle = " + q(dir.resolve("nope.pem"))));
  }

  @Test
  void aBundleWithoutCertificatesIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertTrue(failure("ca-bundle = " + q(empty)).contains("which holds no certificate"), failure("ca-bundle = " + q(empty)));
    Path garbage = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIBVQ==\n-----END PRIVATE KEY-----\n");
    String message = failure("ca-bundle = " + q(garbage));
    assertTrue(message.startsWith("firstbell.target.tls.ca-bundle is '" + garbage + "', which "), message);
    assertTrue(message.endsWith("give a PEM file of the CA certificates to trust (-----BEGIN CERTIFICATE----- ...)"), message);
  }

  @Test
  void trustAllBesideABundleIsRefused() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "staging", "ip:127.0.0.1");
    assertEquals("firstbell.target.tls.trust-all is on and firstbell.target.tls.ca-bundle is set: trusting every certificate makes the "
        + "bundle pointless; keep the bundle and turn trust-all off", failure("trust-all = on, ca-bundle = " + q(cert.pem())));
  }

  @Test
  void nothingToTrustIsRefused() {
    assertEquals("firstbell.target.tls.jdk-trust-store is off and no firstbell.target.tls.ca-bundle is set, so no certificate could be "
        + "trusted; name a PEM file of the CAs to trust in ca-bundle, or turn jdk-trust-store on", failure("jdk-trust-store = off"));
  }

  @Test
  void aWrongTypeNamesTheKey() {
    assertTrue(failure("trust-all = maybe").contains("firstbell.target.tls.trust-all"), failure("trust-all = maybe"));
  }
}
