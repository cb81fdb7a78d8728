package io.firstbell.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Access log lines read without regular expressions: nginx combined in its three time variants, and AWS ALB. */
class AccessLogLineTest {

  private final AccessLogLine line = new AccessLogLine();

  private void assertLine(String time, String method, String path, int status) {
    assertEquals(Instant.parse(time).toEpochMilli(), line.epochMillis, "time");
    assertEquals(method, line.method);
    assertEquals(path, line.path);
    assertEquals(status, line.status);
  }

  @Test
  void nginxCombinedWithTimeLocalGivesItsInstantMethodPathAndStatus() {
    assertTrue(line.parseNginx("10.0.0.7 - - [08/Sep/2026:07:00:01 -0400] \"POST /in/cedar-falls?next=%2F HTTP/1.1\" 302 0 \"https://portal/in/cedar-falls\" \"Mozilla/5.0 (X11)\""));
    assertLine("2026-09-08T11:00:01Z", "POST", "/in/cedar-falls", 302);
    assertTrue(line.parseNginx("::1 - alice [31/Dec/2026:23:59:59 +0130] \"GET / HTTP/2.0\" 200 512 \"-\" \"curl/8\""));
    assertLine("2026-12-31T22:29:59Z", "GET", "/", 200);
  }

  @Test
  void nginxWithMsecOrIso8601InPlaceOfTimeLocal() {
    assertTrue(line.parseNginx("10.0.0.7 - - 1788865201.25 \"POST /login HTTP/1.1\" 200 10 \"-\" \"-\""));
    assertEquals(1788865201250L, line.epochMillis);
    assertEquals("/login", line.path);
    assertTrue(line.parseNginx("10.0.0.7 - - 2026-09-08T07:00:01-04:00 \"POST /login HTTP/1.1\" 401 10 \"-\" \"-\""));
    assertLine("2026-09-08T11:00:01Z", "POST", "/login", 401);
  }

  @Test
  void albLinesGiveThePathOfTheirAbsoluteRequestAndTheElbStatus() {
    assertTrue(line.parseAlb("https 2026-09-08T11:00:01.123456Z app/sso/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 "
        + "302 302 34 366 \"POST https://sso.example.org:443/oauth/callback?code=x HTTP/1.1\" \"Mozilla/5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"));
    assertLine("2026-09-08T11:00:01.123Z", "POST", "/oauth/callback", 302);
    assertTrue(line.parseAlb("http 2026-09-08T11:00:02.000000Z app/sso/1 1.2.3.4:1 - -1 -1 -1 502 - 34 366 \"GET http://sso.example.org:80 HTTP/1.1\" \"-\" - -"));
    assertLine("2026-09-08T11:00:02Z", "GET", "/", 502);
  }

  @Test
  void linesWithoutTheFormatsShapeAreRefused() {
    assertFalse(line.parseNginx(""));
    assertFalse(line.parseNginx("garbage"));
    assertFalse(line.parseNginx("10.0.0.7 - - [08/Sep/2026:07:00:01] \"POST /in HTTP/1.1\" 302 0 \"-\" \"-\""), "no offset");
    assertFalse(line.parseNginx("10.0.0.7 - - [08/Foo/2026:07:00:01 -0400] \"POST /in HTTP/1.1\" 302 0 \"-\" \"-\""), "no such month");
    assertFalse(line.parseNginx("10.0.0.7 - - [08/Sep/2026:07:00:01 -0400] \"POST /in HTTP/1.1\" abc 0 \"-\" \"-\""), "no status");
    assertFalse(line.parseAlb("10.0.0.7 - - [08/Sep/2026:07:00:01 -0400] \"POST /in HTTP/1.1\" 302 0 \"-\" \"-\""), "nginx is not alb");
  }
}
