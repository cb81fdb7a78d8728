package io.firstbell.stack.http;

/** Minimal HTML rendering for the reference stack's pages: escaping and one page layout. */
public final class Html {

  private Html() {}

  /** @return {@code text} safe for element content and double-quoted attribute values */
  public static String escape(String text) {
    if (text == null) return "";
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }

  /**
   * Answers with the stack's error page: {@code <h1>Error N</h1>} and the reason in {@code <p id="reason">},
   * which the journeys and tests read.
   */
  public static void errorPage(io.javalin.http.Context ctx, int status, String title, String reason) {
    ctx.status(status).contentType("text/html; charset=utf-8")
        .result(page(title, "<h1>Error " + status + "</h1>\n<p id=\"reason\">" + escape(reason) + "</p>"));
  }

  /** @return a complete HTML document with {@code title} and the given (already escaped) body */
  public static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head>\n<body>\n" + body + "\n</body></html>\n";
  }

  /** @return a hidden form input */
  public static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
  }
}
