package io.firstbell.stack.http;

import io.firstbell.config.SettingsException;
import io.firstbell.stack.roster.RosterException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.BindException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One HTTP or HTTPS server of the stack on one loopback host and port, with errors rendered without stack traces. */
public final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final Javalin javalin;
  private final String name;

  private WebServer(String name, Javalin javalin) {
    this.name = name;
    this.javalin = javalin;
  }

  /**
   * Starts a server.
   *
   * @param name what it is, for messages ("portal")
   * @param portKey the configuration key of its port, named when the port is taken
   * @param certificate the TLS certificate, or null for plain http
   * @param routes registers the server's routes
   * @return the running server
   */
  public static WebServer start(String name, String host, int port, String portKey, int threads,
      SelfSignedCertificate certificate, Consumer<Javalin> routes) {
    return start(name, host, port, portKey, threads, certificate, null, routes);
  }

  /**
   * Starts a server.
   *
   * @param accessLog where each request is logged as it ends, or null
   * @see #start(String, String, int, String, int, SelfSignedCertificate, Consumer)
   */
  public static WebServer start(String name, String host, int port, String portKey, int threads,
      SelfSignedCertificate certificate, AccessLog accessLog, Consumer<Javalin> routes) {
    Javalin javalin = Javalin.create((JavalinConfig config) -> {
      if (accessLog != null) config.requestLogger.http((ctx, millis) -> accessLog.log(ctx));
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.router.ignoreTrailingSlashes = true;
      config.http.prefer405over404 = true;
      QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(threads, 16));
      pool.setName("firstbell-" + name);
      config.jetty.threadPool = pool;
      config.jetty.addConnector((server, httpConfig) -> {
        httpConfig.setSendServerVersion(false);
        ServerConnector connector;
        if (certificate != null) {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStore(certificate.keyStore());
          ssl.setKeyStorePassword(certificate.keyStorePassword());
          SecureRequestCustomizer secure = new SecureRequestCustomizer();
          secure.setSniHostCheck(false);
          httpConfig.addCustomizer(secure);
          connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfig));
        } else {
          connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
      });
    });
    javalin.exception(HttpError.class, (e, ctx) -> Html.errorPage(ctx, e.status(), "Error " + e.status(), e.getMessage()));
    javalin.exception(RosterException.class, (e, ctx) -> {
      LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      Html.errorPage(ctx, 503, "Error 503", "The roster datastore did not answer.");
      ctx.header("Retry-After", "1");
    });
    javalin.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      Html.errorPage(ctx, 500, "Error 500", "Internal server error.");
    });
    javalin.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint ")) {
        Html.errorPage(ctx, 404, "Not found", "No page at " + ctx.path() + ".");
      }
    });
    javalin.error(405, ctx -> Html.errorPage(ctx, 405, "Method not allowed", ctx.method().name() + " is not allowed on " + ctx.path() + "."));
    routes.accept(javalin);
    try {
      javalin.start();
    } catch (RuntimeException e) {
      javalin.stop();
      if (hasCause(e, BindException.class)) {
        throw new SettingsException("The " + name + " cannot listen on " + host + ":" + port + " because the port is already in use; set "
            + portKey + " to a free port, or to 0 for any free port", e);
      }
      throw e;
    }
    return new WebServer(name, javalin);
  }

  /** @return the port the server listens on */
  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
  }

  @Override
  public String toString() {
    return name + " on port " + port();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return true;
      if (c.getCause() == c) break;
    }
    return false;
  }
}
