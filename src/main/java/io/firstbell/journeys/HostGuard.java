package io.firstbell.journeys;

import io.firstbell.target.AllowedHosts;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.http.client.uri.Uri;
import io.gatling.http.request.builder.HttpRequestBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import scala.Function1;
import scala.util.Either;
import scala.util.Left;

/**
 * Where the journeys' requests may go in this JVM: {@link LoginSteps#step} asks here before every request it sends, each
 * redirect it follows included, and a request to a host that is not allowed is never sent. Until a run sets its own hosts
 * ({@link #allow}), loopback only.
 */
public final class HostGuard {

  private static volatile AllowedHosts hosts = AllowedHosts.LOOPBACK;
  /** The verdicts of {@link #hosts} on the hosts asked about so far: a run's requests go to a handful of hosts, asked about per request. */
  private static volatile Verdicts verdicts = new Verdicts(AllowedHosts.LOOPBACK);
  /** The most hosts whose verdict is remembered; beyond them, each is judged again (a target naming ever new hosts costs no memory). */
  static final int MAX_REMEMBERED_HOSTS = 256;
  private static volatile String baseUrl;
  private static final AtomicBoolean blocked = new AtomicBoolean();

  private HostGuard() {}

  /**
   * Sets the hosts the journeys' requests may go to, and the HTTP protocol's base URL, to which Gatling sends a request
   * whose URL is relative.
   *
   * @param baseUrl the protocol's base URL, or null when it has none
   */
  public static void allow(AllowedHosts allowed, String baseUrl) {
    HostGuard.hosts = allowed;
    HostGuard.verdicts = new Verdicts(allowed);
    HostGuard.baseUrl = baseUrl;
  }

  /** @return the hosts the journeys' requests may go to */
  public static AllowedHosts hosts() {
    return hosts;
  }

  private static volatile String refusal;

  /** @return true the first time a login of this JVM was blocked, false after that (the console tells it once) */
  static boolean firstBlocked(String why) {
    if (!blocked.compareAndSet(false, true)) return false;
    refusal = why;
    return true;
  }

  /** @return the first request refused in this JVM, in words, or null when none was: such a run ends there, interrupted */
  public static String refusal() {
    return refusal;
  }

  /**
   * @param url a request's URL as the journey built it: absolute, or relative to the protocol's base URL
   * @return null when the request may be sent, else the host it would go to (the URL itself when it has no host FirstBell
   *     can read)
   */
  static String blockedHost(String url) {
    // as Gatling builds a request's URI: a URL that starts with "http" is absolute, any other is appended to the base URL
    String absolute = url.startsWith("http") || baseUrl == null ? url : baseUrl + url;
    String host;
    try {
      host = Uri.create(absolute).getHost();
    } catch (RuntimeException e) {
      return url;
    }
    if (host == null) return url;
    return verdicts.allows(host) ? null : host;
  }

  /** What one {@link AllowedHosts} said about each host asked about, at most {@value #MAX_REMEMBERED_HOSTS} of them. */
  private static final class Verdicts {
    private final AllowedHosts hosts;
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> known = new java.util.concurrent.ConcurrentHashMap<>();

    Verdicts(AllowedHosts hosts) {
      this.hosts = hosts;
    }

    boolean allows(String host) {
      Boolean known = this.known.get(host);
      if (known != null) return known;
      boolean allowed = hosts.allows(host);
      if (this.known.size() < MAX_REMEMBERED_HOSTS) this.known.put(host, allowed);
      return allowed;
    }
  }

  /**
   * @return the URL {@code request} is sent to in a session, as Gatling evaluates it (relative URLs as the journey wrote
   *     them); null when Gatling could not build it either (it then fails the request without sending it)
   */
  static Function<Session, String> url(HttpRequestActionBuilder request) {
    Either<Function1<io.gatling.core.session.Session, Validation<String>>, Uri> urlOrUri =
        ((HttpRequestBuilder) request.asScala()).commonAttributes().urlOrURI();
    if (urlOrUri instanceof Left<Function1<io.gatling.core.session.Session, Validation<String>>, Uri> left) {
      Function1<io.gatling.core.session.Session, Validation<String>> expression = left.value();
      return session -> expression.apply(session.asScala()) instanceof Success<?> s ? String.valueOf(s.value()) : null;
    }
    String fixed = urlOrUri.toOption().get().toUrl();
    return session -> fixed;
  }
}
