package io.firstbell.stack.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building the stack's redirect and link addresses: encoded query values, and a query added to an address. */
public final class Urls {

  private Urls() {}

  /** @return {@code value} encoded for a query value or a path segment (form encoding, UTF-8) */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** @return {@code address} with the already encoded {@code query} added, after {@code &} when it has a query already */
  public static String withQuery(String address, String query) {
    return address + (address.contains("?") ? "&" : "?") + query;
  }
}
