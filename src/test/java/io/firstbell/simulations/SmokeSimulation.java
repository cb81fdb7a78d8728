package io.firstbell.simulations;

import io.firstbell.report.ExitStatus;
import io.firstbell.results.Summary;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Every journey once, end to end, against the embedded reference stack: a student through the portal, a K-2 student with a
 * badge, a teacher through the portal, a teacher from the app with and without a portal session, and the OIDC relying
 * party. Each login is accounted for in the ledger ({@code logins.csv}); a journey that did not log in fails the run.
 */
public class SmokeSimulation extends Simulation {

  // parameters: the embedded stack is the target, whatever firstbell.target says; no preflight, no warm-up
  private final FirstBellRun run = FirstBellRun.builder(SmokeSimulation.class).embeddedStack().preflight(false).build();
  private final List<PopulationBuilder> journeys = run.everyJourneyOnce();

  // setUp: one user per journey, at once
  {
    setUp(journeys).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before("every journey once: " + journeys.size() + " logins at once");
  }

  /** Every journey must have logged in: the exit status fails otherwise, whatever the SLO says of so few logins. */
  @Override
  public void after() {
    Summary summary = run.after("a journey did not log in", record -> record);
    if (summary.logins().succeeded() != journeys.size()) {
      ExitStatus.failWith(ExitStatus.VERDICT_FAILED);
      System.out.println("FirstBell: smoke FAILED: " + summary.logins().succeeded() + " of " + journeys.size() + " journeys logged in; see "
          + run.recorder().folder().resolve("logins.csv"));
    }
  }
}
