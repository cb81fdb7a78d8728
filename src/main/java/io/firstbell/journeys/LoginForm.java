package io.firstbell.journeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Connection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * The login form of an HTML page, found the way a person finds it: the form that holds a password
 * field, whatever the provider calls its inputs. Its absolute action URL, its method, the data it
 * submits as the page left it (hidden inputs such as CSRF tokens and continuation state, prefilled
 * fields, the submit button) and the names of its username and password fields.
 *
 * @param action the absolute URL the form submits to
 * @param method the form's method upper-cased as written ({@link #GET} when absent or blank, as in HTML);
 *     a journey submits only {@link #GET} and {@link #POST} forms
 * @param data the form's data in document order, names repeated as the form repeats them
 * @param usernameField the name of the username field
 * @param passwordField the name of the password field
 */
public record LoginForm(String action, String method, List<Map.Entry<String, String>> data, String usernameField, String passwordField) {

  /** The method of a form that submits its fields as the query of its action URL. */
  public static final String GET = "GET";
  /** The method of a form that submits its fields form-urlencoded in the request body. */
  public static final String POST = "POST";

  /** The button that submits a form when the user presses Enter: its first submit button. */
  private static final String DEFAULT_BUTTON = "button:not([type]), button[type=submit], input[type=submit]";

  /** A login form; its data is copied and cannot be changed. */
  public LoginForm {
    data = List.copyOf(data);
  }

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
    FormElement form = null;
    for (FormElement f : page.select("form").forms()) {
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
    for (Element input : form.select("input")) {
      if (input == password) break;
      String type = input.attr("type").toLowerCase(Locale.ROOT);
      if ((type.isEmpty() || type.equals("text") || type.equals("email")) && !input.attr("name").isBlank()) {
        username = input.attr("name");
      }
    }
    if (username == null) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has no username field before its password field");
    }
    String action = form.hasAttr("action") && !form.attr("action").isBlank() ? form.absUrl("action") : pageUrl;
    if (action.isEmpty()) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has an action that is not a URL: " + form.attr("action"));
    }
    String method = form.attr("method").isBlank() ? GET : form.attr("method").trim().toUpperCase(Locale.ROOT);
    return new LoginForm(action, method, data(form), username, password.attr("name"));
  }

  /**
   * The data a browser submits when the user presses Enter: jsoup's form data, with the default button
   * as the only submit button sent (jsoup would send every submit input, and no {@code <button>}).
   */
  private static List<Map.Entry<String, String>> data(FormElement form) {
    Element submitter = form.selectFirst(DEFAULT_BUTTON);
    for (Element button : form.select("input[type=submit]")) {
      if (button != submitter) button.attr("disabled", true);
    }
    List<Map.Entry<String, String>> data = new ArrayList<>();
    for (Connection.KeyVal field : form.formData()) data.add(Map.entry(field.key(), field.value()));
    if (submitter != null && submitter.nameIs("button") && !submitter.attr("name").isBlank() && !submitter.hasAttr("disabled")) {
      data.add(Map.entry(submitter.attr("name"), submitter.val()));
    }
    return data;
  }

  /** @return whether the form submits its fields as a query ({@link #GET}, whatever the case it was written in) */
  public boolean isGet() {
    return GET.equals(method);
  }

  /** @return whether the form submits its fields in the request body ({@link #POST}) */
  public boolean isPost() {
    return POST.equals(method);
  }

  /**
   * @return null for a form a journey can submit ({@link #GET} or {@link #POST}); else the failure kind of the login,
   *     {@code form-method-<method>} in a few safe characters, e.g. {@code form-method-dialog}
   */
  public String methodFailure() {
    if (isGet() || isPost()) return null;
    String name = method.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "form-method-" + (name.length() > 16 ? name.substring(0, 16) : name);
  }

  /**
   * @return the URL the form's request goes to: its action, without the action's query for a {@link #GET} form
   *     (the submitted fields replace it, as in a browser), never with a fragment
   */
  public String target() {
    int end = action.indexOf('#');
    if (end < 0) end = action.length();
    if (isGet()) {
      int query = action.indexOf('?');
      if (query >= 0 && query < end) end = query;
    }
    return action.substring(0, end);
  }

  /**
   * @return the fields to submit: the form's data in document order with the credentials as the values of its username
   *     and password fields (appended when the form does not submit those fields, e.g. when they are disabled)
   */
  public List<Map.Entry<String, Object>> fields(String username, String password) {
    List<Map.Entry<String, Object>> fields = new ArrayList<>();
    boolean hasUsername = false;
    boolean hasPassword = false;
    for (Map.Entry<String, String> field : data) {
      String name = field.getKey();
      if (name.equals(passwordField)) {
        fields.add(Map.entry(name, password));
        hasPassword = true;
      } else if (name.equals(usernameField)) {
        fields.add(Map.entry(name, username));
        hasUsername = true;
      } else {
        fields.add(Map.entry(name, field.getValue()));
      }
    }
    if (!hasUsername) fields.add(Map.entry(usernameField, username));
    if (!hasPassword) fields.add(Map.entry(passwordField, password));
    return fields;
  }
}
