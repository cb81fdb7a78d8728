package io.firstbell.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logback's {@code %msg} with secrets masked: passwords, badge tokens, client secrets, codes, access and
 * ID tokens, and credentials in Authorization and Cookie headers. FirstBell's logback.xml uses it for
 * every line, so a full dump of a failed HTTP exchange never shows a secret.
 */
public final class MaskedMessageConverter extends MessageConverter {

  private static final Pattern SECRETS = Pattern.compile(
      "(?i)((?:password|badge|client_secret|clientsecret|code|csrf|access_token|accesstoken|id_token|refresh_token|state|nonce|\\b[a-z_]{0,40}session[a-z_]{0,40})\"?\\s*(?:=|:|->)\\s*\"?)([^&\"\\s,;)}]+)"
          + "|((?:authorization|proxy-authorization)\\s*[:=]\\s*(?:basic|bearer)?\\s*)(\\S+)"
          + "|((?:cookie|set-cookie)\\s*[:=]\\s*[^=;\\s]+=)([^;\\s]+)");

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }

  /** @return {@code text} with every secret replaced by {@code ****} */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    Matcher m = SECRETS.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String prefix = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
      m.appendReplacement(out, Matcher.quoteReplacement(prefix + "****"));
    }
    m.appendTail(out);
    return out.toString();
  }
}
