package io.firstbell.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  })
  void secretsAreMaskedAndEverythingElseIsKept(String line, String masked) {
    assertEquals(masked, MaskedMessageConverter.mask(line));
  }
}
