package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.target.ClientAuth;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One OIDC login per client of a provider, each client a journey of its own name, accounted for in a
 * ledger: {@code -Doidc.issuer}, {@code -Doidc.clients} (comma-separated), {@code -Doidc.username},
 * {@code -Doidc.password}, {@code -Doidc.ledger} (the {@code logins.csv} to write); the clients listed in
 * {@code -Doidc.pkce-off} do not use PKCE, those in {@code -Doidc.public} are public ({@code client-auth none}), the others
 * authenticate with HTTP Basic. The failure samples are printed at the end.
 */
public class OidcJourneySimulation extends Simulation {

  private final String issuer = System.getProperty("oidc.issuer");
  private final LoginLedger ledger = new LoginLedger(Path.of(System.getProperty("oidc.ledger")), System::currentTimeMillis);
  private final List<Map<String, Object>> user =
      List.of(Map.of("username", System.getProperty("oidc.username"), "password", System.getProperty("oidc.password")));

  private PopulationBuilder login(String client) {
    boolean isPublic = listed("oidc.public", client);
    OidcClient oidc = new OidcClient(issuer, client, isPublic ? "" : "secret-" + client, issuer + "/cb",
        isPublic ? ClientAuth.NONE : ClientAuth.CLIENT_SECRET_BASIC, !listed("oidc.pkce-off", client), OidcClient.DEFAULT_CLOCK_SKEW);
    return scenario(client).feed(listFeeder(user))
        .exec(LoginSteps.login(() -> ledger, client, "student", "oidc", Journeys.oidc(oidc)))
        .injectOpen(atOnceUsers(1));
  }

  /** @return whether the comma-separated list in system property {@code property} names {@code client} */
  private static boolean listed(String property, String client) {
    return Arrays.asList(System.getProperty(property, "").split(",")).contains(client);
  }

  {
    setUp(Arrays.stream(System.getProperty("oidc.clients").split(",")).map(this::login).toList())
        .protocols(http.disableCaching());
  }

  @Override
  public void after() {
    for (FailureSamples.Sample s : ledger.failureSamples().all()) {
      System.out.println("failure sample: " + s);
    }
    ledger.close();
  }
}
