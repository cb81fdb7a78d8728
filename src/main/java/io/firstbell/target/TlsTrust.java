package io.firstbell.target;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates FirstBell trusts, as {@link TlsSettings} say, for every TLS connection to the target: Gatling's (whose
 * own configuration, {@code gatling.conf}, turns its trust-everything default off and hostname verification on, so that
 * it takes the JVM's default trust managers) and the check before any load. A client that brings its own trust store (the
 * JDK's default context, which the telemetry's HTTP client uses, or a client of the embedded stack) keeps it.
 *
 * <p>Gatling reads its configuration before a simulation is built, but creates each virtual user's TLS context on its
 * first https request. {@link #install} makes this policy the JVM's default trust manager factory algorithm
 * ({@code ssl.TrustManagerFactory.algorithm}), which those contexts then use: a standard JCA hook, no Gatling internals.
 */
public final class TlsTrust {

  /** The trust manager factory algorithm FirstBell registers. */
  public static final String ALGORITHM = "FirstBell";

  private static final Logger LOG = LoggerFactory.getLogger(TlsTrust.class);
  private static volatile X509ExtendedTrustManager installed;

  private TlsTrust() {}

  /**
   * Makes {@code settings} the trust of every TLS connection opened from now on in this JVM.
   *
   * @return the trust manager installed
   */
  public static synchronized X509ExtendedTrustManager install(TlsSettings settings) {
    boolean warned = installed == TrustAll.INSTANCE;
    installed = trustManager(settings);
    if (Security.getProvider(TrustProvider.NAME) == null) {
      Security.addProvider(new TrustProvider());
    }
    Security.setProperty("ssl.TrustManagerFactory.algorithm", ALGORITHM);
    if (settings.trustAll() && !warned) {
      LOG.warn("firstbell.target.tls.trust-all is on: every server certificate is accepted unchecked, so this run cannot tell "
          + "its target from anyone else answering at its address; name the target's CA in firstbell.target.tls.ca-bundle instead");
    }
    return installed;
  }

  /** @return the trust manager of {@code settings}: the JDK trust store's, the bundle's, either of them, or one that accepts everything */
  public static X509ExtendedTrustManager trustManager(TlsSettings settings) {
    if (settings.trustAll()) return TrustAll.INSTANCE;
    X509ExtendedTrustManager jdk = settings.jdkTrustStore() ? pkix(null) : null;
    List<X509Certificate> extra = settings.extraCertificates();
    X509ExtendedTrustManager bundle = extra.isEmpty() ? null : pkix(keyStore(extra));
    if (bundle == null) return jdk;
    return jdk == null ? bundle : new Either(jdk, bundle);
  }

  /** @return a TLS context trusting what {@code settings} say, for a client of FirstBell's own (the check before any load) */
  public static SSLContext context(TlsSettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager(settings)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
    }
  }

  /** @return the JDK's PKIX trust manager over {@code store}, or over the JDK trust store when null */
  private static X509ExtendedTrustManager pkix(KeyStore store) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      return Arrays.stream(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
          .map(X509ExtendedTrustManager.class::cast).findFirst().orElseThrow();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no PKIX trust manager: " + e.getMessage(), e);
    }
  }

  private static KeyStore keyStore(List<X509Certificate> certificates) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("no trust store: " + e.getMessage(), e);
    }
  }

  /** @return the trust manager installed last, or the JDK trust store's when none was */
  static X509ExtendedTrustManager current() {
    X509ExtendedTrustManager current = installed;
    return current != null ? current : pkix(null);
  }

  /** Serves {@link #ALGORITHM}: the factory of whatever trust manager is installed when a TLS context is made. */
  private static final class TrustProvider extends Provider {
    static final String NAME = "FirstBellTrust";

    TrustProvider() {
      super(NAME, "1", "FirstBell's trust of server certificates (firstbell.target.tls)");
      putService(new Service(this, "TrustManagerFactory", ALGORITHM, Factory.class.getName(), null, null) {
        @Override
        public Object newInstance(Object constructorParameter) {
          return new Factory();
        }
      });
    }
  }

  /**
   * The factory behind {@link #ALGORITHM}. Initialised without a key store (as Netty's and the JDK's TLS contexts are when
   * given no trust managers, Gatling's among them) it gives the installed policy; with a key store of its caller's own (the
   * JDK's default context, a client of the embedded stack, a journey class), plain PKIX over that store, as the JDK would.
   */
  private static final class Factory extends TrustManagerFactorySpi {
    private TrustManager[] own;

    @Override
    protected void engineInit(KeyStore ks) {
      own = ks == null ? null : new TrustManager[] {pkix(ks)};
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) throws java.security.InvalidAlgorithmParameterException {
      TrustManagerFactory pkix;
      try {
        pkix = TrustManagerFactory.getInstance("PKIX");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      pkix.init(spec);
      own = pkix.getTrustManagers();
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return own != null ? own : new TrustManager[] {current()};
    }
  }

  /** Trusts a chain the first manager trusts, else one the second trusts (each checks the host name as asked). */
  private static final class Either extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager first;
    private final X509ExtendedTrustManager second;

    Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    private interface Check {
      void check(X509ExtendedTrustManager manager) throws CertificateException;
    }

    /** Either manager's trust; when neither trusts the chain, the error that names the host if one does (a trusted chain, the wrong name) */
    private void either(Check check) throws CertificateException {
      try {
        check.check(first);
      } catch (CertificateException e) {
        try {
          check.check(second);
        } catch (CertificateException again) {
          CertificateException named = hostName(e) ? e : again;
          named.addSuppressed(named == e ? again : e);
          throw named;
        }
      }
    }

    private static boolean hostName(CertificateException e) {
      return e.getMessage() != null && (e.getMessage().contains("subject alternative") || e.getMessage().contains("No name matching"));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return Stream.of(first, second).map(X509TrustManager::getAcceptedIssuers).flatMap(Arrays::stream).toArray(X509Certificate[]::new);
    }
  }

  /** Accepts every certificate, unchecked, host name included: {@code trust-all}, an explicit choice. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    static final TrustAll INSTANCE = new TrustAll();

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
