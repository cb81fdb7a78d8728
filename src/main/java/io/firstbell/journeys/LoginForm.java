package io.firstbell.journeys;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The login form of an HTML page, found the way a person finds it: the form that holds a password
 * field, whatever the provider calls its inputs. Its absolute action URL, its method, its hidden
 * inputs (CSRF tokens, continuation state) and the names of its username and password fields.
 */
public record LoginForm(String action, String method, Map<String, String> hidden, String usernameField, String passwordField) {

  /**
   * Finds the login form of a page.
   *
   * @param html the page
   * @param pageUrl the page's own URL, against which a relative action resolves
   * @return the form
   * @throws IllegalArgumentException naming the page when it has no form with a password field
   */
  public static LoginForm parse(String html, String pageUrl) {
    if (pageUrl == null || pageUrl.isBlank()) {
      throw new IllegalArgumentException("The page URL is needed to resolve the login form's action");
    }
    Document page = Jsoup.parse(html == null ? "" : html, pageUrl);
    Element form = null;
    for (Element f : page.select("form")) {
      if (!f.select("input[type=password]").isEmpty()) {
        form = f;
        break;
      }
    }
    if (form == null) {
      String title = page.title().isBlank() ? "untitled" : page.title();
      throw new IllegalArgumentException("No login form with a password field on " + pageUrl + " ('" + title
          + "'); is this the provider's login page?");
    }
    Element password = form.selectFirst("input[type=password]");
    if (!password.hasAttr("name") || password.attr("name").isBlank()) {
      throw new IllegalArgumentException("The password field of the login form on " + pageUrl + " has no name");
    }
    String username = null;
    Elements inputs = form.select("input");
    for (Element input : inputs) {
      if (input == password) break;
      String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
      if ((type.isEmpty() || type.equals("text") || type.equals("email")) && !input.attr("name").isBlank()) {
        username = input.attr("name");
      }
    }
    if (username == null) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has no username field before its password field");
    }
    Map<String, String> hidden = new LinkedHashMap<>();
    for (Element input : form.select("input[type=hidden]")) {
      if (!input.attr("name").isBlank()) hidden.put(input.attr("name"), input.attr("value"));
    }
    String action = form.hasAttr("action") && !form.attr("action").isBlank() ? form.absUrl("action") : pageUrl;
    if (action.isEmpty()) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has an action that is not a URL: " + form.attr("action"));
    }
    String method = form.attr("method").isBlank() ? "GET" : form.attr("method").toUpperCase(java.util.Locale.ROOT);
    return new LoginForm(action, method, java.util.Collections.unmodifiableMap(hidden), username, password.attr("name")); // document order
  }

  /** @return the fields to submit: the hidden inputs, then the credentials */
  public Map<String, Object> fields(String username, String password) {
    Map<String, Object> fields = new LinkedHashMap<>(hidden);
    fields.put(usernameField, username);
    fields.put(passwordField, password);
    return fields;
  }
}
