package io.firstbell.simulations;

import io.firstbell.telemetry.ReferenceCapacitySource;
import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.Journeys;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.journeys.OidcClient;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.RunRecorder;
import io.firstbell.analysis.SloSettings;
import io.firstbell.stack.ReferenceStack;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every journey once, end to end, against the embedded reference stack: a student through the
 * portal, a K-2 student with a badge, a teacher through the portal, a teacher from the app with and
 * without a portal session, and the OIDC relying party. Each login is accounted for in the ledger
 * ({@code logins.csv}); any failure fails the build.
 */
public class SmokeSimulation extends Simulation {

  // parameters: the embedded stack is the target; it starts here and stops in after()
  private final Config config = FirstBellConfig.load();
  private final ReferenceStack stack = ReferenceStack.start(config);
  private final Path credentials = exportCredentials(stack);
  private final RunRecorder recorder = new RunRecorder(config, "SmokeSimulation", "reference (embedded stack)", stack::cpuMillis);
  private final LoginLedger ledger = recorder.ledger();
  private final OidcClient oidcClient = new OidcClient(stack.portalUrl(""), stack.settings().appClientId(),
      stack.settings().appClientSecret(), stack.appUrl("/oauth/callback"), false);

  // HTTP protocol
  private final HttpProtocolBuilder httpProtocol =
      http.baseUrl(stack.portalUrl(""))
          .acceptHeader("text/html,application/xhtml+xml,application/json")
          .userAgentHeader("FirstBell/smoke");

  // scenarios: one user per journey
  private ScenarioBuilder once(String journey, String persona, String method, String loginMethod, ChainBuilder steps) {
    List<Map<String, Object>> user = withAppUrl(Credentials.read(credentials, persona, loginMethod, 1));
    return scenario(journey).feed(listFeeder(user)).exec(LoginSteps.login(() -> ledger, journey, persona, method, steps));
  }

  private final List<PopulationBuilder> journeys = List.of(
      once("student-portal", "student", "password", "password", Journeys.studentPortal(0)).injectOpen(atOnceUsers(1)),
      once("student-badge", "student", "badge", "badge", Journeys.studentBadge).injectOpen(atOnceUsers(1)),
      once("teacher-portal", "teacher", "password", "password", Journeys.teacherPortal(0)).injectOpen(atOnceUsers(1)),
      once("teacher-app-initiated", "teacher", "app-initiated", "password", Journeys.teacherAppInitiated).injectOpen(atOnceUsers(1)),
      once("teacher-app-initiated-warm", "teacher", "app-initiated", "password", Journeys.teacherAppInitiatedWarm).injectOpen(atOnceUsers(1)),
      once("oidc", "student", "oidc", "password", Journeys.oidc(oidcClient)).injectOpen(atOnceUsers(1)));

  // assertions and setUp
  {
    setUp(journeys)
        .protocols(httpProtocol)
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    System.out.println("FirstBell smoke: reference stack up in " + stack.startupMillis() + " ms; " + stack.rosterSummary().describe());
    System.out.println("FirstBell smoke: portal " + stack.portalUrl("/") + ", sample app " + stack.appUrl("/")
        + ", oidc " + oidcClient + "; results " + recorder.folder());
    recorder.recordTelemetry("reference", new ReferenceCapacitySource(stack.portalUrl("/admin/capacity"), stack.trustingSslContext(), Duration.ofSeconds(2)),
        Duration.ofSeconds(1));
    recorder.start();
  }

  @Override
  public void after() {
    recorder.finish(SloSettings.from(config));
    stack.close();
    try {
      List<LoginRecord> records = LedgerCsv.read(ledger.file());
      long ok = records.stream().filter(LoginRecord::succeeded).count();
      System.out.println("FirstBell smoke: " + ok + " of " + records.size() + " logins succeeded; ledger " + ledger.file());
      for (LoginRecord r : records) {
        System.out.printf("FirstBell smoke:   %-27s %-9s %5d ms %d requests %s%n", r.journey(), r.outcome().wireName(), r.durationMs(),
            r.requests(), r.succeeded() ? "" : "failed at '" + r.failedStep() + "' (" + r.failureKind() + ")");
      }
      if (ok != records.size() || records.size() != journeys.size()) {
        // a login can fail without a failed request (a step that could not even be built): fail the run
        throw new IllegalStateException("FirstBell smoke: " + (records.size() - ok) + " login(s) failed; see " + ledger.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Map<String, Object>> withAppUrl(List<Map<String, Object>> users) {
    if (users.isEmpty()) {
      throw new IllegalStateException("The roster has no user for this journey; use a larger roster (firstbell.roster.users)");
    }
    return users.stream().map(u -> {
      Map<String, Object> m = new HashMap<>(u);
      m.put("appUrl", stack.appUrl(""));
      return (Map<String, Object>) m;
    }).toList();
  }

  private static Path exportCredentials(ReferenceStack stack) {
    Path csv = Path.of("target", "firstbell", "credentials.csv");
    stack.exportCredentials(csv);
    return csv;
  }

}
