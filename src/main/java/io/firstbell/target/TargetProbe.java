package io.firstbell.target;

import io.firstbell.config.SettingsException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Whether a target accepts connections at all, checked before any load: a target that is down is reported as
 * {@code target unreachable at <url>: connection refused} (or the timeout), not measured as a breaking point of
 * 1 login/s; and whether an https target's certificate is trusted, host name included, so that a certificate the run's
 * trust ({@link TlsSettings}) refuses is one clear error rather than every login failing with no response.
 */
public final class TargetProbe {

  private TargetProbe() {}

  /**
   * Opens (and closes) one TCP connection to {@code url}'s host and port.
   *
   * @param setting the key that names the URL, for the fix
   * @throws SettingsException when nothing accepts the connection within {@code timeout}
   */
  public static void reachable(String url, String setting, Duration timeout) {
    reachable(url, setting, timeout, TlsSettings.JDK);
  }

  /**
   * Opens (and closes) one TCP connection to {@code url}'s host and port, and for an https URL makes one TLS handshake over
   * it, checking the server's certificate as {@code tls} says (no HTTP request is sent).
   *
   * @param setting the key that names the URL, for the fix
   * @throws SettingsException when nothing accepts the connection within {@code timeout}, or the certificate is not trusted
   */
  public static void reachable(String url, String setting, Duration timeout, TlsSettings tls) {
    URI uri = URI.create(url);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
      if (https) handshake(socket, uri.getHost(), port, millis, url, setting, tls);
    } catch (SettingsException e) {
      throw e;
    } catch (ConnectException e) {
      throw unreachable(url, "connection refused", setting);
    } catch (SocketTimeoutException e) {
      throw unreachable(url, "no connection within " + timeout.toMillis() + " ms (firstbell.preflight.connect-timeout)", setting);
    } catch (UnknownHostException e) {
      throw unreachable(url, "unknown host " + uri.getHost(), setting);
    } catch (IOException e) {
      throw unreachable(url, e.getMessage(), setting);
    }
  }

  private static void handshake(Socket socket, String host, int port, int millis, String url, String setting, TlsSettings tls)
      throws IOException {
    socket.setSoTimeout(millis);
    try (SSLSocket ssl = (SSLSocket) TlsTrust.context(tls).getSocketFactory().createSocket(socket, host, port, false)) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
    } catch (javax.net.ssl.SSLHandshakeException e) {
      if (!certificateProblem(e)) {
        throw new SettingsException("no TLS handshake with " + url + " (" + setting + "): " + rootMessage(e)
            + ". Check that it serves https at that port; no load was sent");
      }
      throw new SettingsException("the TLS certificate of " + url + " (" + setting + ") is not trusted: " + rootMessage(e)
          + ". Name the CA that signed it (or the self-signed certificate itself) in firstbell.target.tls.ca-bundle, a PEM file;"
          + " check that the certificate names the host " + host + "; or, knowingly, set firstbell.target.tls.trust-all = on."
          + " No load was sent");
    } catch (SSLException e) {
      throw new SettingsException("no TLS handshake with " + url + " (" + setting + "): " + rootMessage(e)
          + ". Check that it serves https at that port (an http server answers a TLS handshake with nonsense); no load was sent");
    }
  }

  /** @return whether the handshake failed on the server's certificate (its chain or its name), not on the protocol */
  private static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.security.GeneralSecurityException) return true;
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  private static SettingsException unreachable(String url, String why, String setting) {
    return new SettingsException("target unreachable at " + url + ": " + why + ". Start the target, or fix " + setting + "; no load was sent");
  }
}
