package io.firstbell.stack.capacity;

import io.firstbell.stack.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jsoup.nodes.Element;

/** Concurrent raw GETs with java.net.http, each timed from its own send to its response. */
final class RawHttp {

  /** One answered request. */
  record Timed(HttpResponse<String> response, long millis) {
    int status() {
      return response.statusCode();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** @return the text of the error page's {@code <p id="reason">}, or null */
    String reason() {
      Element p = Browser.parse(response).selectFirst("p#reason");
      return p == null ? null : p.text();
    }

    @Override
    public String toString() {
      return status() + " in " + millis + " ms: " + (status() == 200 ? "" : reason());
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  CompletableFuture<Timed> send(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
    long start = System.nanoTime();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  Timed get(String url) {
    return send(url).join();
  }

  /** Fires {@code n} GETs of {@code url} at once. */
  List<CompletableFuture<Timed>> burst(String url, int n) {
    List<CompletableFuture<Timed>> futures = new ArrayList<>();
    for (int k = 0; k < n; k++) futures.add(send(url));
    return futures;
  }

  static List<Timed> all(List<CompletableFuture<Timed>> futures) {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
