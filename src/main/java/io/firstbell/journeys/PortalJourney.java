package io.firstbell.journeys;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.ChainBuilder;

/**
 * The student portal login for benchmarks that keep their own tallies rather than a ledger: the first
 * failed step ends the login, and the scenario goes on after it so that the attempt can be counted
 * (its session is then marked failed).
 */
public final class PortalJourney {

  private PortalJourney() {}

  /** The whole student portal login (see {@link Journeys#studentPortal}). */
  public static final ChainBuilder studentPortalLogin = exitBlockOnFail().on(Journeys.studentPortal(0));
}
