package io.firstbell.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logback's {@code %msg} with secrets masked: passwords, badge tokens, client secrets, codes, access and
 * ID tokens, credentials in Authorization headers, every cookie of a Cookie header and of a session's cookie jar whatever
 * its name, the value of each Set-Cookie, and anything token-like. FirstBell's logback.xml uses it for every line, so a
 * full dump of an HTTP exchange never shows a secret.
 */
public final class MaskedMessageConverter extends MessageConverter {

  private static final Pattern SECRETS = Pattern.compile(
      "(?i)((?:password|badge|client_secret|clientsecret|code|csrf|access_token|accesstoken|id_token|refresh_token|state|nonce|\\b[a-z_]{0,40}session[a-z_]{0,40})\"?\\s*(?:=|:|->)\\s*\"?)([^&\"\\s,;)}]+)"
          + "|((?:authorization|proxy-authorization)\\s*[:=]\\s*(?:basic|bearer)?\\s*)(\\S+)"
          + "|((?:cookie|set-cookie)\\s*[:=]\\s*[^=;\\s]+=)([^;\\s]+)");

  /** A Cookie header (request) up to the end of its line: every cookie in it is masked, whatever its name. */
  private static final Pattern COOKIE_HEADER = Pattern.compile("(?im)^([ \\t]*cookie[ \\t]*[:=])([^\\r\\n]*)");
  private static final Pattern COOKIE_PAIR = Pattern.compile("([^=;\\s]+=)([^;\\s]*)");
  /** A cookie as Gatling's cookie jar prints it in a session dump: {@code DefaultCookie(name=value, ...)} or {@code name=value; ...}. */
  private static final Pattern JAR_COOKIE = Pattern.compile("(?i)((?:DefaultCookie|Cookie)\\(\\s*(?:name=)?[^=,()\\s]+(?:,\\s*value)?=)([^,;)\\s]+)");
  /** A cookie as Gatling lists a request's or response's cookies, one a line: {@code <tab>name=value, path=/, HTTPOnly}. */
  private static final Pattern LISTED_COOKIE = Pattern.compile(
      "(?im)^(\\t[^=\\s,;:]+=)([^,\\s]*)(?=,\\s*(?:domain|path|maxAge|max-age|expires|secure|httponly|samesite)\\b|[ \\t]*$)");
  /**
   * Anything token-like, whatever surrounds it: a run of 20 or more token characters holding both letters and digits (session
   * ids, JWT segments, codes). Words, numbers, hosts and paths have no such run, so the rest of a line stays readable.
   */
  private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_~+-])(?=[A-Za-z0-9_~+-]*[0-9])(?=[A-Za-z0-9_~+-]*[A-Za-z])[A-Za-z0-9_~+-]{20,}");

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }

  /** @return {@code text} with every secret replaced by {@code ****} */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    text = cookies(text);
    text = JAR_COOKIE.matcher(text).replaceAll("$1****");
    text = LISTED_COOKIE.matcher(text).replaceAll("$1****");
    text = TOKEN.matcher(text).replaceAll("****");
    Matcher m = SECRETS.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String prefix = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
      m.appendReplacement(out, Matcher.quoteReplacement(prefix + "****"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** @return {@code text} with the value of every cookie on a Cookie header line masked */
  private static String cookies(String text) {
    Matcher header = COOKIE_HEADER.matcher(text);
    if (!header.find()) return text;
    StringBuilder out = new StringBuilder(text.length());
    do {
      header.appendReplacement(out, Matcher.quoteReplacement(header.group(1) + COOKIE_PAIR.matcher(header.group(2)).replaceAll("$1****")));
    } while (header.find());
    header.appendTail(out);
    return out.toString();
  }
}
