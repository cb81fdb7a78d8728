package io.firstbell.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate made with the JDK's {@code keytool}, as a PKCS12 key store (for a test server) and as a
 * PEM file (for {@code firstbell.target.tls.ca-bundle}).
 *
 * @param keyStore the key and certificate, password {@link #PASSWORD}
 * @param pem the certificate alone
 */
public record SelfSignedCertificate(Path keyStore, Path pem) {

  public static final String PASSWORD = "changeit";

  /**
   * @param folder where the files go
   * @param name the files' base name and the certificate's common name
   * @param subjectAlternativeNames keytool's form, e.g. {@code ip:127.0.0.1,dns:localhost}
   */
  public static SelfSignedCertificate create(Path folder, String name, String subjectAlternativeNames) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Path store = folder.resolve(name + ".p12");
    Path pem = folder.resolve(name + ".pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", pem.toString()));
    return new SelfSignedCertificate(store, pem);
  }

  /** @return a server-side TLS context presenting this certificate */
  public SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
  }
}
