package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;
import static io.firstbell.journeys.LoginSteps.step;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The login journeys, as named steps that read like what the user does. Each expects the user's
 * {@code username}, {@code password} (a badge user's token) and {@code district} in the session, and
 * the portal as the protocol's base URL; app URLs come from the session ({@code appUrl}).
 */
public final class Journeys {

  private Journeys() {}

  // ---- portal steps ------------------------------------------------------------------------------

  /** The district login page; keeps its CSRF token. */
  public static final ChainBuilder openDistrictLoginPage =
      step("Open district login page", 200,
          http("Open district login page").get("/in/#{district}"),
          css("input[name=_csrf]", "value").saveAs("csrf"));

  /** Posts the password form; lands on the dashboard of {@code persona}, keeping the sample app tile's link. */
  static ChainBuilder submitCredentials(String persona) {
    return step("Submit credentials", 200,
        http("Submit credentials").post("/in/#{district}")
            .formParam("_csrf", "#{csrf}").formParam("username", "#{username}").formParam("password", "#{password}"),
        css("main#" + persona + "-dashboard").exists(),
        css("a.app-tile[data-app=sample]", "href").saveAs("sampleAppTile"));
  }

  /** Posts a wrong password first, as some users do, and expects the login page again with an error. */
  public static final ChainBuilder mistypePassword =
      LoginSteps.mistyped().exec(step("Mistype password", 401,
          http("Mistype password").post("/in/#{district}")
              .formParam("_csrf", "#{csrf}").formParam("username", "#{username}").formParam("password", "#{password}-typo"),
          css("#error").exists()));

  /** Scans the QR badge on the badge page and lands on the student dashboard. */
  public static final ChainBuilder scanBadge =
      step("Open badge login page", 200,
          http("Open badge login page").get("/badges?district=#{district}"),
          css("input[name=_csrf]", "value").saveAs("csrf"))
      .exec(step("Scan badge", 200,
          http("Scan badge").post("/badges").formParam("_csrf", "#{csrf}").formParam("badge", "#{password}"),
          css("main#student-dashboard").exists(),
          css("a.app-tile[data-app=sample]", "href").saveAs("sampleAppTile")));

  /** Instant login into the sample app: portal redirect, app callback with code exchange, welcome page naming the user. */
  static ChainBuilder openSampleAppTile(String persona) {
    return step("Open sample app tile", "the dashboard's sample app tile", 200,
        http("Open sample app tile").get("#{sampleAppTile}"),
        css("#user-type").is(persona),
        css("#username").isEL("#{username}"));
  }

  // ---- the journeys --------------------------------------------------------------------------------

  /** Student: district login page, credentials, dashboard, app tile, app welcome. */
  public static ChainBuilder studentPortal(double mistypeShare) {
    return portal("student", mistypeShare);
  }

  /** Student of grades K-2: badge, dashboard, app tile, app welcome. */
  public static final ChainBuilder studentBadge = exec(scanBadge, openSampleAppTile("student"));

  /** Teacher: district login page, credentials, teacher dashboard, app tile, app welcome. */
  public static ChainBuilder teacherPortal(double mistypeShare) {
    return portal("teacher", mistypeShare);
  }

  /** A {@code persona}'s portal login: district login page, credentials (mistyped once by some), dashboard, app tile, app welcome. */
  private static ChainBuilder portal(String persona, double mistypeShare) {
    return exec(openDistrictLoginPage)
        .randomSwitchOrElse().on(percent(100 * mistypeShare).then(mistypePassword)).orElse(exec(session -> session))
        .exec(submitCredentials(persona), openSampleAppTile(persona));
  }

  /**
   * Teacher, app-initiated: app home, "Log in with", authorize, district login page (no portal session
   * yet), credentials, back to the app with the code and state, welcome page.
   */
  public static final ChainBuilder teacherAppInitiated =
      step("Open app home", 200,
          http("Open app home").get("#{appUrl}/"),
          css("a#sso-login", "href").saveAs("ssoLogin"))
      .exec(step("Log in with FirstBell SSO", "the app home's login link", 200,
          // app -> authorize -> district login page, all followed
          http("Log in with FirstBell SSO").get(session -> session.getString("appUrl") + session.getString("ssoLogin") + "?district=" + session.getString("district")),
          css("input[name=_csrf]", "value").saveAs("csrf"),
          css("input[name=return_to]", "value").saveAs("returnTo")))
      .exec(step("Submit credentials", 200,
          // login -> authorize -> app callback -> welcome, all followed
          http("Submit credentials").post("/in/#{district}")
              .formParam("_csrf", "#{csrf}").formParam("return_to", "#{returnTo}")
              .formParam("username", "#{username}").formParam("password", "#{password}"),
          css("#user-type").is("teacher"),
          css("#username").isEL("#{username}")));

  /** Teacher, app-initiated while already holding a portal session: authorize answers at once. */
  public static final ChainBuilder teacherAppInitiatedWarm =
      exec(openDistrictLoginPage, submitCredentials("teacher"))
      .exec(step("Log in with FirstBell SSO (portal session)", 200,
          http("Log in with FirstBell SSO (portal session)").get("#{appUrl}/login?district=#{district}"),
          css("#user-type").is("teacher"),
          css("#username").isEL("#{username}")));

  // ---- any OpenID Connect provider ------------------------------------------------------------------

  private static final String SUBMIT_TO_PROVIDER = "Submit credentials to the provider";
  private static final String SUBMIT_USERNAME = "Submit username to the provider";
  /** The most login form pages an OIDC login fills in: a username page or two, then the password page. */
  public static final int MAX_FORM_PAGES = PageSteps.MAX_FORM_PAGES;
  /** The failure kind of a provider page without a login form (a password form, or a username form alone). */
  public static final String NO_LOGIN_FORM = PageSteps.NO_LOGIN_FORM;
  /** The failure kind of a login form the journey cannot fill in, e.g. a password field without a name. */
  public static final String LOGIN_FORM_UNUSABLE = PageSteps.LOGIN_FORM_UNUSABLE;
  /** The failure kind of a login whose {@value #MAX_FORM_PAGES}th form page still asks for the username alone. */
  public static final String TOO_MANY_FORM_PAGES = "oidc-too-many-login-pages";
  private static final String LOGIN_FORM_ACTION = "the action of the provider's login form";

  /**
   * OIDC relying party against any provider with an HTML login form: discovery, authorize, the login
   * form found by its password field and submitted as its method says (a {@code GET} form's fields as
   * the query of its action, a {@code POST} form's form-urlencoded; any other method fails the login as
   * {@code form-method-<method>}); an identifier-first provider's username form ({@link LoginForm#usernameOnly()})
   * submitted first, as its own step, and the next page's form read in turn, at most {@value #MAX_FORM_PAGES} pages
   * (else {@value #TOO_MANY_FORM_PAGES}; a page without a login form fails as {@value #NO_LOGIN_FORM}); redirects followed until {@code redirect_uri} carries the code
   * (captured, never followed), the code exchanged as the client only if the {@code state} came back
   * as sent (else {@code oidc-state-missing} or {@code oidc-state-mismatch}, or
   * {@code oidc-redirect-uri-not-reached} when the redirects never get there), with the PKCE verifier
   * when the client uses PKCE; the provider's keys fetched from its {@code jwks_uri} before the exchange,
   * and the exchange's ID token checked ({@link IdTokenCheck}: signature, {@code iss}, {@code aud},
   * {@code exp}, {@code iat}, {@code nonce}; else the login fails at the exchange as
   * {@code check-id-token-<claim>}); userinfo naming the user: its {@link OidcClient#userinfoClaim()} equal to the user's
   * {@link OidcClient#userinfoColumn()} (else the login fails at userinfo as {@value OidcClient#USERINFO_CLAIM_FAILURE}). State, nonce and PKCE verifier are fresh per login.
   *
   * @param oidc the provider: issuer, client, redirect URI, client authentication, PKCE
   */
  public static ChainBuilder oidc(OidcClient oidc) {
    return exec(session -> {
          String verifier = Pkce.verifier();
          return session.set(LoginSteps.REDIRECT_STOP, oidc.redirectUri()).set("oidcState", UUID.randomUUID().toString()).set("oidcNonce", UUID.randomUUID().toString())
              .set("oidcVerifier", verifier).set("oidcChallenge", Pkce.challenge(verifier));
        })
        .exec(step("Fetch OIDC discovery", 200,
            http("Fetch OIDC discovery").get(oidc.issuer() + "/.well-known/openid-configuration"),
            jsonPath("$.authorization_endpoint").saveAs("oidcAuthorize"),
            jsonPath("$.token_endpoint").saveAs("oidcToken"),
            jsonPath("$.userinfo_endpoint").saveAs("oidcUserinfo"),
            jsonPath("$.jwks_uri").saveAs("oidcJwksUri")))
        // -> the provider's login page, redirects followed, its login form kept
        .exec(PageSteps.openLoginPage("Start authorization", "the authorization_endpoint of OIDC discovery",
            http("Start authorization").get(session -> session.getString("oidcAuthorize")
                + "?response_type=code&scope=" + encode("openid profile") + "&client_id=" + encode(oidc.clientId())
                + "&redirect_uri=" + encode(oidc.redirectUri()) + "&state=" + session.getString("oidcState")
                + "&nonce=" + session.getString("oidcNonce")
                + (oidc.pkce() ? "&code_challenge=" + session.getString("oidcChallenge") + "&code_challenge_method=S256" : "")),
            TOO_MANY_FORM_PAGES))
        // identifier-first: the username alone first, then the next page's form; the credentials' answer is a redirect, not followed
        .exec(PageSteps.submitLoginForm(SUBMIT_USERNAME, SUBMIT_TO_PROVIDER, 302, LOGIN_FORM_ACTION, TOO_MANY_FORM_PAGES,
            header("Location").saveAs("oidcNext")))
        .exec(session -> session.set("oidcNext", resolve(session.getString(PageSteps.FORM_TARGET), session.getString("oidcNext"))))
        // the provider may redirect within itself (e.g. back to its authorize endpoint) before reaching redirect_uri
        .asLongAs(session -> !OidcClient.sameEndpoint(session.getString("oidcNext"), oidc.redirectUri()) && session.getInt("fb.requests") < 12, "oidcHops")
        .on(step("Follow provider redirect", "the Location of the provider's redirect", 302,
            http("Follow provider redirect").get("#{oidcNext}").disableFollowRedirect(),
            header("Location").saveAs("oidcLocation"))
            .exec(session -> session.set("oidcNext", resolve(session.getString("oidcNext"), session.getString("oidcLocation")))))
        // the code counts only if it comes back with the state this login sent; otherwise it is not exchanged
        .exec(session -> {
          String returned = session.getString("oidcNext");
          String failure = oidc.returnFailure(session.getString("oidcState"), returned);
          if (failure == null) return session.set("oidcCode", OidcClient.query(returned).getOrDefault("code", ""));
          return LoginSteps.AUTHORIZATION_ERROR.equals(failure)
              ? LoginSteps.fail(session, failure, OidcClient.authorizationError(OidcClient.query(returned)) + " (at the redirect URI)")
              : LoginSteps.fail(session, failure);
        })
        .exec(step("Fetch provider keys", "the jwks_uri of OIDC discovery", 200,
            http("Fetch provider keys").get("#{oidcJwksUri}"),
            bodyString().saveAs("oidcJwks")))
        .exec(step("Exchange code", "the token_endpoint of OIDC discovery", 200,
            exchange(oidc),
            jsonPath("$.access_token").saveAs("oidcAccessToken"),
            jsonPath("$.id_token").saveAs("oidcIdToken")))
        // the ID token counts only if it passes a relying party's checks; its failure is the exchange's
        .exec(session -> {
          IdTokenCheck.Failure failure = oidc.idTokenCheck().failure(session.getString("oidcIdToken"), session.getString("oidcJwks"),
              session.getString("oidcNonce"), Instant.now());
          Session s = session.remove("oidcIdToken").remove("oidcJwks").remove("oidcVerifier");
          return failure == null ? s : LoginSteps.fail(s, failure.kind(), failure.detail());
        })
        .exec(step("Fetch userinfo", "the userinfo_endpoint of OIDC discovery", 200,
            http("Fetch userinfo").get("#{oidcUserinfo}").header("Authorization", "Bearer #{oidcAccessToken}"),
            bodyString().saveAs("oidcUserinfoBody")))
        // userinfo counts only if its claim names the user of the credentials
        .exec(session -> {
          String attribute = oidc.userinfoAttribute();
          String failure = oidc.userinfoFailure(session.getString("oidcUserinfoBody"), session.contains(attribute) ? session.getString(attribute) : "");
          Session s = session.remove("oidcUserinfoBody");
          return failure == null ? s : LoginSteps.fail(s, OidcClient.USERINFO_CLAIM_FAILURE, failure);
        });
  }

  /** @return the token request of {@code oidc}: the code, the redirect URI, the PKCE verifier if it uses PKCE, the client's credentials */
  private static HttpRequestActionBuilder exchange(OidcClient oidc) {
    HttpRequestActionBuilder request = http("Exchange code").post("#{oidcToken}")
        .formParam("grant_type", "authorization_code").formParam("code", "#{oidcCode}").formParam("redirect_uri", oidc.redirectUri());
    return oidc.authenticate(oidc.pkce() ? request.formParam("code_verifier", "#{oidcVerifier}") : request);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String resolve(String base, String location) {
    return URI.create(base).resolve(location.replace(" ", "%20")).toString();
  }
}
