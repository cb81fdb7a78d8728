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

/**
 * Whether a target accepts connections at all, checked before any load: a target that is down is reported as
 * {@code target unreachable at <url>: connection refused} (or the timeout), not measured as a breaking point of
 * 1 login/s.
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
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.max(1, timeout.toMillis()));
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

  private static SettingsException unreachable(String url, String why, String setting) {
    return new SettingsException("target unreachable at " + url + ": " + why + ". Start the target, or fix " + setting + "; no load was sent");
  }
}
