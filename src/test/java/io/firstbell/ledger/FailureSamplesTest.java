package io.firstbell.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureSamplesTest {

  @Test
  void anHtmlPageIsSampledAsTheTextAPersonReadsWithFormValuesAndTokensMasked() {
    String page = "<!doctype html><html><head><title>Sign in</title></head><body><h1>We are sorry...</h1>"
        + "<p id=\"error\">Invalid parameter: redirect_uri</p>"
        + "<form><input type=\"hidden\" name=\"session_code\" value=\"abc123secret\"></form></body></html>";

    String sample = FailureSamples.firstLines(page);

    assertEquals("Sign in We are sorry... Invalid parameter: redirect_uri", sample);
  }

  @Test
  void secretsInAJsonBodyAndInTheUrlNeverReachASample() {
    String body = "{\"error\":\"invalid_client\",\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ\","
        + "\"client_secret\":\"hunter2\"}";

    String sample = FailureSamples.firstLines(body);

    assertTrue(sample.contains("invalid_client"), sample);
    assertFalse(sample.contains("eyJ"), sample);
    assertFalse(sample.contains("hunter2"), sample);
    assertEquals("https://idp.test/cb?code=****&state=****&lang=en",
        FailureSamples.maskUrl("https://idp.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj&lang=en"));
  }

  @Test
  void aLongBodyIsCutAndAnEmptyOneIsEmpty() {
    assertEquals(FailureSamples.BODY_CHARS + 1, FailureSamples.firstLines("word ".repeat(1_000)).length());
    assertEquals("", FailureSamples.firstLines(""));
    assertEquals("", FailureSamples.firstLines(null));
  }

  @Test
  void onlyAFewSamplesAreKeptForEachStepAndKind() {
    FailureSamples samples = new FailureSamples(2);
    for (int i = 0; i < 5; i++) samples.offer("load", "student-portal", "Submit credentials", "http-503", 503, "http://127.0.0.1/in/d" + i, "busy");
    samples.offer("load", "student-portal", "Open sample app tile", "http-502", 502, "http://localhost/cb", "bad gateway");
    samples.offer("preflight", "student-badge", "Scan badge", "check", 200, "http://127.0.0.1/badges", "Badge not recognised");

    List<FailureSamples.Sample> all = samples.all();

    assertEquals(4, all.size());
    assertEquals(List.of("http://127.0.0.1/in/d0", "http://127.0.0.1/in/d1"), all.stream().filter(s -> s.kind().equals("http-503")).map(FailureSamples.Sample::url).toList());
    assertEquals("Scan badge", samples.first("preflight").step());
  }

  @Test
  void formValuesAndTokenLikeStringsInAPlainBodyAreMaskedToo() {
    String body = "error: <input name=\"execution\" value=\"e1s1-secret\"> retry with 0123456789abcdefghijKLMNOPQRSTuvwxyz0123";

    String sample = FailureSamples.firstLines(body);

    assertFalse(sample.contains("e1s1-secret"), sample);
    assertFalse(sample.contains("0123456789abcdefghij"), sample);
    assertTrue(sample.contains("value=****"), sample);
  }

  @Test
  void secretsInAFragmentOrPercentEncodedInsideAnotherParameterAreMasked() {
    assertEquals("https://app.test/cb#state=****&id_token=****",
        FailureSamples.maskUrl("https://app.test/cb#state=xyz&id_token=abc.def.ghi"));
    String nested = FailureSamples.maskUrl("https://idp.test/login?return_to=%2Fauthorize%3Fclient_id%3Dapp%26state%3Dsecret42%26x%3D1");
    assertFalse(nested.contains("secret42"), nested);
  }

  @Test
  void aConfigurationKeyOrAReadablePathIsNotMistakenForAToken() {
    assertEquals("Error 500 Injected failure at portal.login (firstbell.stack.capacity.test-failures).",
        FailureSamples.firstLines("<html><body>Error 500 Injected failure at portal.login (firstbell.stack.capacity.test-failures).</body></html>"));
    assertEquals("http://127.0.0.1:8080/realms/k12-district-2024/protocol/openid-connect/auth?x=****",
        FailureSamples.maskUrl("http://127.0.0.1:8080/realms/k12-district-2024/protocol/openid-connect/auth?x=a1b2c3d4e5f6g7h8i9j0k1l2m3"));
  }
}
