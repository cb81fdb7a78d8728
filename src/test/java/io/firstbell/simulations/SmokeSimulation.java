package io.firstbell.simulations;

import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.Console;
import io.firstbell.report.ExitStatus;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Every journey of the configured target once, end to end: against the embedded reference stack (the default) a student
 * through the portal, a K-2 student with a badge, a teacher through the portal, a teacher from the app with and without a
 * portal session, and the OIDC relying party; against a portal its five journeys; against an OIDC provider its one. Each
 * login is accounted for in the ledger ({@code logins.csv}); a journey that did not log in fails the run (exit status 2): so
 * few logins are too few for the SLO's percentiles to judge.
 */
public class SmokeSimulation extends Simulation {

  // parameters: the configured target (the embedded stack by default); no preflight, no warm-up
  private final FirstBellRun run = FirstBellRun.builder(SmokeSimulation.class).preflight(false).build();
  private final List<PopulationBuilder> journeys = run.everyJourneyOnce();

  // setUp: one user per journey, at once
  {
    setUp(journeys).protocols(run.protocol());
  }

  @Override
  public void before() {
    if (run.stack() != null) System.out.println("FirstBell smoke: " + run.stack().rosterSummary().describe());
    run.before("every journey once: " + journeys.size() + " logins at once");
  }

  @Override
  public void after() {
    run.finish();
    if (run.dryRun()) return; // only the preflight ran, and it judged the run
    List<LoginRecord> ledger = run.logins();
    long ok = Console.journeys(ledger, System.out);
    if (ok != journeys.size()) {
      ExitStatus.failWith(ExitStatus.VERDICT_FAILED);
      System.out.println("FirstBell: exit status " + ExitStatus.VERDICT_FAILED + ": " + ok + " of " + journeys.size()
          + " journeys logged in; see " + run.ledger().file());
    }
  }
}
