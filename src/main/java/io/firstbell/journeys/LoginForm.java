package io.firstbell.journeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Connection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * The login form of an HTML page, found the way a person finds it: the form that holds a password
 * field, whatever the provider calls its inputs, or, on the first page of an identifier-first login
 * (the password asked on the next page), the form that holds a username field alone. Its absolute
 * action URL, its method, the data it submits as the page left it (hidden inputs such as CSRF tokens
 * and continuation state, prefilled fields, the submit button) and the names of its username and
 * password fields.
 *
 * @param action the absolute URL the form submits to
 * @param method the form's method upper-cased as written ({@link #GET} when absent or blank, as in HTML);
 *     a journey submits only {@link #GET} and {@link #POST} forms
 * @param data the form's data in document order, names repeated as the form repeats them
 * @param usernameField the name of the username field, or null for a password form after the username was
 *     submitted that does not ask for it again
 * @param passwordField the name of the password field, or null for a form that asks for the username alone
 *     ({@link #usernameOnly()})
 */
public record LoginForm(String action, String method, List<Map.Entry<String, String>> data, String usernameField, String passwordField) {

  /** The method of a form that submits its fields as the query of its action URL. */
  public static final String GET = "GET";
  /** The method of a form that submits its fields form-urlencoded in the request body. */
  public static final String POST = "POST";

  /** The button that submits a form when the user presses Enter: its first submit button. */
  private static final String DEFAULT_BUTTON = "button:not([type]), button[type=submit], input[type=submit]";

  /** What a username field is called when its type or autocomplete does not say so (e.g. Azure AD's {@code loginfmt}). */
  private static final Pattern USERNAME_NAME = Pattern.compile("(?i).*(user|login|e-?mail|ident|account).*");

  /** The failure of a page that holds no login form at all. */
  public static final class NotFound extends IllegalArgumentException {
    NotFound(String message) {
      super(message);
    }
  }

  /** A login form; its data is copied and cannot be changed. */
  public LoginForm {
    data = List.copyOf(data);
  }

  /**
   * Finds the login form of a page where the user has not yet given the username: its password form has a
   * username field, or it asks for the username alone.
   *
   * @param html the page
   * @param pageUrl the page's own URL, against which a relative action resolves
   * @return the form
   * @throws NotFound naming the page when it has no form with a password field or a username field alone
   * @throws IllegalArgumentException naming the page when its login form cannot be filled in
   */
  public static LoginForm parse(String html, String pageUrl) {
    return parse(html, pageUrl, true);
  }

  /**
   * Finds the login form of a page: the first form with a password field; else the first form that asks for
   * a username alone (a named text or email input that says it is one, by its type {@code email}, its
   * {@code autocomplete} or its name, e.g. {@code username}, {@code loginfmt}, {@code identifier}).
   *
   * @param html the page
   * @param pageUrl the page's own URL, against which a relative action resolves
   * @param usernameRequired whether a password form must have a username field (false on a page after the
   *     username was submitted, which may ask for the password alone)
   * @return the form
   * @throws NotFound naming the page when it has no login form
   * @throws IllegalArgumentException naming the page when its login form cannot be filled in
   */
  public static LoginForm parse(String html, String pageUrl, boolean usernameRequired) {
    if (pageUrl == null || pageUrl.isBlank()) {
      throw new IllegalArgumentException("The page URL is needed to resolve the login form's action");
    }
    Document page = Jsoup.parse(html == null ? "" : html, pageUrl);
    List<FormElement> forms = page.select("form").forms();
    FormElement form = forms.stream().filter(f -> f.selectFirst("input[type=password]") != null).findFirst().orElse(null);
    if (form == null) {
      for (FormElement f : forms) {
        Element username = usernameOnlyField(f);
        if (username != null) return of(f, pageUrl, username.attr("name"), null);
      }
      String title = page.title().isBlank() ? "untitled" : page.title();
      throw new NotFound("No login form with a password or username field on " + pageUrl + " ('" + title
          + "'); is this the provider's login page?");
    }
    Element password = form.selectFirst("input[type=password]");
    if (!password.hasAttr("name") || password.attr("name").isBlank()) {
      throw new IllegalArgumentException("The password field of the login form on " + pageUrl + " has no name");
    }
    String username = usernameField(form, password);
    if (username == null && usernameRequired) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has no username field before its password field");
    }
    return of(form, pageUrl, username, password.attr("name"));
  }

  private static LoginForm of(FormElement form, String pageUrl, String usernameField, String passwordField) {
    String action = form.hasAttr("action") && !form.attr("action").isBlank() ? form.absUrl("action") : pageUrl;
    if (action.isEmpty()) {
      throw new IllegalArgumentException("The login form on " + pageUrl + " has an action that is not a URL: " + form.attr("action"));
    }
    String method = form.attr("method").isBlank() ? GET : form.attr("method").trim().toUpperCase(Locale.ROOT);
    return new LoginForm(action, method, data(form), usernameField, passwordField);
  }

  /** @return the name of the username field of a password form: its last named text or email input before {@code password}, or null */
  static String usernameField(FormElement form, Element password) {
    String username = null;
    for (Element input : form.select("input")) {
      if (input == password) break;
      if (isText(input) && !input.attr("name").isBlank()) username = input.attr("name");
    }
    return username;
  }

  /**
   * @return the username field of a form without a password field: its first named text or email input that says it is
   *     a username (type {@code email}, {@code autocomplete} {@code username} or {@code email}, or a name such as
   *     {@code username}, {@code login}, {@code email}, {@code identifier}); null when it has none (e.g. a search form)
   */
  static Element usernameOnlyField(FormElement form) {
    if (form.selectFirst("input[type=password]") != null) return null;
    for (Element input : form.select("input")) {
      if (!isText(input) || input.attr("name").isBlank() || input.hasAttr("disabled")) continue;
      String autocomplete = input.attr("autocomplete").trim().toLowerCase(Locale.ROOT);
      if (input.attr("type").equalsIgnoreCase("email") || autocomplete.equals("username") || autocomplete.equals("email")
          || USERNAME_NAME.matcher(input.attr("name")).matches()) {
        return input;
      }
    }
    return null;
  }

  /** @return whether {@code input} takes text a person types: type text, email, or none */
  private static boolean isText(Element input) {
    String type = input.attr("type").trim().toLowerCase(Locale.ROOT);
    return type.isEmpty() || type.equals("text") || type.equals("email");
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

  /** @return whether the form asks for the username alone, the password coming on a later page (identifier-first login) */
  public boolean usernameOnly() {
    return passwordField == null;
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
   *     and password fields (appended when the form does not submit those fields, e.g. when they are disabled); a form
   *     without one of those fields gets no value for it
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
    if (!hasUsername && usernameField != null) fields.add(Map.entry(usernameField, username));
    if (!hasPassword && passwordField != null) fields.add(Map.entry(passwordField, password));
    return fields;
  }
}
