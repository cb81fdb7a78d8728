package io.firstbell.journeys;

import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings;
import java.util.List;

/**
 * FirstBell's own journey of an OpenID Connect provider: every user of the credentials but badge users (who have no
 * password to type) through the relying-party journey ({@link Journeys#oidc}), whatever persona the simulation asks for. The
 * set of the {@code oidc} target unless {@code firstbell.target.journeys.class} names another.
 */
public final class OidcJourneys implements JourneySet {

  @Override
  public List<Journey> journeys(JourneyContext context) {
    if (context.target().kind() != TargetSettings.Kind.OIDC) {
      throw new SettingsException("firstbell.target.journeys.class is " + OidcJourneys.class.getName() + ", which logs in to an OpenID Connect"
          + " provider, but firstbell.target.kind is " + context.target().kind().name().toLowerCase(java.util.Locale.ROOT)
          + "; set kind = oidc with its issuer and client (firstbell.target.oidc), or choose another journey class");
    }
    return List.of(new Journey("oidc", null, "oidc", u -> !"badge".equals(u.loginMethod()), 1, Journeys.oidc(client(context.target()))));
  }

  @Override
  public String describe(JourneyContext context, List<Journey> mix) {
    return "every user of the credentials (but badge users) through the OIDC relying-party journey";
  }

  /** @return the relying party {@code target} describes: its issuer, client, redirect URI, client authentication, PKCE and checks */
  static OidcClient client(TargetSettings t) {
    return new OidcClient(t.issuer(), t.clientId(), t.clientSecret(), t.redirectUri(), t.clientAuth(), t.pkce(), t.clockSkew(),
        t.userinfoClaim(), t.userinfoColumn());
  }
}
