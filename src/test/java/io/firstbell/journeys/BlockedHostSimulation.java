package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.target.AllowedHosts;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One OIDC login against a provider that hands back a host that is not allowed, and a bystander's login a few seconds
 * later that only starts if the run goes on: {@code -Dhosts.issuer} (the provider, one realm per behaviour),
 * {@code -Dhosts.client} (the realm of the login that meets the host, also its journey's name), {@code -Dhosts.bystander}
 * (the realm of the later login), {@code -Dhosts.allowed} (comma-separated), {@code -Dhosts.username},
 * {@code -Dhosts.password}, {@code -Dhosts.ledger} (the {@code logins.csv} to write). The failure samples are printed at the end.
 */
public class BlockedHostSimulation extends Simulation {

  private final String issuer = System.getProperty("hosts.issuer");
  private final LoginLedger ledger = new LoginLedger(Path.of(System.getProperty("hosts.ledger")), System::currentTimeMillis);
  private final List<Map<String, Object>> user =
      List.of(Map.of("username", System.getProperty("hosts.username"), "password", System.getProperty("hosts.password")));

  private PopulationBuilder login(String realm, Duration after) {
    OidcClient oidc = new OidcClient(issuer + "/" + realm, realm, "secret-" + realm, issuer + "/" + realm + "/cb",
        io.firstbell.target.ClientAuth.CLIENT_SECRET_BASIC);
    return scenario(realm).feed(listFeeder(user))
        .exec(LoginSteps.login(() -> ledger, realm, "student", "oidc", Journeys.oidc(oidc)))
        .injectOpen(nothingFor(after), atOnceUsers(1));
  }

  {
    HostGuard.allow(AllowedHosts.of(Arrays.asList(System.getProperty("hosts.allowed").split(","))), null);
    setUp(login(System.getProperty("hosts.client"), Duration.ZERO), login(System.getProperty("hosts.bystander"), Duration.ofSeconds(5)))
        .protocols(http.disableCaching().disableWarmUp());
  }

  @Override
  public void after() {
    for (FailureSamples.Sample s : ledger.failureSamples().all()) {
      System.out.println("failure sample: " + s);
    }
    ledger.close();
  }
}
