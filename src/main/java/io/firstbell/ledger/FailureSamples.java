package io.firstbell.ledger;

import io.firstbell.logging.MaskedMessageConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * A few failed responses for each (phase, step, kind) of a run, secrets masked: what the target answered when a
 * login failed (status, URL, the first lines of the body), so that a failure explains itself without
 * debug logging. Bounded: at most {@code perKey} samples per (step, kind) and {@value #MAX_KEYS} keys.
 */
public final class FailureSamples {

  /** Samples kept per (step, kind) by default. */
  public static final int PER_STEP_AND_KIND = 3;
  /** The most (step, kind) pairs kept. */
  public static final int MAX_KEYS = 50;
  /** Characters of a response body kept in a sample. */
  public static final int BODY_CHARS = 400;

  /** One failed response. */
  public record Sample(String phase, String journey, String step, String kind, int status, String url, String body) {}

  private static final Pattern INPUT_VALUE = Pattern.compile("(?i)(\\bvalue\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s>]+)");
  private static final Pattern QUERY_SECRET = Pattern.compile(
      "(?i)((?:[?&#;]|%3F|%26|%23)(?:code|state|nonce|session_state|token|access_token|id_token|id_token_hint|refresh_token|password|badge|"
          + "client_secret|session_code|execution|tab_id|samlresponse|samlrequest|ticket|key|auth_session_id)(?:=|%3D))[^&#\\s%]*(?:%[0-9a-f]{2}[^&#\\s%]*)*");

  private final int perKey;
  private final Map<String, List<Sample>> byKey = new LinkedHashMap<>();

  public FailureSamples(int perKey) {
    this.perKey = perKey;
  }

  /**
   * Keeps {@code sample} if its (step, kind) has fewer than the limit; the body and URL are masked and cut here.
   *
   * @return whether it was kept
   */
  public synchronized boolean offer(String phase, String journey, String step, String kind, int status, String url, String body) {
    String key = phase + "\u0000" + step + "\u0000" + kind;
    List<Sample> list = byKey.get(key);
    if (list == null) {
      if (byKey.size() >= MAX_KEYS) return false;
      list = new ArrayList<>();
      byKey.put(key, list);
    }
    if (list.size() >= perKey) return false;
    list.add(new Sample(phase, journey, step, kind, status, maskUrl(url), firstLines(body)));
    return true;
  }

  /** @return every sample kept, grouped by (step, kind) in the order first seen */
  public synchronized List<Sample> all() {
    List<Sample> all = new ArrayList<>();
    byKey.values().forEach(all::addAll);
    return all;
  }

  /** @return the first sample of {@code phase}, or null */
  public synchronized Sample first(String phase) {
    for (List<Sample> list : byKey.values()) {
      for (Sample s : list) {
        if (s.phase().equals(phase)) return s;
      }
    }
    return null;
  }

  /**
   * @return {@code url} with codes, states, tokens and passwords masked: in its query, its fragment and percent-encoded inside
   *     another parameter (a {@code return_to}), then as every log line is ({@link MaskedMessageConverter#mask})
   */
  public static String maskUrl(String url) {
    if (url == null) return "";
    return MaskedMessageConverter.mask(QUERY_SECRET.matcher(url).replaceAll("$1****"));
  }

  /**
   * @return what a person would read first in {@code body}: the text of an HTML page (not its markup), else the body itself,
   *     with whitespace collapsed, secrets masked (form values, anything token-like) and cut to {@value #BODY_CHARS} characters
   */
  public static String firstLines(String body) {
    if (body == null || body.isBlank()) return "";
    String text = body.length() > 20_000 ? body.substring(0, 20_000) : body;
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("<")) {
      text = Jsoup.parse(text).text();
    }
    text = INPUT_VALUE.matcher(text).replaceAll("$1****");
    text = MaskedMessageConverter.mask(text); // the same masking as every log line: secrets by name, cookies, anything token-like
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) + "…" : text;
  }
}
