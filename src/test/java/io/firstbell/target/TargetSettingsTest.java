package io.firstbell.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings.Kind;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target settings: which stack the journeys log in to, validated before any load is sent. Only IP literals appear in URLs, so
 * no test depends on name resolution, and nothing here sends traffic.
 */
class TargetSettingsTest {

  private static final String CSV_FORM = "a CSV of username,password,user_type,district,login_method";
  private static final String NOT_LOOPBACK = " is not on firstbell.target.allowed-hosts (loopback only); list it there to send load to it";

  @TempDir
  Path dir;

  private Path users;

  @BeforeEach
  void writeCredentials() throws IOException {
    users = Files.writeString(dir.resolve("users.csv"), "username,password,user_type,district,login_method\nann,pw,student,d1,portal\n");
  }

  private static TargetSettings target(String overrides) {
    return TargetSettings.from(FirstBellConfig.withOverrides("firstbell.target { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> target(overrides)).getMessage();
  }

  private static String q(Object s) {
    return ConfigUtil.quoteString(s.toString());
  }

  /** A portal target on loopback with valid credentials, to which a test adds or overrides keys. */
  private String portal(String more) {
    return "kind = portal, portal { portal-url = \"http://127.0.0.1:8080\", app-url = \"http://127.0.0.1:8081\", credentials = " + q(users)
        + ", " + more + " }";
  }

  /** An OIDC target with every field, the secret given explicitly so the environment cannot supply it, to which a test adds or overrides keys. */
  private String oidc(String more) {
    return "kind = oidc, oidc { issuer = \"http://127.0.0.1:9000/realms/school/\", client-id = firstbell, client-secret = s3cret,"
        + " redirect-uri = \"http://127.0.0.1:9999/callback\", client-auth = client_secret_post, credentials = " + q(users) + ", " + more + " }";
  }

  @Test
  void defaultIsTheEmbeddedReferenceStack() {
    TargetSettings t = TargetSettings.from(FirstBellConfig.withOverrides(""));
    assertEquals(new TargetSettings(Kind.REFERENCE, "", "", "", null, ""), t);
    assertTrue(t.embedded());
    assertEquals("reference (embedded stack, started for this run)", t.describe());
  }

  @Test
  void runningReferenceStackIsReadWithoutTrailingSlashes() {
    TargetSettings t = target("reference { portal-url = \"http://127.0.0.1:8080/\", app-url = \"http://127.0.0.2:8081/\", credentials = "
        + q(users) + " }");
    assertEquals(new TargetSettings(Kind.REFERENCE, "http://127.0.0.1:8080", "http://127.0.0.2:8081", "", users, "http://127.0.0.1:8080"), t);
    assertFalse(t.embedded());
    assertEquals("reference at http://127.0.0.1:8080 (app http://127.0.0.2:8081)", t.describe());
  }

  @Test
  void referenceAppUrlWithoutPortalUrlIsRefused() {
    assertEquals("firstbell.target.reference.app-url is set but firstbell.target.reference.portal-url is not; set both to use a running"
        + " reference stack, or neither to start the embedded one", failure("reference.app-url = \"http://127.0.0.1:8081\""));
  }

  @Test
  void referencePortalUrlWithoutAppUrlIsRefused() {
    assertEquals("firstbell.target.reference.app-url is required for this target; set it to a base URL such as https://127.0.0.1:8443",
        failure("reference.portal-url = \"http://127.0.0.1:8080\""));
  }

  @Test
  void runningReferenceStackNeedsCredentials() {
    assertEquals("firstbell.target.reference.credentials is required for this target: " + CSV_FORM,
        failure("reference { portal-url = \"http://127.0.0.1:8080\", app-url = \"http://127.0.0.1:8081\" }"));
  }

  @Test
  void portalTargetIsReadAndDescribed() {
    TargetSettings t = target(portal("api-url = \"https://127.0.0.1:8443/api/\""));
    assertEquals(new TargetSettings(Kind.PORTAL, "http://127.0.0.1:8080", "http://127.0.0.1:8081", "https://127.0.0.1:8443/api", users, ""), t);
    assertFalse(t.embedded());
    assertEquals("portal http://127.0.0.1:8080 (app http://127.0.0.1:8081, api https://127.0.0.1:8443/api), users from " + users, t.describe());
    assertEquals("portal http://127.0.0.1:8080 (app http://127.0.0.1:8081), users from " + users, target(portal("")).describe());
  }

  @Test
  void portalTargetWithoutPortalUrlIsRefused() {
    assertEquals("firstbell.target.portal.portal-url is required for this target; set it to a base URL such as https://127.0.0.1:8443",
        failure("kind = portal"));
    assertEquals("firstbell.target.portal.portal-url is required for this target; set it to a base URL such as https://127.0.0.1:8443",
        failure(portal("portal-url = \"  \"")));
  }

  @Test
  void portalTargetWithoutCredentialsIsRefused() {
    assertEquals("firstbell.target.portal.credentials is required for this target: " + CSV_FORM, failure(portal("credentials = \"\"")));
  }

  @Test
  void credentialsThatAreNotAFileAreRefused() {
    Path missing = dir.resolve("missing.csv");
    assertEquals("firstbell.target.portal.credentials is '" + missing + "', which is not a file; give the path of " + CSV_FORM,
        failure(portal("credentials = " + q(missing))));
    assertEquals("firstbell.target.portal.credentials is '" + dir + "', which is not a file; give the path of " + CSV_FORM,
        failure(portal("credentials = " + q(dir))));
  }

  @Test
  void nonLoopbackUrlIsRefusedNamingTheKeyTheHostAndTheList() {
    assertEquals("firstbell.target.portal.portal-url is 'http://10.1.2.3:8080', whose host 10.1.2.3" + NOT_LOOPBACK,
        failure(portal("portal-url = \"http://10.1.2.3:8080\"")));
    assertEquals("firstbell.target.portal.api-url is 'https://192.0.2.7/api', whose host 192.0.2.7" + NOT_LOOPBACK,
        failure(portal("api-url = \"https://192.0.2.7/api\"")));
    assertEquals("firstbell.target.oidc.issuer is 'http://10.1.2.3:9000', whose host 10.1.2.3" + NOT_LOOPBACK,
        failure(oidc("issuer = \"http://10.1.2.3:9000\"")));
    assertEquals("firstbell.target.reference.portal-url is 'http://0.0.0.0:8080', whose host 0.0.0.0" + NOT_LOOPBACK,
        failure("reference { portal-url = \"http://0.0.0.0:8080\", app-url = \"http://127.0.0.1:8081\" }"));
  }

  @Test
  void anyLoopbackAddressIsAccepted() {
    TargetSettings t = target(portal("portal-url = \"http://127.8.9.10:8080\", app-url = \"http://[::1]:8081\""));
    assertEquals("http://127.8.9.10:8080", t.portalUrl());
    assertEquals("http://[::1]:8081", t.appUrl());
    assertEquals("http://localhost:8081", target(portal("app-url = \"http://localhost:8081\"")).appUrl());
    assertEquals(AllowedHosts.LOOPBACK, t.hosts());
  }

  @Test
  void aNameIsJudgedAsWrittenNotResolved() {
    assertEquals("firstbell.target.portal.portal-url is 'http://portal.example.invalid:8080', whose host portal.example.invalid" + NOT_LOOPBACK,
        failure(portal("portal-url = \"http://portal.example.invalid:8080\"")));
  }

  @Test
  void urlsOnTheAllowedHostsAreAcceptedAndTheListIsKept() {
    TargetSettings t = target("allowed-hosts = [\"10.1.2.3\", \"*.staging.example.org\", \"127.0.0.1\"], "
        + portal("portal-url = \"http://10.1.2.3:8080\", app-url = \"https://app.staging.example.org/\", api-url = \"http://127.0.0.1:1/api\""));
    assertEquals("http://10.1.2.3:8080", t.portalUrl());
    assertEquals("https://app.staging.example.org", t.appUrl());
    assertEquals(AllowedHosts.of(List.of("10.1.2.3", "*.staging.example.org", "127.0.0.1")), t.hosts());
  }

  @Test
  void anExplicitListReplacesLoopbackForTheConfiguredUrlsToo() {
    assertEquals("firstbell.target.portal.app-url is 'http://127.0.0.1:8081', whose host 127.0.0.1 is not on firstbell.target.allowed-hosts"
        + " (portal.staging.example.org); list it there to send load to it",
        failure("allowed-hosts = [portal.staging.example.org], " + portal("portal-url = \"https://portal.staging.example.org\"")));
    assertEquals("http://127.0.0.1:8081", target("allowed-hosts = [loopback, portal.staging.example.org], "
        + portal("portal-url = \"https://portal.staging.example.org\"")).appUrl());
  }

  @Test
  void aMalformedAllowedHostIsRefusedNamingTheKey() {
    assertEquals("firstbell.target.allowed-hosts holds '127.0.0.1:8080', which is not a host (ports are not checked: list the host alone,"
        + " e.g. 127.0.0.1)", failure("allowed-hosts = [\"127.0.0.1:8080\"], " + portal("")));
    assertTrue(failure("allowed-hosts = \"127.0.0.1\", " + portal("")).contains("allowed-hosts"), "a string where a list belongs");
  }

  @Test
  void theRetiredSwitchIsRefusedPointingAtTheList() {
    String message = failure("allow-non-loopback = on, " + portal(""));
    assertEquals("Configuration key 'firstbell.target.allow-non-loopback' is no longer read: list the hosts load may go to in"
        + " firstbell.target.allowed-hosts instead, e.g. allowed-hosts = [\"portal.staging.example.org\", \"*.sso.staging.example.org\"]"
        + " (empty: loopback only), and remove it", message);
    assertTrue(failure("allow-non-loopback = off").contains("firstbell.target.allowed-hosts"));
  }

  @Test
  void oidcRedirectUriNeedNotBeLoopback() {
    assertEquals("https://10.9.8.7/cb", target(oidc("redirect-uri = \"https://10.9.8.7/cb/\"")).redirectUri());
  }

  @Test
  void urlWithoutHttpSchemeOrHostIsRefused() {
    assertEquals("firstbell.target.portal.portal-url is '//127.0.0.1:8080' but must be an http or https URL with a host",
        failure(portal("portal-url = \"//127.0.0.1:8080\"")));
    assertEquals("firstbell.target.portal.portal-url is 'ftp://127.0.0.1/' but must be an http or https URL with a host",
        failure(portal("portal-url = \"ftp://127.0.0.1/\"")));
    assertEquals("firstbell.target.portal.app-url is 'http:/just/a/path' but must be an http or https URL with a host",
        failure(portal("app-url = \"http:/just/a/path\"")));
  }

  @Test
  void textThatIsNotAUrlIsRefused() {
    assertEquals("firstbell.target.portal.portal-url is 'http://127.0.0.1:8080/a b', which is not a URL",
        failure(portal("portal-url = \"http://127.0.0.1:8080/a b\"")));
  }

  @Test
  void oidcTargetReadsEveryFieldAndPostsTheSecretInTheBodyWhenAsked() {
    TargetSettings t = target(oidc(""));
    assertEquals(new TargetSettings(Kind.OIDC, "", "", "", users, "http://127.0.0.1:9000/realms/school", "firstbell", "s3cret",
        "http://127.0.0.1:9999/callback", ClientAuth.CLIENT_SECRET_POST, true, Duration.ofSeconds(60)), t);
    assertFalse(t.embedded());
  }

  @Test
  void oidcClientAuthDefaultsToBasicAndIsReadCaseInsensitively() {
    assertEquals(ClientAuth.CLIENT_SECRET_BASIC, target(oidc("client-auth = client_secret_basic")).clientAuth());
    assertEquals(ClientAuth.CLIENT_SECRET_POST, target(oidc("client-auth = \" Client_Secret_POST \"")).clientAuth());
    String withoutClientAuth = "kind = oidc, oidc { issuer = \"http://127.0.0.1:9000\", client-id = firstbell, client-secret = s3cret,"
        + " redirect-uri = \"http://127.0.0.1:9999/callback\", credentials = " + q(users) + " }";
    assertEquals(ClientAuth.CLIENT_SECRET_BASIC, target(withoutClientAuth).clientAuth());
  }

  @Test
  void pkceIsOnAndTheClockSkewSixtySecondsByDefault() {
    TargetSettings t = target(oidc(""));
    assertTrue(t.pkce());
    assertEquals(Duration.ofSeconds(60), t.clockSkew());
    assertFalse(target(oidc("pkce = off")).pkce());
    assertEquals(Duration.ofSeconds(5), target(oidc("clock-skew = 5s")).clockSkew());
  }

  @Test
  void aPublicClientNeedsNoSecretButMustUsePkce() {
    TargetSettings t = target(oidc("client-auth = none, client-secret = \"\""));
    assertEquals(ClientAuth.NONE, t.clientAuth());
    assertEquals("", t.clientSecret());
    assertTrue(t.describe().contains("client firstbell (public), "), t.describe());
    assertEquals("firstbell.target.oidc.client-auth is none (a public client, without a secret) but firstbell.target.oidc.pkce is off:"
        + " a public client must use PKCE; set pkce = on, or give the client a secret (client_secret_basic or client_secret_post)",
        failure(oidc("client-auth = none, pkce = off")));
  }

  @Test
  void aNegativeClockSkewIsRefused() {
    assertTrue(failure(oidc("clock-skew = -1s")).startsWith("firstbell.target.oidc.clock-skew is "), failure(oidc("clock-skew = -1s")));
  }

  @Test
  void oidcDescriptionMasksTheSecret() {
    String d = target(oidc("")).describe();
    assertEquals("oidc issuer http://127.0.0.1:9000/realms/school, client firstbell (secret ****), redirect http://127.0.0.1:9999/callback,"
        + " client_secret_post, pkce on, users from " + users, d);
    assertFalse(d.contains("s3cret"), d);
    assertTrue(target(oidc("client-auth = client_secret_basic")).describe().contains(", client_secret_basic, "));
  }

  @Test
  void unknownClientAuthIsRefused() {
    assertEquals("firstbell.target.oidc.client-auth is 'private_key_jwt' but must be client_secret_basic, client_secret_post or none",
        failure(oidc("client-auth = private_key_jwt")));
    assertTrue(failure(oidc("client-auth = client-secret-basic")).contains("must be client_secret_basic, client_secret_post or none"));
  }

  @Test
  void theRetiredTokenAuthKeyNamesClientAuth() {
    String message = failure(oidc("token-auth = client-secret-post"));
    assertTrue(message.startsWith("Configuration key 'firstbell.target.oidc.token-auth' is no longer read: set"
        + " firstbell.target.oidc.client-auth instead"), message);
  }

  @Test
  void oidcWithoutClientSecretPointsAtTheEnvironmentVariable() {
    assertEquals("firstbell.target.oidc.client-secret is required for this target; set it in your run profile or in the environment"
        + " (FIRSTBELL_OIDC_CLIENT_SECRET)", failure(oidc("client-secret = \"\"")));
  }

  @Test
  void oidcWithoutClientIdIsRefused() {
    assertEquals("firstbell.target.oidc.client-id is required for this target; set it in your run profile", failure(oidc("client-id = \" \"")));
  }

  @Test
  void oidcWithoutIssuerOrRedirectIsRefused() {
    assertEquals("firstbell.target.oidc.issuer is required for this target; set it to a base URL such as https://127.0.0.1:8443",
        failure(oidc("issuer = \"\"")));
    assertEquals("firstbell.target.oidc.redirect-uri is required for this target; set it to a base URL such as https://127.0.0.1:8443",
        failure(oidc("redirect-uri = \"\"")));
  }

  @Test
  void unknownKindIsRefusedListingTheKinds() {
    assertEquals("firstbell.target.kind is 'saml' but must be one of: reference, portal, oidc", failure("kind = saml"));
  }

  @Test
  void theUserinfoClaimIsPreferredUsernameComparedWithTheUsernameUnlessToldOtherwise() {
    TargetSettings t = target(oidc(""));
    assertEquals("preferred_username", t.userinfoClaim());
    assertEquals("username", t.userinfoColumn());
    TargetSettings byEmail = target(oidc("userinfo-claim = \" email \", userinfo-column = \" District \""));
    assertEquals("email", byEmail.userinfoClaim());
    assertEquals("district", byEmail.userinfoColumn());
  }

  @Test
  void aBlankUserinfoClaimOrAColumnTheCredentialsDoNotHaveIsRefused() {
    assertEquals("firstbell.target.oidc.userinfo-claim must not be empty", failure(oidc("userinfo-claim = \" \"")));
    assertEquals("firstbell.target.oidc.userinfo-column is 'password' but must be a column of the credentials file:"
        + " username, user_type, district or login_method", failure(oidc("userinfo-column = password")));
  }
}
