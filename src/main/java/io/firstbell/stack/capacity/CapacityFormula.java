package io.firstbell.stack.capacity;

import java.time.Duration;
import java.util.List;

/**
 * The stack's modelled capacity for student portal logins, from its settings alone:
 * slots bind at {@code I x S / T} logins/s (T = the service times along the journey), the datastore
 * at {@code D / (R x r)} (R reads per login of read-time r); the lower one is the capacity.
 */
public final class CapacityFormula {

  /** The endpoints one student portal login passes through, in order. */
  public static final List<String> STUDENT_PORTAL_LOGIN = List.of(
      "portal.login-page", "portal.login", "portal.dashboard", "portal.instant-login", "oauth.tokens", "api.me");

  /** The endpoints one student badge login (grades K-2) passes through, in order. */
  public static final List<String> STUDENT_BADGE_LOGIN = List.of(
      "portal.badge-page", "portal.badge-login", "portal.dashboard", "portal.instant-login", "oauth.tokens", "api.me");

  /**
   * Datastore reads of one student portal login with efficient sharing lookups: district (login page),
   * district and user (login), user and shared apps (dashboard), user and sharing check (instant login),
   * user (token exchange), user (identity API).
   */
  public static final int READS_PER_STUDENT_PORTAL_LOGIN = 9;

  /** What binds, and at how many logins per second. */
  public record Capacity(double slotBoundPerSec, double datastoreBoundPerSec, Duration slotTimePerLogin) {

    /** @return the capacity: the lower bound */
    public double perSec() {
      return Math.min(slotBoundPerSec, datastoreBoundPerSec);
    }

    /** @return "slots" or "datastore" */
    public String bottleneck() {
      return slotBoundPerSec <= datastoreBoundPerSec ? "slots" : "datastore";
    }
  }

  private CapacityFormula() {}

  /**
   * @param instances ready instances
   * @return the modelled capacity for student portal logins (efficient sharing lookups)
   */
  public static Capacity studentPortalLogins(CapacitySettings s, int instances) {
    Duration t = Duration.ZERO;
    for (String endpoint : STUDENT_PORTAL_LOGIN) {
      t = t.plus(s.serviceTime(endpoint));
    }
    double slotBound = t.isZero() ? Double.POSITIVE_INFINITY : instances * s.slots() / (t.toNanos() / 1e9);
    double readSeconds = READS_PER_STUDENT_PORTAL_LOGIN * s.readTime().toNanos() / 1e9;
    double datastoreBound = readSeconds == 0 ? Double.POSITIVE_INFINITY : s.datastoreCeiling() / readSeconds;
    return new Capacity(slotBound, datastoreBound, t);
  }

  /**
   * The modelled capacity for the students' own mix: a share of them log in with a badge, whose journey holds slots for a
   * different time, so the slots bind at {@code I x S / (b x T_badge + (1 - b) x T_portal)}. The datastore bound counts the
   * portal journey's reads for both (an approximation: it binds only far above the default capacity).
   *
   * @param badgeShare the share of student logins made with a badge
   */
  public static Capacity studentLogins(CapacitySettings s, int instances, double badgeShare) {
    Capacity portal = studentPortalLogins(s, instances);
    Duration badge = Duration.ZERO;
    for (String endpoint : STUDENT_BADGE_LOGIN) {
      badge = badge.plus(s.serviceTime(endpoint));
    }
    double meanSeconds = badgeShare * badge.toNanos() / 1e9 + (1 - badgeShare) * portal.slotTimePerLogin().toNanos() / 1e9;
    double slotBound = meanSeconds == 0 ? Double.POSITIVE_INFINITY : instances * s.slots() / meanSeconds;
    return new Capacity(slotBound, portal.datastoreBoundPerSec(), Duration.ofNanos(Math.round(meanSeconds * 1e9)));
  }
}
