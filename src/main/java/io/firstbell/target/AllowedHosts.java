package io.firstbell.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts load may go to ({@code firstbell.target.allowed-hosts}): every request a journey sends and every configured URL
 * is checked against them. Empty: loopback only. Otherwise exactly the hosts listed, each one of
 * <ul>
 *   <li>a host name or IP address, e.g. {@code portal.staging.example.org}, {@code 10.1.2.3}, {@code ::1};</li>
 *   <li>{@code *.} and a domain, e.g. {@code *.staging.example.org}: any host under that domain (not the domain itself);</li>
 *   <li>{@code loopback}: any loopback address.</li>
 * </ul>
 * Loopback is {@code 127.0.0.0/8} written as four decimal numbers, {@code ::1} in any IPv6 form, and {@code localhost}.
 * Hosts match in any case, with or without IPv6 brackets; ports are not part of a host, so any port of an allowed host is
 * allowed. Nothing here resolves a name: a host is judged as written (a trailing dot makes another name), so a name that
 * resolves to loopback must still be listed.
 *
 * @param entries the normalized entries (lower case, IPv6 addresses in their canonical form); empty means loopback only
 */
public record AllowedHosts(List<String> entries) {

  /** The entry that stands for any loopback address. */
  public static final String LOOPBACK_ENTRY = "loopback";

  /** Loopback only, the default. */
  public static final AllowedHosts LOOPBACK = new AllowedHosts(List.of());

  private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

  /** @throws IllegalArgumentException naming the first entry that is not a host, a {@code *.domain} pattern or {@code loopback} */
  public AllowedHosts {
    List<String> normalized = new ArrayList<>();
    for (String entry : entries) {
      normalized.add(entry(entry));
    }
    entries = List.copyOf(normalized);
  }

  /** @return the hosts listed, checked and normalized ({@code []}: loopback only) */
  public static AllowedHosts of(Collection<String> entries) {
    return new AllowedHosts(List.copyOf(entries));
  }

  /**
   * @param host a host as a URL carries it, e.g. {@code 127.0.0.1}, {@code [::1]}, {@code Portal.Example.org}
   * @return whether requests may go to {@code host}, whatever the port
   */
  public boolean allows(String host) {
    if (host == null || host.isEmpty()) return false;
    String h = normalize(host);
    if (entries.isEmpty()) return loopback(h);
    for (String e : entries) {
      if (e.equals(LOOPBACK_ENTRY) ? loopback(h) : e.startsWith("*.") ? h.endsWith(e.substring(1)) : h.equals(e)) return true;
    }
    return false;
  }

  /**
   * @param hosts hosts to allow besides these (the embedded stack's own)
   * @return these hosts and {@code hosts}; loopback only stays loopback only when every one of {@code hosts} is loopback
   */
  public AllowedHosts and(Collection<String> hosts) {
    List<String> all = new ArrayList<>(entries);
    List<String> extra = hosts.stream().filter(h -> !allows(h)).toList();
    if (extra.isEmpty()) return this;
    if (all.isEmpty()) all.add(LOOPBACK_ENTRY);
    all.addAll(extra);
    return new AllowedHosts(all);
  }

  /** @return the hosts for a message: {@code loopback only} or the list */
  public String describe() {
    return entries.isEmpty() ? "loopback only" : String.join(", ", entries);
  }

  /** @return whether {@code host} is a loopback address as written: 127.0.0.0/8 in dotted decimal, ::1, localhost */
  public static boolean isLoopback(String host) {
    return host != null && loopback(normalize(host));
  }

  private static boolean loopback(String h) {
    if (h.equals("localhost")) return true;
    if (IPV4.matcher(h).matches()) return h.startsWith("127.") && octetsValid(h);
    return h.equals("::1");
  }

  /** @return {@code host} in lower case, without IPv6 brackets, an IPv6 address in canonical form */
  private static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.contains(":")) {
      String v6 = ipv6(h);
      return v6 == null ? h : v6;
    }
    return h;
  }

  /** @return the canonical text of an IPv6 literal (an IPv4-mapped one as IPv4), or null when {@code h} is not one; never a lookup */
  private static String ipv6(String h) {
    if (!h.matches("[0-9a-f:.]+")) return null;
    try {
      String a = InetAddress.getByName("[" + h + "]").getHostAddress(); // a bracketed literal is parsed, never resolved
      return a.equals("0:0:0:0:0:0:0:1") ? "::1" : a;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean octetsValid(String ipv4) {
    for (String part : ipv4.split("\\.")) {
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }

  /** @return {@code raw} normalized, or the reason it is not an entry */
  private static String entry(String raw) {
    if (raw == null || raw.isBlank()) throw new IllegalArgumentException("holds an empty entry; list host names such as portal.staging.example.org");
    String e = raw.trim().toLowerCase(Locale.ROOT);
    if (e.contains("/")) {
      throw new IllegalArgumentException("holds '" + raw + "', which is not a host; list host names without scheme or path, such as portal.staging.example.org");
    }
    if (e.equals(LOOPBACK_ENTRY)) return e;
    String h = normalize(e);
    if (e.contains(":")) {
      if (ipv6(h) != null) return h;
      throw new IllegalArgumentException("holds '" + raw + "', which is not a host (ports are not checked: list the host alone, e.g. 127.0.0.1)");
    }
    if (IPV4.matcher(h).matches()) {
      if (octetsValid(h)) return h;
      throw new IllegalArgumentException("holds '" + raw + "', which is not an IPv4 address");
    }
    boolean pattern = h.startsWith("*.");
    String name = pattern ? h.substring(2) : h;
    if (!NAME.matcher(name).matches() || (pattern && !name.matches(".*[a-z].*"))) {
      throw new IllegalArgumentException("holds '" + raw + "', which is neither a host name, an IP address, *. and a domain (e.g. "
          + "*.staging.example.org) nor " + LOOPBACK_ENTRY);
    }
    return h;
  }
}
