package io.firstbell.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding a login form the way a person does: the form with the password field, whatever its inputs are called. */
class LoginFormTest {

  private static final String PAGE = "https://sso.example.org/realms/district-7/protocol/openid-connect/auth?client_id=portal";

  /** A page whose only form is a login form with {@code formAttributes} and username/password inputs. */
  private static String page(String formAttributes) {
    return "<html><head><title>Sign in</title></head><body>"
        + "<form" + formAttributes + ">"
        + "<input type=\"text\" name=\"user\">"
        + "<input type=\"password\" name=\"pass\">"
        + "</form></body></html>";
  }

  private static String failure(String html, String pageUrl) {
    return assertThrows(IllegalArgumentException.class, () -> LoginForm.parse(html, pageUrl)).getMessage();
  }

  // --- the action -----------------------------------------------------------------------------

  @Test
  void relativeActionResolvesAgainstThePageUrl() {
    LoginForm form = LoginForm.parse(page(" action=\"login-actions/authenticate\" method=\"post\""), PAGE);
    assertEquals("https://sso.example.org/realms/district-7/protocol/openid-connect/login-actions/authenticate", form.action());
  }

  @Test
  void rootRelativeActionResolvesAgainstThePageHost() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\" method=\"post\""), PAGE);
    assertEquals("https://sso.example.org/login", form.action());
  }

  @Test
  void absoluteActionIsKeptAsIs() {
    LoginForm form = LoginForm.parse(page(" action=\"https://idp.other.example.com/sso/login?x=1\" method=\"post\""), PAGE);
    assertEquals("https://idp.other.example.com/sso/login?x=1", form.action());
  }

  @Test
  void emptyActionPostsToThePageItself() {
    LoginForm form = LoginForm.parse(page(" action=\"\" method=\"post\""), PAGE);
    assertEquals(PAGE, form.action());
  }

  @Test
  void blankActionPostsToThePageItself() {
    LoginForm form = LoginForm.parse(page(" action=\"   \" method=\"post\""), PAGE);
    assertEquals(PAGE, form.action());
  }

  @Test
  void missingActionPostsToThePageItself() {
    LoginForm form = LoginForm.parse(page(" method=\"post\""), PAGE);
    assertEquals(PAGE, form.action());
  }

  @Test
  void htmlEntitiesInTheActionAreDecoded() {
    LoginForm form = LoginForm.parse(page(" action=\"/login?a=1&amp;b=2\" method=\"post\""), PAGE);
    assertEquals("https://sso.example.org/login?a=1&b=2", form.action());
  }

  @Test
  void relativeActionOnAPageUrlThatIsNotAUrlIsRefusedNamingTheAction() {
    assertEquals("The login form on not a url has an action that is not a URL: /login",
        failure(page(" action=\"/login\" method=\"post\""), "not a url"));
  }

  // --- the method -----------------------------------------------------------------------------

  @Test
  void methodGetIsAGetForm() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\" method=\"get\""), PAGE);
    assertEquals("GET", form.method());
    assertTrue(form.isGet());
    assertFalse(form.isPost());
  }

  @Test
  void methodPostIsAPostForm() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\" method=\"post\""), PAGE);
    assertEquals("POST", form.method());
    assertTrue(form.isPost());
    assertFalse(form.isGet());
  }

  @Test
  void methodIsMatchedWhateverItsCase() {
    assertEquals("POST", LoginForm.parse(page(" action=\"/login\" method=\"PoSt\""), PAGE).method());
    assertEquals("GET", LoginForm.parse(page(" action=\"/login\" method=\"GET\""), PAGE).method());
    assertTrue(LoginForm.parse(page(" action=\"/login\" method=\" Post \""), PAGE).isPost());
  }

  @Test
  void absentMethodIsGetAsInHtml() {
    assertTrue(LoginForm.parse(page(" action=\"/login\""), PAGE).isGet());
  }

  @Test
  void blankMethodIsGetAsInHtml() {
    assertTrue(LoginForm.parse(page(" action=\"/login\" method=\" \""), PAGE).isGet());
  }

  @Test
  void dialogMethodIsKeptAndIsNeitherGetNorPost() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\" method=\"dialog\""), PAGE);
    assertEquals("DIALOG", form.method());
    assertFalse(form.isGet());
    assertFalse(form.isPost());
  }

  @Test
  void getAndPostFormsCanBeSubmitted() {
    assertNull(LoginForm.parse(page(" action=\"/login\" method=\"get\""), PAGE).methodFailure());
    assertNull(LoginForm.parse(page(" action=\"/login\" method=\"post\""), PAGE).methodFailure());
    assertNull(LoginForm.parse(page(" action=\"/login\""), PAGE).methodFailure());
  }

  @Test
  void aDialogFormFailsTheLoginAsFormMethodDialog() {
    assertEquals("form-method-dialog", LoginForm.parse(page(" action=\"/login\" method=\"dialog\""), PAGE).methodFailure());
  }

  @Test
  void anUnknownMethodFailsTheLoginNamingItInAFewSafeCharacters() {
    assertEquals("form-method-put", LoginForm.parse(page(" method=\"PUT\""), PAGE).methodFailure());
    assertEquals("form-method-x-y-0123456789ab", LoginForm.parse(page(" method=\"x/y 0123456789abcdefghij\""), PAGE).methodFailure());
  }

  // --- where it submits to --------------------------------------------------------------------

  @Test
  void aGetFormSubmitsToItsActionWithoutTheActionsQuery() {
    LoginForm form = LoginForm.parse(page(" action=\"/login?session=s1&amp;tab=2#top\" method=\"get\""), PAGE);
    assertEquals("https://sso.example.org/login?session=s1&tab=2#top", form.action());
    assertEquals("https://sso.example.org/login", form.target());
  }

  @Test
  void aPostFormSubmitsToItsActionWithItsQuery() {
    LoginForm form = LoginForm.parse(page(" action=\"/login?session=s1&amp;tab=2#top\" method=\"post\""), PAGE);
    assertEquals("https://sso.example.org/login?session=s1&tab=2", form.target());
  }

  // --- the data it submits --------------------------------------------------------------------

  @Test
  void everyNamedHiddenInputIsSubmittedWithItsValue() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"t0k3n\">"
        + "<input type=\"text\" name=\"user\">"
        + "<input type=\"hidden\" name=\"state\" value=\"af0ifjsldkj\">"
        + "<input type=\"password\" name=\"pass\">"
        + "<input type=\"hidden\" name=\"empty\" value=\"\">"
        + "<input type=\"hidden\" name=\"novalue\">"
        + "<input type=\"HIDDEN\" name=\"upper\" value=\"u\">"
        + "<input type=\"hidden\" value=\"nameless\">"
        + "<input type=\"hidden\" name=\"\" value=\"blank-name\">"
        + "</form>";
    assertEquals(entries("csrf", "t0k3n", "user", "", "state", "af0ifjsldkj", "pass", "", "empty", "", "novalue", "", "upper", "u"),
        LoginForm.parse(html, PAGE).data());
  }

  @Test
  void hiddenInputValuesAreEntityDecoded() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input type=\"hidden\" name=\"continue\" value=\"/app?x=1&amp;y=&quot;2&quot;\">"
        + "<input name=\"user\"><input type=\"password\" name=\"pass\"></form>";
    assertEquals(entries("continue", "/app?x=1&y=\"2\"", "user", "", "pass", ""), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void inputsOfOtherFormsAreNotSubmitted() {
    String html = "<form action=\"/search\"><input type=\"hidden\" name=\"scope\" value=\"site\"><input name=\"q\"></form>"
        + "<form action=\"/login\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"c\">"
        + "<input name=\"user\"><input type=\"password\" name=\"pass\"></form>";
    assertEquals(entries("csrf", "c", "user", "", "pass", ""), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void prefilledFieldsCheckedBoxesSelectedOptionsAndTextareasAreSubmittedAsTheyStand() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input name=\"district\" value=\"d7\">"
        + "<select name=\"school\"><option value=\"a\">A</option><option value=\"b\" selected>B</option></select>"
        + "<select name=\"lang\"><option value=\"en\">English</option><option value=\"es\">Spanish</option></select>"
        + "<input name=\"user\"><input type=\"password\" name=\"pass\">"
        + "<input type=\"checkbox\" name=\"remember\" checked>"
        + "<input type=\"checkbox\" name=\"unchecked\" value=\"x\">"
        + "<input type=\"radio\" name=\"mode\" value=\"quick\"><input type=\"radio\" name=\"mode\" value=\"safe\" checked>"
        + "<textarea name=\"note\">hi</textarea>"
        + "<input name=\"off\" value=\"no\" disabled>"
        + "<input type=\"button\" name=\"help\" value=\"?\">"
        + "</form>";
    assertEquals(entries("district", "d7", "school", "b", "lang", "en", "user", "", "pass", "", "remember", "on", "mode", "safe", "note", "hi"),
        LoginForm.parse(html, PAGE).data());
  }

  @Test
  void aNameTheFormRepeatsIsSubmittedOncePerField() {
    String html = "<form action=\"/login\" method=\"get\">"
        + "<input type=\"hidden\" name=\"scope\" value=\"openid\"><input type=\"hidden\" name=\"scope\" value=\"profile\">"
        + "<input name=\"user\"><input type=\"password\" name=\"pass\"></form>";
    assertEquals(entries("scope", "openid", "scope", "profile", "user", "", "pass", ""), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void onlyTheFirstSubmitButtonIsSubmittedAsPressingEnterDoes() {
    String html = "<form action=\"/login\" method=\"post\"><input name=\"user\"><input type=\"password\" name=\"pass\">"
        + "<input type=\"submit\" name=\"login\" value=\"Sign in\"><input type=\"submit\" name=\"cancel\" value=\"Cancel\"></form>";
    assertEquals(entries("user", "", "pass", "", "login", "Sign in"), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void aNamedSubmitButtonElementIsSubmitted() {
    // e.g. a Shibboleth identity provider's login page, whose flow needs the button's name
    String html = "<form action=\"/idp/profile/SAML2/Redirect/SSO?execution=e1s1\" method=\"post\">"
        + "<input name=\"j_username\"><input type=\"password\" name=\"j_password\">"
        + "<button type=\"button\" name=\"show\">Show password</button>"
        + "<button name=\"_eventId_proceed\">Login</button>"
        + "<input type=\"submit\" name=\"other\" value=\"Other\"></form>";
    assertEquals(entries("j_username", "", "j_password", "", "_eventId_proceed", ""), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void anUnnamedSubmitButtonIsNotSubmitted() {
    String html = "<form action=\"/login\" method=\"post\"><input name=\"user\"><input type=\"password\" name=\"pass\">"
        + "<button type=\"submit\">Log in</button><input type=\"submit\" name=\"cancel\" value=\"Cancel\"></form>";
    assertEquals(entries("user", "", "pass", ""), LoginForm.parse(html, PAGE).data());
  }

  @Test
  void theDataCannotBeChanged() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\""), PAGE);
    assertThrows(UnsupportedOperationException.class, () -> form.data().add(Map.entry("x", "y")));
  }

  // --- which form -----------------------------------------------------------------------------

  @Test
  void theFormWithThePasswordFieldWinsOverASearchFormBeforeIt() {
    String html = "<html><head><title>District 7</title></head><body>"
        + "<form id=\"search\" action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\"><input type=\"submit\"></form>"
        + "<form action=\"/login\" method=\"post\">"
        + "<input type=\"email\" name=\"login_email\"><input type=\"password\" name=\"login_password\"></form>"
        + "<form action=\"/newsletter\" method=\"post\"><input type=\"text\" name=\"email\"></form>"
        + "</body></html>";
    assertEquals(new LoginForm("https://sso.example.org/login", "POST", entries("login_email", "", "login_password", ""), "login_email", "login_password"),
        LoginForm.parse(html, PAGE));
  }

  @Test
  void theFirstFormWithAPasswordFieldWins() {
    String html = "<form action=\"/first\" method=\"post\"><input name=\"a\"><input type=\"password\" name=\"pa\"></form>"
        + "<form action=\"/second\" method=\"post\"><input name=\"b\"><input type=\"password\" name=\"pb\"></form>";
    LoginForm form = LoginForm.parse(html, PAGE);
    assertEquals("https://sso.example.org/first", form.action());
    assertEquals("a", form.usernameField());
    assertEquals("pa", form.passwordField());
  }

  @Test
  void passwordTypeIsMatchedWhateverItsCase() {
    String html = "<form action=\"/login\" method=\"post\"><input type=\"TEXT\" name=\"user\"><input type=\"Password\" name=\"pw\"></form>";
    LoginForm form = LoginForm.parse(html, PAGE);
    assertEquals("user", form.usernameField());
    assertEquals("pw", form.passwordField());
  }

  // --- the username and password fields -------------------------------------------------------

  @Test
  void usernameFieldMayBeOfTypeEmail() {
    String html = "<form action=\"/login\" method=\"post\"><input type=\"email\" name=\"mail\"><input type=\"password\" name=\"pw\"></form>";
    assertEquals("mail", LoginForm.parse(html, PAGE).usernameField());
  }

  @Test
  void usernameFieldMayHaveNoType() {
    String html = "<form action=\"/login\" method=\"post\"><input name=\"login\"><input type=\"password\" name=\"pw\"></form>";
    assertEquals("login", LoginForm.parse(html, PAGE).usernameField());
  }

  @Test
  void usernameFieldIsTheLastTextInputBeforeThePassword() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input type=\"text\" name=\"district\">"
        + "<input type=\"text\" name=\"student_id\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"c\">"
        + "<input type=\"checkbox\" name=\"remember\">"
        + "<input type=\"text\" value=\"nameless\">"
        + "<input type=\"password\" name=\"pw\">"
        + "<input type=\"text\" name=\"after_password\">"
        + "</form>";
    assertEquals("student_id", LoginForm.parse(html, PAGE).usernameField());
  }

  @Test
  void noUsernameFieldBeforeThePasswordIsRefused() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input type=\"hidden\" name=\"username\" value=\"alice\">"
        + "<input type=\"password\" name=\"pw\">"
        + "<input type=\"text\" name=\"after\">"
        + "</form>";
    assertEquals("The login form on " + PAGE + " has no username field before its password field", failure(html, PAGE));
  }

  @Test
  void passwordFieldWithoutANameIsRefused() {
    String html = "<form action=\"/login\" method=\"post\"><input name=\"user\"><input type=\"password\"></form>";
    assertEquals("The password field of the login form on " + PAGE + " has no name", failure(html, PAGE));
  }

  @Test
  void passwordFieldWithABlankNameIsRefused() {
    String html = "<form action=\"/login\" method=\"post\"><input name=\"user\"><input type=\"password\" name=\" \"></form>";
    assertEquals("The password field of the login form on " + PAGE + " has no name", failure(html, PAGE));
  }

  // --- pages without a login form -------------------------------------------------------------

  @Test
  void pageWithoutAPasswordFieldIsRefusedNamingItsUrlAndTitle() {
    String html = "<html><head><title>Choose your school</title></head><body>"
        + "<form action=\"/search\"><input type=\"text\" name=\"q\"></form></body></html>";
    assertEquals("No login form with a password or username field on " + PAGE + " ('Choose your school'); is this the provider's login page?",
        failure(html, PAGE));
  }

  @Test
  void untitledPageWithoutAPasswordFieldIsCalledUntitled() {
    assertEquals("No login form with a password or username field on " + PAGE + " ('untitled'); is this the provider's login page?",
        failure("<p>Service unavailable</p>", PAGE));
  }

  @Test
  void passwordFieldOutsideAnyFormIsNotALoginForm() {
    String html = "<html><head><title>Broken</title></head><body><input name=\"user\"><input type=\"password\" name=\"pw\"></body></html>";
    assertEquals("No login form with a password or username field on " + PAGE + " ('Broken'); is this the provider's login page?",
        failure(html, PAGE));
  }

  @Test
  void nullPageIsRefusedAsAPageWithoutALoginForm() {
    assertEquals("No login form with a password or username field on " + PAGE + " ('untitled'); is this the provider's login page?",
        failure(null, PAGE));
  }

  @Test
  void nullPageUrlIsRefused() {
    assertEquals("The page URL is needed to resolve the login form's action", failure(page(" action=\"/login\""), null));
  }

  @Test
  void blankPageUrlIsRefused() {
    assertEquals("The page URL is needed to resolve the login form's action", failure(page(" action=\"/login\""), " "));
  }

  // --- the fields to submit -------------------------------------------------------------------

  @Test
  void fieldsAreTheFormsDataInDocumentOrderWithTheCredentialsUnderTheFormsOwnNames() {
    String html = "<form action=\"/login\" method=\"post\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"t0k3n\">"
        + "<input type=\"email\" name=\"identifier\">"
        + "<input type=\"password\" name=\"secret\">"
        + "<input type=\"hidden\" name=\"continue\" value=\"/app\">"
        + "</form>";
    assertEquals(entries("csrf", "t0k3n", "identifier", "alice@district7.example", "secret", "hunter2", "continue", "/app"),
        LoginForm.parse(html, PAGE).fields("alice@district7.example", "hunter2"));
  }

  @Test
  void credentialsReplaceAPrefilledValueOfTheSameName() {
    LoginForm form = new LoginForm("https://sso.example.org/login", "POST",
        entries("username", "prefilled", "csrf", "c", "password", "", "username", ""), "username", "password");
    assertEquals(entries("username", "bob", "csrf", "c", "password", "pw", "username", "bob"), form.fields("bob", "pw"));
  }

  @Test
  void credentialsTheFormDoesNotSubmitAreAppended() {
    String html = "<form action=\"/login\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"c\">"
        + "<input name=\"user\" disabled><input type=\"password\" name=\"pass\" disabled></form>";
    assertEquals(entries("csrf", "c", "user", "u", "pass", "p"), LoginForm.parse(html, PAGE).fields("u", "p"));
  }

  @Test
  void fieldsAreAFreshListEachTime() {
    LoginForm form = LoginForm.parse(page(" action=\"/login\""), PAGE);
    List<Map.Entry<String, Object>> first = form.fields("a", "b");
    first.add(Map.entry("extra", "x"));
    assertEquals(entries("user", "c", "pass", "d"), form.fields("c", "d"));
    assertEquals(entries("user", "", "pass", ""), form.data());
  }

  @Test
  void hiddenInputsKeepTheirDocumentOrder() {
    StringBuilder html = new StringBuilder("<form action=\"/login\" method=\"post\">");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = "h" + (char) ('z' - i);
      expected.add(name);
      html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"v").append(i).append("\">");
    }
    html.append("<input name=\"user\"><input type=\"password\" name=\"pass\"></form>");
    expected.add("user");
    expected.add("pass");
    assertEquals(expected, LoginForm.parse(html.toString(), PAGE).fields("u", "p").stream().map(Map.Entry::getKey).toList());
  }

  /** @return the name/value pairs {@code nameValues} holds, in order */
  private static List<Map.Entry<String, String>> entries(String... nameValues) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) out.add(Map.entry(nameValues[i], nameValues[i + 1]));
    return out;
  }

  // --- a real provider's page -----------------------------------------------------------------

  /** Keycloak's login page, as its default theme renders it (trimmed of styles and scripts). */
  private static final String KEYCLOAK_PAGE_URL =
      "https://sso.example.org/realms/district-7/protocol/openid-connect/auth?client_id=portal&redirect_uri=https%3A%2F%2Fportal.example.org%2Fcb"
          + "&response_type=code&scope=openid&state=s7&nonce=n7";

  private static final String KEYCLOAK_PAGE = """
      <!DOCTYPE html>
      <html class="login-pf">
      <head>
          <meta charset="utf-8">
          <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
          <meta name="robots" content="noindex, nofollow">
          <meta name="viewport" content="width=device-width,initial-scale=1"/>
          <title>Sign in to District 7</title>
          <link rel="icon" href="/resources/abc12/login/keycloak/img/favicon.ico" />
      </head>
      <body class="">
      <div class="login-pf-page">
          <div id="kc-header" class="login-pf-page-header">
              <div id="kc-header-wrapper" class="">District 7</div>
          </div>
          <div class="card-pf">
              <header class="login-pf-header">
                  <div id="kc-locale">
                      <form id="kc-locale-form" action="/realms/district-7/locale" method="get">
                          <select name="kc_locale"><option value="en">English</option><option value="es">Espa&ntilde;ol</option></select>
                      </form>
                  </div>
                  <h1 id="kc-page-title">Sign in to your account</h1>
              </header>
              <div id="kc-content">
                  <div id="kc-content-wrapper">
                      <div id="kc-form">
                          <div id="kc-form-wrapper">
                              <form id="kc-form-login" onsubmit="login.disabled = true; return true;" action="https://sso.example.org/realms/district-7/login-actions/authenticate?session_code=Xq4mUx_2vRk8Jp0QnLz3aT9bYc1dEf5gHi6jKl7mNo&amp;execution=f7e3c9a2-5b1d-4e8f-9a0c-2d6b8e4f1a3c&amp;client_id=portal&amp;tab_id=Ab3dEf6GhIj" method="post">
                                  <div class="form-group">
                                      <label for="username" class="pf-c-form__label pf-c-form__label-text">Username or email</label>
                                      <input tabindex="1" id="username" class="pf-c-form-control" name="username" value="" type="text" autofocus autocomplete="off" aria-invalid="" />
                                  </div>
                                  <div class="form-group">
                                      <label for="password" class="pf-c-form__label pf-c-form__label-text">Password</label>
                                      <input tabindex="2" id="password" class="pf-c-form-control" name="password" type="password" autocomplete="off" aria-invalid="" />
                                  </div>
                                  <div class="form-group login-pf-settings">
                                      <div id="kc-form-options">
                                          <div class="checkbox">
                                              <label><input tabindex="3" id="rememberMe" name="rememberMe" type="checkbox"> Remember me</label>
                                          </div>
                                      </div>
                                      <div class="kc-form-options-wrapper">
                                          <span><a tabindex="5" href="/realms/district-7/login-actions/reset-credentials?client_id=portal&amp;tab_id=Ab3dEf6GhIj">Forgot Password?</a></span>
                                      </div>
                                  </div>
                                  <div id="kc-form-buttons" class="form-group">
                                      <input type="hidden" id="id-hidden-input" name="credentialId"/>
                                      <input tabindex="4" class="pf-c-button pf-m-primary pf-m-block btn-lg" name="login" id="kc-login" type="submit" value="Sign In"/>
                                  </div>
                              </form>
                          </div>
                      </div>
                  </div>
              </div>
          </div>
      </div>
      </body>
      </html>
      """;

  private static final LoginForm KEYCLOAK_FORM = new LoginForm(
      "https://sso.example.org/realms/district-7/login-actions/authenticate?session_code=Xq4mUx_2vRk8Jp0QnLz3aT9bYc1dEf5gHi6jKl7mNo"
          + "&execution=f7e3c9a2-5b1d-4e8f-9a0c-2d6b8e4f1a3c&client_id=portal&tab_id=Ab3dEf6GhIj",
      "POST", entries("username", "", "password", "", "credentialId", "", "login", "Sign In"), "username", "password");

  @Test
  void keycloakLoginPageYieldsItsLoginForm() {
    assertEquals(KEYCLOAK_FORM, LoginForm.parse(KEYCLOAK_PAGE, KEYCLOAK_PAGE_URL));
  }

  @Test
  void keycloakLoginFormSubmitsTheCredentialsItsHiddenCredentialIdAndItsSignInButtonButNotTheUncheckedRememberMe() {
    assertEquals(entries("username", "s123456", "password", "Sunflower-42", "credentialId", "", "login", "Sign In"),
        LoginForm.parse(KEYCLOAK_PAGE, KEYCLOAK_PAGE_URL).fields("s123456", "Sunflower-42"));
  }

  @Test
  void keycloakLoginFormIsFoundWithoutItsProviderSpecificIdsAndClasses() {
    String anonymous = KEYCLOAK_PAGE.replaceAll(" (id|class|for|tabindex)=\"[^\"]*\"", "");
    assertNotEquals(KEYCLOAK_PAGE, anonymous);
    assertEquals(-1, anonymous.indexOf("kc-form-login"));
    assertEquals(-1, anonymous.indexOf(" id=\""));
    assertEquals(KEYCLOAK_FORM, LoginForm.parse(anonymous, KEYCLOAK_PAGE_URL));
  }

  @Test
  void keycloakLoginFormIsFoundWhateverItsInputsAreCalled() {
    String renamed = KEYCLOAK_PAGE.replace("name=\"username\"", "name=\"j_username\"").replace("name=\"password\"", "name=\"j_password\"")
        .replace("id=\"kc-form-login\"", "id=\"some-other-theme\"");
    LoginForm form = LoginForm.parse(renamed, KEYCLOAK_PAGE_URL);
    assertEquals("j_username", form.usernameField());
    assertEquals("j_password", form.passwordField());
    assertEquals(KEYCLOAK_FORM.action(), form.action());
    assertEquals(entries("j_username", "u", "j_password", "p", "credentialId", "", "login", "Sign In"), form.fields("u", "p"));
  }

  // --- identifier-first logins ------------------------------------------------------------------

  /** Keycloak's username form: the username alone, the password on the next page. */
  private static final String USERNAME_FORM = "<html><head><title>Sign in</title></head><body>"
      + "<form action=\"/search\"><input type=\"text\" name=\"q\"></form>"
      + "<form id=\"kc-form-login\" action=\"login-actions/authenticate?execution=e1\" method=\"post\">"
      + "<input type=\"text\" name=\"username\" autocomplete=\"username\"><input type=\"hidden\" name=\"tab\" value=\"t\">"
      + "<input type=\"submit\" name=\"login\" value=\"Next\"></form></body></html>";

  @Test
  void aFormWithAUsernameFieldAloneIsAUsernameOnlyLoginFormAndASearchFormIsNot() {
    LoginForm form = LoginForm.parse(USERNAME_FORM, PAGE);
    assertTrue(form.usernameOnly());
    assertEquals("username", form.usernameField());
    assertNull(form.passwordField());
    assertEquals("https://sso.example.org/realms/district-7/protocol/openid-connect/login-actions/authenticate?execution=e1", form.action());
    assertEquals(entries("username", "alice", "tab", "t", "login", "Next"), form.fields("alice", "secret"));
  }

  @Test
  void aUsernameFieldAloneIsKnownByItsTypeItsAutocompleteOrItsName() {
    for (String input : List.of("<input type=\"email\" name=\"loginfmt\">", "<input name=\"x1\" autocomplete=\"email\">",
        "<input type=\"text\" name=\"identifier\">", "<input name=\"j_username\">")) {
      LoginForm form = LoginForm.parse("<form method=\"post\" action=\"/next\">" + input + "</form>", PAGE);
      assertTrue(form.usernameOnly(), input);
    }
  }

  @Test
  void aFormWithAPasswordFieldIsPreferredToAUsernameForm() {
    String html = "<form action=\"/a\"><input name=\"username\"></form><form action=\"/b\"><input name=\"u\"><input type=\"password\" name=\"p\"></form>";
    LoginForm form = LoginForm.parse(html, PAGE);
    assertFalse(form.usernameOnly());
    assertEquals("p", form.passwordField());
  }

  @Test
  void aPageWhoseFormsNameNoUsernameIsNotALoginPage() {
    String html = "<form action=\"/search\"><input type=\"text\" name=\"q\"><input type=\"hidden\" name=\"username\" value=\"a\"></form>";
    assertThrows(LoginForm.NotFound.class, () -> LoginForm.parse(html, PAGE));
  }

  @Test
  void afterTheUsernameAPasswordFormWithoutAUsernameFieldGetsThePasswordAlone() {
    String html = "<form action=\"/password\" method=\"post\"><input type=\"hidden\" name=\"username\" value=\"alice\">"
        + "<input type=\"password\" name=\"pw\"></form>";
    LoginForm form = LoginForm.parse(html, PAGE, false);
    assertFalse(form.usernameOnly());
    assertNull(form.usernameField());
    assertEquals(entries("username", "alice", "pw", "secret"), form.fields("bob", "secret"));
  }

  @Test
  void afterTheUsernameAPasswordFormThatStillHasTheUsernameFieldGetsItAgain() {
    String html = "<form action=\"/password\" method=\"post\"><input type=\"text\" name=\"user\" value=\"al\" readonly>"
        + "<input type=\"password\" name=\"pw\"></form>";
    assertEquals(entries("user", "alice", "pw", "secret"), LoginForm.parse(html, PAGE, false).fields("alice", "secret"));
  }
}
