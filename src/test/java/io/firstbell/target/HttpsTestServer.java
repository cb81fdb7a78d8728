package io.firstbell.target;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;

/** An https server on 127.0.0.1, port 0, presenting one certificate, answering every request 200 and counting them. */
public final class HttpsTestServer implements AutoCloseable {

  private final HttpsServer server;
  private final AtomicInteger requests = new AtomicInteger();

  public HttpsTestServer(SelfSignedCertificate certificate) throws IOException, GeneralSecurityException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "<html><body><h1 id=hello>hello over tls</h1></body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /** @return the base URL, https://127.0.0.1:port */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** @return how many HTTP requests reached the server (a refused handshake sends none) */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
