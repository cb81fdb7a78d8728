package io.firstbell.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host rule: which hosts load may go to, judged as written, never resolved. */
class AllowedHostsTest {

  private static AllowedHosts hosts(String... entries) {
    return AllowedHosts.of(List.of(entries));
  }

  private static String refusal(String entry) {
    return assertThrows(IllegalArgumentException.class, () -> hosts(entry)).getMessage();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "127.8.9.10", "localhost", "LOCALHOST", "LocalHost", "::1", "[::1]",
      "0:0:0:0:0:0:0:1", "[0000:0000:0000:0000:0000:0000:0000:0001]", "::ffff:127.0.0.1"})
  void everyFormOfLoopbackIsAllowedByDefault(String host) {
    assertTrue(AllowedHosts.LOOPBACK.allows(host), host);
    assertTrue(AllowedHosts.isLoopback(host), host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "0.0.0.0", "128.0.0.1", "126.255.255.255", "::2", "::", "192.0.2.7", "portal.example.org",
      "127.0.0.1.evil.example", "localhost.evil.example", "evil-localhost", "127.1", "2130706433", "0x7f.0.0.1", "127.000.000.001",
      "127.0.0.256", "localhost.", "127.0.0.1.", ""})
  void aHostThatIsNotLoopbackAsWrittenIsNotAllowedByDefault(String host) {
    assertFalse(AllowedHosts.LOOPBACK.allows(host), host);
  }

  @Test
  void nullIsNeverAllowed() {
    assertFalse(AllowedHosts.LOOPBACK.allows(null));
    assertFalse(hosts("loopback").allows(null));
  }

  @Test
  void anExplicitListReplacesLoopback() {
    AllowedHosts staging = hosts("portal.staging.example.org");
    assertTrue(staging.allows("portal.staging.example.org"));
    assertFalse(staging.allows("127.0.0.1"));
    assertFalse(staging.allows("localhost"));
    AllowedHosts one = hosts("127.0.0.1");
    assertTrue(one.allows("127.0.0.1"));
    assertFalse(one.allows("127.0.0.2"), "another loopback address is not the one listed");
    assertFalse(one.allows("localhost"));
  }

  @Test
  void loopbackInAListStandsForEveryLoopbackAddress() {
    AllowedHosts h = hosts("loopback", "portal.staging.example.org");
    assertTrue(h.allows("127.0.0.2"));
    assertTrue(h.allows("[::1]"));
    assertTrue(h.allows("localhost"));
    assertTrue(h.allows("portal.staging.example.org"));
    assertFalse(h.allows("10.1.2.3"));
    assertTrue(hosts("LoopBack").allows("127.0.0.1"));
  }

  @Test
  void aPatternAllowsEveryHostUnderItsDomainButNotTheDomainItself() {
    AllowedHosts h = hosts("*.staging.example.org");
    assertTrue(h.allows("portal.staging.example.org"));
    assertTrue(h.allows("a.b.staging.example.org"));
    assertFalse(h.allows("staging.example.org"));
    assertFalse(h.allows("evilstaging.example.org"));
    assertFalse(h.allows("staging.example.org.evil.example"));
    assertFalse(h.allows("portal.staging.example.org.evil.example"));
    assertFalse(h.allows("127.0.0.1"));
  }

  @Test
  void hostsAndEntriesMatchInAnyCase() {
    assertTrue(hosts("Portal.Staging.Example.ORG").allows("portal.staging.example.org"));
    assertTrue(hosts("portal.staging.example.org").allows("PORTAL.staging.Example.org"));
    assertTrue(hosts("*.Staging.Example.org").allows("SSO.STAGING.EXAMPLE.ORG"));
    assertEquals(List.of("portal.staging.example.org", "*.staging.example.org"),
        hosts(" Portal.Staging.Example.ORG ", "*.STAGING.example.org").entries());
  }

  @Test
  void ipv6EntriesMatchInAnyForm() {
    assertTrue(hosts("2001:db8::7").allows("[2001:DB8:0:0:0:0:0:7]"));
    assertTrue(hosts("[2001:db8::7]").allows("2001:db8::7"));
    assertTrue(hosts("::1").allows("0:0:0:0:0:0:0:1"));
    assertFalse(hosts("2001:db8::7").allows("2001:db8::8"));
  }

  @Test
  void anEntryWithAPortIsRefusedSincePortsAreNotChecked() {
    assertEquals("holds '127.0.0.1:8080', which is not a host (ports are not checked: list the host alone, e.g. 127.0.0.1)", refusal("127.0.0.1:8080"));
    assertEquals("holds 'portal.example.org:443', which is not a host (ports are not checked: list the host alone, e.g. 127.0.0.1)",
        refusal("portal.example.org:443"));
  }

  @Test
  void aUrlIsRefusedAsAnEntry() {
    assertEquals("holds 'https://portal.example.org', which is not a host; list host names without scheme or path, such as"
        + " portal.staging.example.org", refusal("https://portal.example.org"));
    assertTrue(refusal("portal.example.org/login").contains("which is not a host"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "*.", "*.*.example.org", "a*.example.org", "portal.*.org", "*.10.0.0", "bad host", "-portal.example.org",
      "portal..example.org", "portal.example.org."})
  void anEntryThatIsNeitherAHostNorAPatternIsRefused(String entry) {
    assertTrue(refusal(entry).contains("is neither a host name, an IP address, *. and a domain"), refusal(entry));
  }

  @Test
  void anEmptyEntryOrAnImpossibleAddressIsRefused() {
    assertEquals("holds an empty entry; list host names such as portal.staging.example.org", refusal(" "));
    assertEquals("holds '10.0.0.300', which is not an IPv4 address", refusal("10.0.0.300"));
  }

  @Test
  void theEmbeddedStacksHostsAreAddedToAList() {
    assertSame(AllowedHosts.LOOPBACK, AllowedHosts.LOOPBACK.and(List.of("127.0.0.1", "localhost")));
    AllowedHosts named = AllowedHosts.LOOPBACK.and(List.of("127.0.0.1", "portal.test"));
    assertTrue(named.allows("portal.test"));
    assertTrue(named.allows("127.0.0.9"), "loopback only stays loopback, with the stack's name besides");
    AllowedHosts staging = hosts("*.staging.example.org").and(List.of("127.0.0.1", "localhost"));
    assertTrue(staging.allows("127.0.0.1"));
    assertTrue(staging.allows("localhost"));
    assertFalse(staging.allows("127.0.0.2"));
    assertTrue(staging.allows("sso.staging.example.org"));
  }

  @Test
  void theHostsDescribeThemselves() {
    assertEquals("loopback only", AllowedHosts.LOOPBACK.describe());
    assertEquals("127.0.0.1, *.staging.example.org", hosts("127.0.0.1", "*.staging.example.org").describe());
  }
}
