package io.firstbell.target;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How an https target's certificates are checked ({@code firstbell.target.tls}); immutable, validated before any load.
 *
 * @param jdkTrustStore whether the CAs of the JDK's trust store are trusted ({@code jdk-trust-store})
 * @param caBundle the PEM file of more certificates to trust ({@code ca-bundle}), or null
 * @param caCertificates the certificates of {@code caBundle}, read once (empty without one)
 * @param trustAll whether every certificate is accepted unchecked ({@code trust-all})
 * @param stackCertificates the embedded reference stack's own self-signed certificates, trusted when it serves TLS
 */
public record TlsSettings(boolean jdkTrustStore, Path caBundle, List<X509Certificate> caCertificates, boolean trustAll,
    List<X509Certificate> stackCertificates) {

  /** Certificates checked against the JDK's trust store, nothing more: the default. */
  public static final TlsSettings JDK = new TlsSettings(true, null, List.of(), false);

  public TlsSettings {
    caCertificates = List.copyOf(caCertificates);
    stackCertificates = List.copyOf(stackCertificates);
  }

  /** The settings of a run without an embedded stack serving TLS. */
  public TlsSettings(boolean jdkTrustStore, Path caBundle, List<X509Certificate> caCertificates, boolean trustAll) {
    this(jdkTrustStore, caBundle, caCertificates, trustAll, List.of());
  }

  /** @return these settings, also trusting the embedded stack's own {@code certificate} (it is made fresh for each run) */
  public TlsSettings withStackCertificate(X509Certificate certificate) {
    List<X509Certificate> stack = new java.util.ArrayList<>(stackCertificates);
    stack.add(certificate);
    return new TlsSettings(jdkTrustStore, caBundle, caCertificates, trustAll, stack);
  }

  /** @return every certificate trusted besides the JDK trust store's: the bundle's and the embedded stack's */
  public List<X509Certificate> extraCertificates() {
    return java.util.stream.Stream.concat(caCertificates.stream(), stackCertificates.stream()).toList();
  }

  /**
   * Reads {@code firstbell.target.tls}.
   *
   * @throws SettingsException naming the key and the fix: a bundle that is not a file or holds no certificate, nothing
   *     left to trust, or trust-all beside a bundle (which it would make pointless)
   */
  public static TlsSettings from(Config config) {
    Checks c = new Checks(config, "firstbell.target.tls");
    boolean jdk = c.onOff("jdk-trust-store");
    boolean all = c.onOff("trust-all");
    String bundle = config.getString("firstbell.target.tls.ca-bundle").trim();
    if (all && !bundle.isEmpty()) {
      throw new SettingsException(c.full("trust-all") + " is on and " + c.full("ca-bundle") + " is set: trusting every "
          + "certificate makes the bundle pointless; keep the bundle and turn trust-all off");
    }
    if (bundle.isEmpty()) {
      if (!jdk && !all) {
        throw new SettingsException(c.full("jdk-trust-store") + " is off and no " + c.full("ca-bundle")
            + " is set, so no certificate could be trusted; name a PEM file of the CAs to trust in ca-bundle, or turn jdk-trust-store on");
      }
      return new TlsSettings(jdk, null, List.of(), all);
    }
    Path path = Path.of(bundle);
    return new TlsSettings(jdk, path, certificates(path, c.full("ca-bundle")), all);
  }

  /** @return the X.509 certificates of the PEM (or DER) file at {@code path} */
  static List<X509Certificate> certificates(Path path, String key) {
    if (!Files.isRegularFile(path)) {
      throw new SettingsException(key + " is '" + path + "', which is not a file; give the path of a PEM file of the CA "
          + "certificates to trust (-----BEGIN CERTIFICATE----- ...)");
    }
    try (InputStream in = Files.newInputStream(path)) {
      List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certs.isEmpty()) {
        throw new SettingsException(key + " is '" + path + "', which holds no certificate; give a PEM file of the CA "
            + "certificates to trust (-----BEGIN CERTIFICATE----- ...)");
      }
      return certs;
    } catch (CertificateException e) {
      throw new SettingsException(key + " is '" + path + "', which is not a PEM file of certificates (" + e.getMessage()
          + "); give a PEM file of the CA certificates to trust (-----BEGIN CERTIFICATE----- ...)");
    } catch (IOException e) {
      throw new SettingsException(key + " is '" + path + "', which cannot be read (" + e.getMessage() + ")");
    }
  }

  /** @return what is trusted, for the console */
  public String describe() {
    if (trustAll) return "EVERY CERTIFICATE IS TRUSTED, unchecked (firstbell.target.tls.trust-all = on)";
    List<String> sources = new java.util.ArrayList<>();
    if (jdkTrustStore) sources.add("the JDK trust store");
    if (caBundle != null) sources.add(caBundle + " (" + caCertificates.size() + " certificate" + (caCertificates.size() == 1 ? "" : "s") + ")");
    if (!stackCertificates.isEmpty()) sources.add("the embedded stack's own certificate");
    return "certificates verified, host names included, against " + String.join(" and ", sources);
  }
}
