package io.firstbell.journeys;

import static io.firstbell.journeys.LoginSteps.step;
import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.http.client.uri.Uri;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.List;
import java.util.Map;

/**
 * Steps that work on any portal's pages, for journeys of your own ({@link JourneySet}): open a login page and keep its login
 * form, found the way a person finds it ({@link LoginForm}: the form with a password field, whatever its fields are called;
 * its hidden inputs, checked boxes and default button kept as the page left them); submit it as its method says with the
 * user's credentials; keep a link found by a CSS selector and open it. Each is a {@link LoginSteps#step}: named, checked,
 * its redirects followed hop by hop, every request sent only to an allowed host.
 *
 * <p>A login page whose form asks for the username alone (identifier-first) is handled too: the username is submitted as
 * its own step and the next page's form read in turn, at most {@value #MAX_FORM_PAGES} form pages.
 */
public final class PageSteps {

  /** The failure kind of a login page without a login form (a password form, or a username form alone). */
  public static final String NO_LOGIN_FORM = "no-login-form";
  /** The failure kind of a login form the journey cannot fill in, e.g. a password field without a name. */
  public static final String LOGIN_FORM_UNUSABLE = "login-form-unusable";
  /** The failure kind of a login whose {@value #MAX_FORM_PAGES}th form page still asks for the username alone. */
  public static final String TOO_MANY_LOGIN_PAGES = "too-many-login-pages";
  /** The failure kind of {@link #openLink} when the step before kept no link ({@link #link}). */
  public static final String NO_LINK = "no-link";
  /** The most login form pages a login fills in: a username page or two, then the password page. */
  public static final int MAX_FORM_PAGES = 3;
  /** The name of the step that submits a username form alone, unless told otherwise. */
  public static final String SUBMIT_USERNAME = "Submit username";

  static final String FORM_TARGET = "fb.formTarget";
  private static final String PAGE = "fb.page";
  private static final String PAGE_URL = "fb.pageUrl";
  private static final String FORM_PAGES = "fb.formPages";
  private static final String USERNAME_ONLY = "fb.formUsernameOnly";
  private static final String FORM_IS_GET = "fb.formIsGet";
  private static final String FORM_FIELDS = "fb.formFields";
  private static final String LINK = "fb.link";
  private static final String LINK_URL = "fb.linkUrl";
  private static final String FORM_ORIGIN = "the action of the login form";
  private static final String LINK_ORIGIN = "a link of the page before";

  private PageSteps() {}

  /**
   * Opens a login page and keeps its login form for {@link #submitLoginForm}.
   *
   * @param name the step's name, e.g. {@code Open sign-in page}
   * @param url the page: relative to the portal's URL or absolute, in Gatling's expression language, e.g.
   *     {@code /auth/signin?org=#{district}}
   * @return the step; it fails at {@code name} as {@value #NO_LOGIN_FORM}, {@value #LOGIN_FORM_UNUSABLE} or
   *     {@code form-method-<method>} when the page has no login form the user can fill in
   */
  public static ChainBuilder openLoginPage(String name, String url) {
    return openLoginPage(name, "the URL of \"" + name + "\"", http(name).get(url), TOO_MANY_LOGIN_PAGES);
  }

  /**
   * Opens the link the step before kept ({@link #link}), resolved against the page it was found on, as a login page: its
   * login form is kept for {@link #submitLoginForm}.
   *
   * @param name the step's name, e.g. {@code Choose district}
   * @return the step (see {@link #openLoginPage(String, String)})
   */
  public static ChainBuilder openLinkedLoginPage(String name) {
    return exec(PageSteps::resolveLink)
        .exec(openLoginPage(name, LINK_ORIGIN, http(name).get(session -> session.getString(LINK_URL)), TOO_MANY_LOGIN_PAGES));
  }

  /** Opens a login page with {@code request} and keeps its login form; a login still asking for the username alone on its last page fails as {@code tooMany}. */
  static ChainBuilder openLoginPage(String name, String origin, HttpRequestActionBuilder request, String tooMany) {
    return exec(session -> session.remove(FORM_PAGES))
        .exec(step(name, origin, 200, request, keepPage()))
        .exec(session -> readLoginForm(session, tooMany));
  }

  /**
   * Submits the kept login form as a browser does when the user presses Enter (a {@code GET} form's fields as the query of
   * its action, a {@code POST} form's form-urlencoded), with the user's {@code username} and {@code password} in its username
   * and password fields; its redirects followed to the page the user lands on, which must answer 200 and pass {@code checks}.
   *
   * @param name the step's name, e.g. {@code Sign in}
   * @param checks what the user must see after signing in, e.g. {@code css("nav.launcher").exists()} and a {@link #link} to
   *     follow next
   * @return the step, after the step {@value #SUBMIT_USERNAME} for each page that asks for the username alone
   */
  public static ChainBuilder submitLoginForm(String name, CheckBuilder... checks) {
    return submitLoginForm(SUBMIT_USERNAME, name, 200, checks);
  }

  /**
   * Submits the kept login form (see {@link #submitLoginForm(String, CheckBuilder...)}).
   *
   * @param usernameStep the name of the step that submits a form asking for the username alone
   * @param expectedStatus the status that means the step worked: 200 after its redirects are followed, or a 3xx that is
   *     not followed (its {@code Location} for {@code checks} to keep)
   * @return the step
   */
  public static ChainBuilder submitLoginForm(String usernameStep, String name, int expectedStatus, CheckBuilder... checks) {
    return submitLoginForm(usernameStep, name, expectedStatus, FORM_ORIGIN, TOO_MANY_LOGIN_PAGES, checks);
  }

  static ChainBuilder submitLoginForm(String usernameStep, String name, int expectedStatus, String origin, String tooMany, CheckBuilder... checks) {
    // identifier-first: the username alone, then the next page's form, as often as the pages bound allows
    return asLongAs(session -> session.getBoolean(USERNAME_ONLY), "fb.formPage")
        .on(exec(submitForm(usernameStep, origin, 200, keepPage())).exec(session -> readLoginForm(session, tooMany)))
        .exec(submitForm(name, origin, expectedStatus, checks))
        .exec(session -> session.remove(FORM_FIELDS));
  }

  /**
   * A check that keeps the {@code href} of the first element that {@code selector} finds, for {@link #openLink} or
   * {@link #openLinkedLoginPage} to open next; without such an element the step fails as {@code check}.
   *
   * @param selector a CSS selector in Gatling's expression language, e.g. {@code a.org-link[data-org='#{district}']} or
   *     {@code div.tile[data-name=math] a}
   * @return the check
   */
  public static CheckBuilder link(String selector) {
    return css(selector, "href").saveAs(LINK);
  }

  /**
   * Opens the link the step before kept ({@link #link}), resolved against the page it was found on; its redirects followed
   * to the page the user lands on, which must answer 200 and pass {@code checks}.
   *
   * @param name the step's name, e.g. {@code Open Math Quest}
   * @param checks what the user must see there, e.g. {@code css("h2.greeting").exists()}
   * @return the step; when no link was kept it fails as {@value #NO_LINK} without sending anything
   */
  public static ChainBuilder openLink(String name, CheckBuilder... checks) {
    return exec(PageSteps::resolveLink).exec(step(name, LINK_ORIGIN, 200, http(name).get(session -> session.getString(LINK_URL)), checks));
  }

  /** @return the checks that keep the response as the page whose login form {@link #readLoginForm} reads */
  static CheckBuilder[] keepPage() {
    return new CheckBuilder[] {bodyString().saveAs(PAGE), currentLocation().saveAs(PAGE_URL)};
  }

  /** @return the session with the kept link resolved against the page it was found on, or failed as {@value #NO_LINK} */
  private static Session resolveLink(Session session) {
    if (!session.contains(LINK)) {
      return LoginSteps.fail(session, NO_LINK, "no link was kept: give the step before a PageSteps.link(selector) check");
    }
    String link = session.getString(LINK);
    String page = LoginSteps.lastUrl(session);
    String url = page == null ? link : Uri.create(Uri.create(page), link.trim()).toUrl();
    return session.remove(LINK).set(LINK_URL, url);
  }

  /**
   * Reads the kept page for its login form, keeping what submitting it takes; the first page's password form must name its
   * username field, a later one need not.
   *
   * @return the session with the form, or failed as {@value #NO_LOGIN_FORM}, {@value #LOGIN_FORM_UNUSABLE},
   *     {@code form-method-<method>} or, on the last page the login fills in, {@code tooMany}
   */
  static Session readLoginForm(Session session, String tooMany) {
    int pages = session.contains(FORM_PAGES) ? session.getInt(FORM_PAGES) + 1 : 1;
    String url = session.getString(PAGE_URL);
    Session s = session.remove(PAGE).set(FORM_PAGES, pages).set(USERNAME_ONLY, false).set(FORM_IS_GET, false);
    LoginForm form;
    try {
      form = LoginForm.parse(session.getString(PAGE), url, pages == 1);
    } catch (LoginForm.NotFound e) {
      return LoginSteps.fail(s, NO_LOGIN_FORM, e.getMessage());
    } catch (IllegalArgumentException e) {
      return LoginSteps.fail(s, LOGIN_FORM_UNUSABLE, e.getMessage());
    }
    if (form.usernameOnly() && pages >= MAX_FORM_PAGES) {
      return LoginSteps.fail(s, tooMany, "page " + pages + " of the login (" + url + ") still asks for the username alone");
    }
    s = s.set(FORM_TARGET, form.target()).set(FORM_FIELDS, form.fields(session.getString("username"), session.getString("password")));
    String failure = form.methodFailure();
    return failure == null ? s.set(FORM_IS_GET, form.isGet()).set(USERNAME_ONLY, form.usernameOnly()) : LoginSteps.fail(s, failure);
  }

  /** @return the step that submits the kept login form as a browser does: a GET form's fields as the query of its action, a POST form's in the body */
  private static ChainBuilder submitForm(String name, String origin, int expectedStatus, CheckBuilder... checks) {
    return doIfOrElse(session -> session.getBoolean(FORM_IS_GET))
        .then(step(name, origin, expectedStatus,
            http(name).get(session -> session.getString(FORM_TARGET)).queryParamSeq(PageSteps::formFields), checks))
        .orElse(step(name, origin, expectedStatus,
            http(name).post(session -> session.getString(FORM_TARGET)).formParamSeq(PageSteps::formFields), checks));
  }

  /** @return the login form's fields with the user's credentials, as the journey kept them */
  private static List<Map.Entry<String, Object>> formFields(Session session) {
    return session.get(FORM_FIELDS);
  }
}
