package io.firstbell.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskedMessageConverterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "username=ava&password=maple-comet-42&_csrf=abc | username=ava&password=****&_csrf=****",
      "HashMap(username -> omar, password -> dolphin-harbor-64, csrf -> abc) | HashMap(username -> omar, password -> ****, csrf -> ****)",
      "authorization: Basic Zmlyc3Q6c2Vj | authorization: Basic ****",
      "Authorization: Bearer eyJhbGciOi.x.y | Authorization: Bearer ****",
      "GET http://localhost:1/oauth/callback?code=abc&state=def | GET http://localhost:1/oauth/callback?code=****&state=****",
      "{\"access_token\":\"tok\",\"token_type\":\"bearer\",\"id_token\":\"eyJ\"} | {\"access_token\":\"****\",\"token_type\":\"bearer\",\"id_token\":\"****\"}",
      "client_secret=s3cr3t&grant_type=authorization_code | client_secret=****&grant_type=authorization_code",
      "Set-Cookie: fb_session=x4P3z2OYG; Path=/; HttpOnly | Set-Cookie: fb_session=****; Path=/; HttpOnly",
      "badge=5Z6F2JAQC272HJKD8SE8 | badge=****",
      "Open district login page: status 200 | Open district login page: status 200",
      "cookie: KC_RESTART=eyJhbGciOiJIUzI1NiJ9; AUTH_SESSION_ID=7c5e1b2a; lang=en | cookie: KC_RESTART=****; AUTH_SESSION_ID=****; lang=****",
      "set-cookie: KEYCLOAK_IDENTITY=eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3; Version=1; Path=/realms/k12/; HttpOnly | set-cookie: KEYCLOAK_IDENTITY=****; Version=1; Path=/realms/k12/; HttpOnly",
      "DefaultCookie(KC_RESTART=abc123, domain=127.0.0.1, path=/realms) | DefaultCookie(KC_RESTART=****, domain=127.0.0.1, path=/realms)",
      "session state 3f2a9c1e-77b4-4d1e-9a0f-0c1d2e3f4a5b expired | session state **** expired",
      "GET http://127.0.0.1:36395/in/cedar-falls?district=d-2024 | GET http://127.0.0.1:36395/in/cedar-falls?district=d-2024",
  })
  void secretsAreMaskedAndEverythingElseIsKept(String line, String masked) {
    assertEquals(masked, MaskedMessageConverter.mask(line));
  }

  @Test
  void aFullGatlingDumpOfAnExchangeWithAProvidersCookiesShowsNoneOfTheirValues() {
    // the shape of Gatling's TRACE dump (io.gatling.http.engine.response), with a Keycloak's cookie names, which hold no "session"
    String dump = String.join("\n",
        "HTTP request:",
        "POST http://127.0.0.1:8080/realms/k12/login-actions/authenticate?session_code=Qx1&execution=9f2&client_id=app&tab_id=Zq",
        "headers:",
        "\taccept: text/html",
        "\tcookie: AUTH_SESSION_ID=a1; KC_RESTART=k2; KC_AUTH_SESSION_HASH=h3",
        "cookies:",
        "\tAUTH_SESSION_ID=a1, path=/realms/k12/, HTTPOnly",
        "\tKC_RESTART=k2, path=/realms/k12/, HTTPOnly",
        "\tKC_AUTH_SESSION_HASH=h3",
        "body:FormUrlEncodedRequestBody{content=username=s1&password=pw9&credentialId=}",
        "=========================",
        "HTTP response:",
        "status:",
        "\t302 Found",
        "headers:",
        "\tSet-Cookie: KEYCLOAK_IDENTITY=i4; Version=1; Path=/realms/k12/; HttpOnly",
        "\tSet-Cookie: KEYCLOAK_SESSION=s5; Version=1; Path=/realms/k12/",
        "\tLocation: http://localhost:9000/cb?state=st6&session_state=ss7&code=c8");

    String masked = MaskedMessageConverter.mask(dump);

    for (String secret : new String[] {"=a1", "=k2", "=h3", "=i4", "=s5", "=st6", "=ss7", "=c8", "=pw9", "=Qx1"}) {
      assertFalse(masked.contains(secret), secret + " leaked:\n" + masked);
    }
    assertTrue(masked.contains("\taccept: text/html"), masked);
    assertTrue(masked.contains("Path=/realms/k12/; HttpOnly"), masked);
    assertTrue(masked.contains("username=s1"), "what is no secret stays readable:\n" + masked);
  }
}
