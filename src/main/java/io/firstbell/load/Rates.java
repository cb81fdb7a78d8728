package io.firstbell.load;

import java.util.Locale;

/** How the load package writes a rate in its messages: whole numbers bare, others to a tenth (10, 42.5). */
public final class Rates {

  private Rates() {}

  /** @return e.g. "10", "41.3" */
  public static String fmt(double logins) {
    return logins == Math.rint(logins) ? String.valueOf((long) logins) : String.format(Locale.ROOT, "%.1f", logins);
  }
}
