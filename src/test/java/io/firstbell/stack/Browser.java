package io.firstbell.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A minimal test browser: its own cookie jar (per host, like a real browser), no automatic
 * redirects (tests assert every 302 and its Location), and Jsoup parsing of pages.
 */
public final class Browser {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;

  public Browser() {
    this(null);
  }

  /** @param sslContext trust for the stack's certificate over https, or null */
  public Browser(SSLContext sslContext) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT);
    if (sslContext != null) b.sslContext(sslContext);
    this.http = b.build();
  }

  public HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** POSTs {@code fields} as application/x-www-form-urlencoded, in the map's order. */
  public HttpResponse<String> postForm(String url, Map<String, String> fields) {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** Sends any request, with this browser's cookies. */
  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs the Location of a redirect, resolved against the URI that answered it. */
  public HttpResponse<String> follow(HttpResponse<String> redirect) {
    return get(location(redirect).toString());
  }

  /** @return the redirect's Location, resolved against the request URI */
  public static URI location(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location")
        .orElseThrow(() -> new AssertionError("No Location header on a " + response.statusCode() + " from " + response.uri()
            + "; body: " + response.body()));
    return response.uri().resolve(location);
  }

  /** @return the response body as a document whose links resolve against the response URI */
  public static Document parse(HttpResponse<String> response) {
    return Jsoup.parse(response.body(), response.uri().toString());
  }

  /** @return the form's fields (hidden ones included), by name */
  public static Map<String, String> fields(Element form) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (Element input : form.select("input[name]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    return fields;
  }

  /** @return the value of the named cookie this browser holds for {@code url}'s host, if any */
  public Optional<String> cookie(String url, String name) {
    List<HttpCookie> forHost = cookies.getCookieStore().get(URI.create(url));
    return forHost.stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
  }

  /** @return the cookies this browser holds for {@code url} */
  public List<HttpCookie> cookies(String url) {
    return cookies.getCookieStore().get(URI.create(url));
  }

  /** Puts a cookie into the jar, as if {@code url} had set it (host-only, Path=/). */
  public void addCookie(String url, String name, String value) {
    HttpCookie cookie = new HttpCookie(name, value);
    cookie.setPath("/");
    cookie.setVersion(0);
    cookies.getCookieStore().add(URI.create(url), cookie);
  }

  /** Forgets every cookie. */
  public void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  /** @return the Set-Cookie header of {@code response} that sets {@code name}, if any */
  public static Optional<String> setCookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst();
  }

  public static String form(Map<String, String> fields) {
    StringJoiner joiner = new StringJoiner("&");
    fields.forEach((k, v) -> joiner.add(encode(k) + "=" + encode(v)));
    return joiner.toString();
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
