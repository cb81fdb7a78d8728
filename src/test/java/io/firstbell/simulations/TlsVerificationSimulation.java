package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.journeys.HostGuard;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.target.AllowedHosts;
import io.firstbell.target.TlsSettings;
import io.firstbell.target.TlsTrust;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Two one-page logins to each https server of {@code -Dtls.urls} (comma-separated), over Gatling's own TLS, with the trust
 * that {@code firstbell.target.tls} configures installed as a run installs it; the ledger goes to {@code -Dtls.ledger}.
 */
public class TlsVerificationSimulation extends Simulation {

  private final LoginLedger ledger = new LoginLedger(Path.of(System.getProperty("tls.ledger")), System::currentTimeMillis);

  {
    TlsTrust.install(TlsSettings.from(FirstBellConfig.load()));
    HostGuard.allow(AllowedHosts.LOOPBACK, null);
    List<String> urls = Arrays.asList(System.getProperty("tls.urls").split(","));
    List<PopulationBuilder> logins = urls.stream().map(url -> scenario(url)
        .exec(LoginSteps.login(() -> ledger, url, "student", "tls",
            LoginSteps.step("Open page", 200, http("Open page").get(url + "/"), css("#hello").exists())))
        .injectOpen(atOnceUsers(2))).toList();
    setUp(logins).protocols(http.disableCaching().disableWarmUp());
  }

  @Override
  public void after() {
    try {
      for (LoginRecord r : ledger.rows()) {
        System.out.println("ledger row: " + r.journey() + " " + (r.succeeded() ? "succeeded" : "failed at '" + r.failedStep() + "' (" + r.failureKind() + ")"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ledger.close();
  }
}
