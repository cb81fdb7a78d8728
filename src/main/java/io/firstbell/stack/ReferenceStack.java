package io.firstbell.stack;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.firstbell.config.SettingsException;
import io.firstbell.stack.app.SampleApp;
import io.firstbell.stack.capacity.CapacityModel;
import io.firstbell.stack.capacity.CapacitySettings;
import io.firstbell.stack.capacity.Telemetry;
import io.firstbell.stack.http.Cookies;
import io.firstbell.stack.http.Dispatcher;
import io.firstbell.stack.http.SelfSignedCertificate;
import io.firstbell.stack.http.WebServer;
import io.firstbell.stack.oauth.Client;
import io.firstbell.stack.oauth.ClientRegistry;
import io.firstbell.stack.oauth.Grants;
import io.firstbell.stack.oauth.IdTokens;
import io.firstbell.stack.oauth.Provider;
import io.firstbell.stack.portal.Portal;
import io.firstbell.stack.portal.SessionStore;
import io.firstbell.stack.roster.App;
import io.firstbell.stack.roster.CredentialsExport;
import io.firstbell.stack.roster.RosterGenerator;
import io.firstbell.stack.roster.RosterSettings;
import io.firstbell.stack.roster.RosterStore;
import io.firstbell.stack.roster.RosterSummary;
import io.firstbell.stack.time.ExpiringCache;
import io.firstbell.stack.time.StackClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * The embedded reference SSO stack: a district portal with an OAuth 2.0 / OIDC provider and
 * identity API on one loopback host, and a sample OAuth app on another, over a generated roster in
 * an embedded database. Start it, point journeys at {@link #portalUrl} and {@link #appUrl}, close it.
 *
 * <p>Every part of the stack reads time from the one {@link StackClock} given to the {@link Builder}
 * (the system clock by default).
 */
public final class ReferenceStack implements AutoCloseable {

  private final StackSettings settings;
  private final RosterSettings rosterSettings;
  private final RosterSummary rosterSummary;
  private final RosterStore roster;
  private final HikariDataSource dataSource;
  private final WebServer portalServer;
  private final WebServer appServer;
  private final Dispatcher dispatcher;
  private final SelfSignedCertificate certificate;
  private final io.firstbell.stack.http.AccessLog accessLog;
  private final ClientRegistry clients;
  private final CapacityModel capacity;
  private final long startupMillis;

  private ReferenceStack(Builder b) {
    StackClock clock = b.clock;
    long started = clock.nanos();
    this.settings = StackSettings.from(b.config);
    this.rosterSettings = RosterSettings.from(b.config);
    CapacitySettings capacitySettings = CapacitySettings.from(b.config);
    int threadsNeeded = capacitySettings.enabled() ? capacitySettings.threadsNeeded() + 32 : 0;
    if (settings.httpThreads() < threadsNeeded) {
      throw new SettingsException("firstbell.stack.http-threads is " + settings.httpThreads() + " but the capacity model can hold "
          + capacitySettings.threadsNeeded() + " requests at once (max instances x (slots + queue)); set it to at least " + threadsNeeded);
    }
    this.accessLog = settings.accessLog() == null ? null : new io.firstbell.stack.http.AccessLog(settings.accessLog(), java.time.ZoneId.systemDefault());
    this.certificate = settings.tls() ? SelfSignedCertificate.forHosts(List.of(settings.portalHost(), settings.appHost())) : null;
    this.capacity = new CapacityModel(capacitySettings, clock);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl("jdbc:h2:mem:firstbell-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    pool.setMaximumPoolSize(settings.databasePoolSize());
    pool.setConnectionTimeout(settings.databaseConnectionTimeout().toMillis());
    pool.setPoolName("firstbell-roster");
    this.dataSource = new HikariDataSource(pool);
    WebServer portal = null;
    WebServer app = null;
    try {
      this.rosterSummary = new RosterGenerator(rosterSettings, settings.appClientId(), clock).generate(dataSource);
      this.roster = new RosterStore(dataSource, capacitySettings.sharingLookup() == CapacitySettings.SharingLookup.PER_RULE);
      this.clients = new ClientRegistry();
      this.dispatcher = new Dispatcher();
      dispatcher.admission(capacity);
      Cookies cookies = new Cookies(settings.tls());
      String[] portalBase = {null};
      SampleApp sampleApp = new SampleApp(clients, cookies, () -> portalBase[0],
          certificate == null ? null : certificate.trustingContext(), settings.httpClientTimeout());
      app = WebServer.start("sample app", settings.appHost(), settings.appPort(), "firstbell.stack.app.port",
          settings.httpThreads(), certificate, accessLog, sampleApp::routes);
      String appBase = settings.scheme() + "://" + settings.appHost() + ":" + app.port();
      for (App a : roster.apps()) {
        boolean isDefault = a.clientId().equals(settings.appClientId());
        String secret = isDefault ? settings.appClientSecret() : catalogueSecret(rosterSettings.seed(), a.slug());
        clients.register(new Client(a.clientId(), secret, a.id(), a.slug(), a.name(),
            List.of(appBase + SampleApp.prefix(a.slug(), isDefault) + "/oauth/callback")));
      }
      if (settings.publicClient()) {
        registerPublicClient(appBase);
      }
      SessionStore sessions = new SessionStore(clock, settings.sessionTtl(), settings.maxSessions());
      Grants grants = new Grants(clock, settings.codeTtl(), settings.maxCodes(), settings.accessTokenTtl(), settings.maxAccessTokens());
      Telemetry telemetry = new Telemetry(capacity, () -> {
        List<ExpiringCache.Stats> stores = new ArrayList<>();
        stores.add(sessions.stats());
        stores.addAll(grants.stats());
        return stores;
      });
      IdTokens idTokens = new IdTokens(clock, settings.accessTokenTtl().toSeconds());
      Portal portalPages = new Portal(roster, sessions, clients, grants, cookies);
      Provider provider = new Provider(roster, portalPages, clients, grants, idTokens, () -> portalBase[0]);
      portal = WebServer.start("portal", settings.portalHost(), settings.portalPort(), "firstbell.stack.portal.port",
          settings.httpThreads(), certificate, accessLog, javalin -> {
            portalPages.routes(javalin, dispatcher);
            provider.routes(javalin, dispatcher);
            telemetry.routes(javalin);
          });
      portalBase[0] = settings.scheme() + "://" + settings.portalHost() + ":" + portal.port();
      if (b.controlLoop) capacity.start();
    } catch (RuntimeException e) {
      if (app != null) app.close();
      if (portal != null) portal.close();
      if (accessLog != null) accessLog.close();
      capacity.close();
      dataSource.close();
      throw e;
    }
    this.portalServer = portal;
    this.appServer = app;
    this.startupMillis = clock.millisSince(started);
  }

  /**
   * Starts a stack with this configuration and the system clock.
   *
   * @return the running stack
   */
  public static ReferenceStack start(Config config) {
    return builder(config).start();
  }

  /** @return a builder, for choosing the clock and the control loop */
  public static Builder builder(Config config) {
    return new Builder(config);
  }

  /** Builds a {@link ReferenceStack}. */
  public static final class Builder {
    private final Config config;
    private StackClock clock = StackClock.system();
    private boolean controlLoop = true;

    private Builder(Config config) {
      this.config = config;
    }

    /**
     * Runs the whole stack on {@code clock}: session, code and token expiry, ID tokens, and the
     * capacity model's time, deadlines and modelled waits.
     *
     * @return this builder
     */
    public Builder clock(StackClock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Leaves the capacity model's control loop stopped, so a test drives it with {@link CapacityModel#controlTick()}.
     *
     * @return this builder
     */
    public Builder manualControlLoop() {
      this.controlLoop = false;
      return this;
    }

    /** @return the running stack */
    public ReferenceStack start() {
      return new ReferenceStack(this);
    }
  }

  /** @return an absolute URL on the portal / provider host, e.g. {@code portalUrl("/in/maple-valley")} */
  public String portalUrl(String path) {
    return settings.scheme() + "://" + settings.portalHost() + ":" + portalServer.port() + path;
  }

  /** @return an absolute URL on the sample app host */
  public String appUrl(String path) {
    return settings.scheme() + "://" + settings.appHost() + ":" + appServer.port() + path;
  }

  /** @return the roster, for looking users up */
  public RosterStore roster() {
    return roster;
  }

  /** @return what the generated roster holds */
  public RosterSummary rosterSummary() {
    return rosterSummary;
  }

  /** @return the stack's settings (hosts, the sample app's client id and secret, lifetimes) */
  public StackSettings settings() {
    return settings;
  }

  /** @return the portal's single dispatch point */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** @return the capacity model: instances, slots, datastore ceiling, health checks, autoscaler */
  public CapacityModel capacity() {
    return capacity;
  }

  /** @return the registered OAuth clients */
  public ClientRegistry clients() {
    return clients;
  }

  /** @return milliseconds from construction to both servers listening, roster included, on the stack's clock */
  public long startupMillis() {
    return startupMillis;
  }

  /**
   * CPU time the stack's own threads (both servers' request, selector and acceptor threads, and the
   * sample app's HTTP client) have used so far: a steady-load delta divided by logins is the stack's
   * CPU cost per login, separate from a load generator sharing the JVM.
   *
   * @return CPU milliseconds of live stack threads
   */
  public long cpuMillis() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      String name = info.getThreadName();
      if (name.startsWith("firstbell-") || name.startsWith("HttpClient-")) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) nanos += cpu;
      }
    }
    return nanos / 1_000_000;
  }

  /** @return the stack's self-signed certificate, or null when TLS is off */
  public java.security.cert.X509Certificate certificate() {
    return certificate == null ? null : certificate.certificate();
  }

  /** @return a TLS context that trusts the stack's certificate, or null when TLS is off */
  public SSLContext trustingSslContext() {
    return certificate == null ? null : certificate.trustingContext();
  }

  /**
   * Writes every roster user's credentials as CSV ({@link CredentialsExport#HEADER}).
   *
   * @return the number of users written
   */
  public int exportCredentials(Path file) {
    return CredentialsExport.write(roster, rosterSettings.seed(), file);
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** Stops the servers, the capacity model and the database; a second close does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    capacity.close();
    portalServer.close();
    appServer.close();
    if (accessLog != null) accessLog.close();
    dataSource.close();
  }

  /** @return the access log being written, or null when off ({@code firstbell.stack.access-log}) */
  public java.nio.file.Path accessLog() {
    return accessLog == null ? null : accessLog.file();
  }

  /** Registers the public client: the sample app's app (shared district-wide), under /apps/<client-id>/, PKCE required. */
  private void registerPublicClient(String appBase) {
    String id = settings.publicClientId();
    if (clients.all().stream().anyMatch(c -> c.clientId().equals(id) || c.appSlug().equals(id))) {
      throw new SettingsException("firstbell.stack.public-client.client-id '" + id + "' is already the client id or slug of an app");
    }
    App sample = roster.apps().stream().filter(a -> a.clientId().equals(settings.appClientId())).findFirst().orElseThrow();
    clients.register(Client.publicClient(id, sample.id(), id, sample.name() + " (public client)",
        List.of(appBase + SampleApp.prefix(id, false) + "/oauth/callback")));
  }

  private static String catalogueSecret(long seed, String slug) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + ":" + slug).getBytes(StandardCharsets.UTF_8));
      return "secret-" + HexFormat.of().formatHex(d, 0, 12);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
