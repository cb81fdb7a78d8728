package io.firstbell.stack.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A fresh self-signed certificate for the stack's loopback host names, held in an in-memory key store. */
public final class SelfSignedCertificate {

  private static final char[] PASSWORD = "firstbell".toCharArray();

  private final KeyStore keyStore;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyStore keyStore, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.certificate = certificate;
  }

  /** @return a certificate valid for one day for {@code hosts} (names or IP literals) */
  public static SelfSignedCertificate forHosts(List<String> hosts) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=FirstBell reference stack");
      // TLS clients judge the validity against their own (real) clocks, so it is the system's time, not the stack's clock
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        boolean ip = host.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.') || host.contains(":");
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        if (!ip) {
          for (InetAddress address : InetAddress.getAllByName(host)) {
            names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
          }
        }
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("firstbell", pair.getPrivate(), PASSWORD, new Certificate[] {cert});
      return new SelfSignedCertificate(store, cert);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create a self-signed certificate: " + e.getMessage(), e);
    }
  }

  /** @return the certificate itself */
  public X509Certificate certificate() {
    return certificate;
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  public String keyStorePassword() {
    return new String(PASSWORD);
  }

  /** @return a TLS context that trusts exactly this certificate (for the stack's own server-side calls and tests) */
  public SSLContext trustingContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("firstbell", certificate);
      // PKIX by name: a run makes its own policy the default algorithm (io.firstbell.target.TlsTrust), which ignores key stores
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("Could not build a TLS context: " + e.getMessage(), e);
    }
  }
}
