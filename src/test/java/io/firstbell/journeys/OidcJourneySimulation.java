package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.ledger.LoginLedger;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One OIDC login per client of a provider, each client a journey of its own name, accounted for in a
 * ledger: {@code -Doidc.issuer}, {@code -Doidc.clients} (comma-separated), {@code -Doidc.username},
 * {@code -Doidc.password}, {@code -Doidc.ledger} (the {@code logins.csv} to write).
 */
public class OidcJourneySimulation extends Simulation {

  private final String issuer = System.getProperty("oidc.issuer");
  private final LoginLedger ledger = new LoginLedger(Path.of(System.getProperty("oidc.ledger")), System::currentTimeMillis);
  private final List<Map<String, Object>> user =
      List.of(Map.of("username", System.getProperty("oidc.username"), "password", System.getProperty("oidc.password")));

  private PopulationBuilder login(String client) {
    OidcClient oidc = new OidcClient(issuer, client, "secret-" + client, issuer + "/cb", false);
    return scenario(client).feed(listFeeder(user))
        .exec(LoginSteps.login(() -> ledger, client, "student", "oidc", Journeys.oidc(oidc)))
        .injectOpen(atOnceUsers(1));
  }

  {
    setUp(Arrays.stream(System.getProperty("oidc.clients").split(",")).map(this::login).toList())
        .protocols(http.disableCaching());
  }

  @Override
  public void after() {
    ledger.close();
  }
}
