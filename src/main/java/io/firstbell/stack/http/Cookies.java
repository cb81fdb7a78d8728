package io.firstbell.stack.http;

import io.javalin.http.Context;
import java.time.Duration;

/** Writes cookies the way production SSO does: HttpOnly, SameSite=Lax, Path=/, and Secure over https. */
public final class Cookies {

  private final boolean secure;

  public Cookies(boolean secure) {
    this.secure = secure;
  }

  /** Sets a session-lifetime cookie. */
  public void set(Context ctx, String name, String value) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  /** Sets a cookie that expires after {@code maxAge}. */
  public void set(Context ctx, String name, String value, Duration maxAge) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  /** Tells the browser to forget a cookie. */
  public void clear(Context ctx, String name) {
    ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }
}
