package io.firstbell.journeys;

import static io.gatling.javaapi.http.HttpDsl.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.firstbell.target.AllowedHosts;
import io.gatling.core.Predef$;
import io.gatling.core.config.GatlingConfiguration$;
import io.gatling.javaapi.core.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Where a journey's request would go, read as Gatling builds it (from the request's own URL expression, so that a Gatling
 * that stores it differently fails here), and whether it may go there.
 */
class HostGuardTest {

  /** Gatling's DSL reads Gatling's configuration, which Gatling sets when it starts a simulation; here, its defaults. */
  @BeforeAll
  static void gatlingDefaults() {
    Predef$.MODULE$._configuration_$eq(GatlingConfiguration$.MODULE$.loadForTest(
        CollectionConverters.asScala(List.<Tuple2<String, ?>>of()).toList()));
  }

  @AfterEach
  void loopbackAgain() {
    HostGuard.allow(AllowedHosts.LOOPBACK, null);
  }

  private static Session session(Map<String, Object> attributes) {
    io.gatling.core.session.Session scala = io.gatling.core.session.Session$.MODULE$.apply("scenario", 1L, null);
    Session s = new Session(scala);
    for (Map.Entry<String, Object> e : attributes.entrySet()) s = s.set(e.getKey(), e.getValue());
    return s;
  }

  @Test
  void anAbsoluteUrlOnAnAllowedHostMayBeSentWhateverItsPort() {
    HostGuard.allow(AllowedHosts.of(List.of("127.0.0.1", "*.staging.example.org")), null);
    assertNull(HostGuard.blockedHost("http://127.0.0.1:41234/token"));
    assertNull(HostGuard.blockedHost("https://127.0.0.1/token"));
    assertNull(HostGuard.blockedHost("https://sso.staging.example.org:8443/realms/x"));
    assertNull(HostGuard.blockedHost("https://SSO.Staging.Example.org/realms/x"));
  }

  @Test
  void anAbsoluteUrlOnAnotherHostIsBlockedNamingTheHost() {
    HostGuard.allow(AllowedHosts.of(List.of("127.0.0.1")), null);
    assertEquals("127.0.0.2", HostGuard.blockedHost("http://127.0.0.2:41234/token"));
    assertEquals("staging.example.org", HostGuard.blockedHost("https://staging.example.org/"));
  }

  @Test
  void theHostIsTheOneGatlingConnectsToNotTheUserInfo() {
    HostGuard.allow(AllowedHosts.of(List.of("127.0.0.1")), null);
    assertEquals("127.0.0.2", HostGuard.blockedHost("http://127.0.0.1@127.0.0.2/"));
    assertEquals("127.0.0.2", HostGuard.blockedHost("http://127.0.0.1:80@127.0.0.2:81/x"));
  }

  @Test
  void byDefaultLoopbackOnlyIncludingIpv6() {
    assertNull(HostGuard.blockedHost("http://127.0.0.2:8080/"));
    assertNull(HostGuard.blockedHost("http://[::1]:8080/"));
    assertNull(HostGuard.blockedHost("http://localhost:8080/"));
    assertEquals("10.1.2.3", HostGuard.blockedHost("http://10.1.2.3:8080/"));
  }

  @Test
  void aRelativeUrlGoesToTheBaseUrlAsGatlingAppendsIt() {
    HostGuard.allow(AllowedHosts.of(List.of("127.0.0.1")), "http://127.0.0.1:8080");
    assertNull(HostGuard.blockedHost("/in/cedar-falls"));
    assertNull(HostGuard.blockedHost("?x=1"));
    // appended, not resolved: what follows the base can still change the host
    assertEquals("127.0.0.2", HostGuard.blockedHost("@127.0.0.2/"));
    HostGuard.allow(AllowedHosts.of(List.of("127.0.0.1")), "http://127.0.0.1");
    assertEquals("127.0.0.1.evil.example", HostGuard.blockedHost(".evil.example/"));
  }

  @Test
  void aUrlWhoseHostCannotBeReadIsBlocked() {
    HostGuard.allow(AllowedHosts.LOOPBACK, null);
    assertEquals("/in/cedar-falls", HostGuard.blockedHost("/in/cedar-falls"));
    assertEquals("http:///nothing", HostGuard.blockedHost("http:///nothing"));
  }

  @Test
  void aRequestsUrlIsReadAsGatlingEvaluatesItInTheSession() {
    Session s = session(Map.of("oidcToken", "http://127.0.0.2:9/token", "district", "cedar-falls"));
    assertEquals("http://127.0.0.2:9/token", HostGuard.url(http("Exchange code").post("#{oidcToken}")).apply(s));
    assertEquals("/in/cedar-falls", HostGuard.url(http("Open").get("/in/#{district}")).apply(s));
    assertEquals("http://127.0.0.1:1/x?d=cedar-falls",
        HostGuard.url(http("Start").get(session -> "http://127.0.0.1:1/x?d=" + session.getString("district"))).apply(s));
    assertEquals("http://127.0.0.1:1/fixed", HostGuard.url(http("Fixed").get("http://127.0.0.1:1/fixed")).apply(s));
  }

  @Test
  void aUrlGatlingCannotEvaluateIsNoUrl() {
    assertNull(HostGuard.url(http("Exchange code").post("#{oidcToken}")).apply(session(Map.of())));
  }
}
