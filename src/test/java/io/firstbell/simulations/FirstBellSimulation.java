package io.firstbell.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.Journeys;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.journeys.OidcClient;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.report.RunRecorder;
import io.firstbell.load.LoadPlan;
import io.firstbell.load.PopulationSettings;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.target.TargetSettings;
import io.firstbell.telemetry.PrometheusSource;
import io.firstbell.telemetry.ReferenceCapacitySource;
import io.firstbell.telemetry.TelemetrySettings;
import io.firstbell.telemetry.TelemetrySource;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every FirstBell load simulation shares: the validated configuration, the target (the embedded
 * stack started here and stopped after the run, or an external one), the population's login mix, the
 * login ledger, the SLO as Gatling assertions, and a {@code before} that prints all of it. A subclass
 * names its load plan and calls {@link #run}.
 */
public abstract class FirstBellSimulation extends Simulation {

  // parameters: everything is validated here, before any load is sent
  protected final Config config = FirstBellConfig.load();
  protected final TargetSettings target = TargetSettings.from(config);
  protected final PopulationSettings population = PopulationSettings.from(config);
  protected final SloSettings slo = SloSettings.from(config);
  private final ReferenceStack stack = target.embedded() ? ReferenceStack.start(stackConfig(config)) : null;
  private final String portalUrl = stack != null ? stack.portalUrl("") : target.portalUrl();
  private final String appUrl = stack != null ? stack.appUrl("") : target.appUrl();
  private final Path credentials = credentialsFile();
  protected final TelemetrySettings telemetry = TelemetrySettings.from(config, target);
  private final TelemetrySource telemetrySource = telemetrySource();
  protected final RunRecorder recorder = new RunRecorder(config, getClass().getSimpleName(), target.describe(),
      () -> stack == null ? 0 : stack.cpuMillis());
  protected final LoginLedger ledger = recorder.ledger();
  private final AtomicLong loginIndex = new AtomicLong();
  private LoadPlan plan;
  private List<Map<String, Object>> allUsers;
  private volatile long injectionStart;

  /**
   * @return the configuration the embedded stack starts with; a simulation may adjust it (called during
   *     construction: an override must read only its argument)
   */
  protected Config stackConfig(Config config) {
    return config;
  }

  /** @return what this simulation offers, for the console */
  protected abstract String describeLoad();

  /** @return the HTTP protocol: the portal as base URL (the OIDC journey uses absolute URLs) */
  protected HttpProtocolBuilder protocol() {
    return http.baseUrl(portalUrl.isEmpty() ? target.issuer() : portalUrl)
        .acceptHeader("text/html,application/xhtml+xml,application/json")
        .userAgentHeader("FirstBell");
  }

  /**
   * The population's logins: students (badge users by badge, the others through the portal, some
   * mistyping once) and teachers (portal, app-initiated, app-initiated with a portal session) in the
   * configured mix; against an OIDC provider, every user through the OIDC journey.
   *
   * @param personas "student", "teacher" or both
   * @return the scenario
   */
  protected ScenarioBuilder loginMix(String name, List<String> personas) {
    PopulationSettings.ThinkTime think = thinkTime();
    ChainBuilder mix;
    if (target.kind() == TargetSettings.Kind.OIDC) {
      OidcClient client = new OidcClient(target.issuer(), target.clientId(), target.clientSecret(), target.redirectUri(), target.secretInBody());
      mix = exec(feed(listFeeder(users(null)).random()))
          .exec(LoginSteps.login(() -> ledger, "oidc", null, "oidc", think, Journeys.oidc(client)));
    } else if (personas.size() == 1) { // only the persona that logs in needs users in the credentials file
      mix = personas.get(0).equals("student") ? students(think) : teachers(think);
    } else {
      mix = randomSwitch().on(percent(100 * population.studentShare()).then(students(think)),
          percent(100 * (1 - population.studentShare())).then(teachers(think)));
    }
    return scenario(name).exec(arrival()).exec(session -> session.set("appUrl", appUrl)).exec(mix);
  }

  private ChainBuilder students(PopulationSettings.ThinkTime think) {
    return feedOrFail("student")
        .doIfEqualsOrElse("#{loginMethod}", "badge")
        .then(LoginSteps.login(() -> ledger, "student-badge", "student", "badge", think, Journeys.studentBadge))
        .orElse(LoginSteps.login(() -> ledger, "student-portal", "student", "password", think, Journeys.studentPortal(population.mistypeShare())));
  }

  private ChainBuilder teachers(PopulationSettings.ThinkTime think) {
    return feedOrFail("teacher")
        .randomSwitch().on(
            percent(share(population.teacherPortal())).then(
                LoginSteps.login(() -> ledger, "teacher-portal", "teacher", "password", think, Journeys.teacherPortal(population.mistypeShare()))),
            percent(share(population.teacherAppInitiated())).then(
                LoginSteps.login(() -> ledger, "teacher-app-initiated", "teacher", "app-initiated", think, Journeys.teacherAppInitiated)),
            percent(share(population.teacherAppInitiatedWarm())).then(
                LoginSteps.login(() -> ledger, "teacher-app-initiated-warm", "teacher", "app-initiated", think, Journeys.teacherAppInitiatedWarm)));
  }

  /** @return what happens as a user arrives, before its login: by default, its scheduled start from the plan */
  protected ChainBuilder arrival() {
    return exec(session -> {
      long k = loginIndex.getAndIncrement();
      if (k == 0) injectionStart = System.currentTimeMillis(); // the schedule is anchored on the first login Gatling starts
      return session.set(LoginSteps.SCHEDULED_START, injectionStart + plan.scheduledOffsetMillis(k));
    });
  }

  /** @return the think time between a login's steps: the population's, unless a simulation needs otherwise */
  protected PopulationSettings.ThinkTime thinkTime() {
    return population.thinkTime();
  }

  /** Sets up {@code scenario} with its own injection (for simulations that shape load at run time). */
  protected void runOpen(ScenarioBuilder scenario, List<OpenInjectionStep> injection) {
    setUp(scenario.injectOpen(injection)).protocols(protocol()).assertions(sloAssertions());
  }

  /** @return when Gatling started the first login (epoch ms), 0 before it: the load plan's time zero */
  protected long injectionStart() {
    return injectionStart;
  }

  /** @return the SLO settings in force */
  protected SloSettings slo() {
    return slo;
  }

  /** Sets up {@code scenario} with {@code plan}'s constant-rate segments and the SLO as assertions. */
  protected void run(ScenarioBuilder scenario, LoadPlan plan) {
    this.plan = plan;
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (LoadPlan.Segment s : plan.segments()) {
      steps.add(s.rate() > 0 ? constantUsersPerSec(s.rate()).during(s.duration()) : nothingFor(s.duration()));
    }
    setUp(scenario.injectOpen(steps)).protocols(protocol()).assertions(sloAssertions());
  }

  /** @return the SLO as Gatling assertions on requests, so that a CI run breaking it fails */
  protected List<Assertion> sloAssertions() {
    return List.of(
        global().failedRequests().percent().lte(100 * (1 - slo.successRatio())),
        global().responseTime().percentile(95.0).lte((int) slo.p95Login().toMillis()));
  }

  @Override
  public void before() {
    System.out.println("FirstBell: target      " + target.describe()
        + (stack != null ? " — up in " + stack.startupMillis() + " ms at " + portalUrl + " and " + appUrl : ""));
    System.out.println("FirstBell: population  " + population.describe());
    System.out.println("FirstBell: load        " + describeLoad() + (plan == null ? "" : String.format(" (%,d logins over %d s, peak %.1f/s)",
        plan.logins(), plan.duration().toSeconds(), plan.peakRate())));
    System.out.println("FirstBell: SLO         " + slo.describe());
    System.out.println("FirstBell: results     " + recorder.folder());
    System.out.println("FirstBell: telemetry   " + telemetry.describe());
    if (telemetrySource != null) {
      recorder.recordTelemetry(telemetry.source().name().toLowerCase(java.util.Locale.ROOT), telemetrySource, telemetry.interval());
    }
    recorder.start();
  }

  /** Adds this simulation's own sections (steps, breaking point) to the summary before it is written. */
  protected void addToSummary(com.fasterxml.jackson.databind.node.ObjectNode summary) {}

  @Override
  public void after() {
    try {
      recorder.finish(slo, this::addToSummary);
    } finally {
      if (stack != null) stack.close();
    }
  }

  /**
   * @return the configured telemetry source, checked before any load is sent (a Prometheus server that
   *     does not answer, or rejects a query, stops the run here), or null for {@code none}
   */
  private TelemetrySource telemetrySource() {
    switch (telemetry.source()) {
      case REFERENCE -> {
        String url = telemetry.capacityUrl().isEmpty() ? portalUrl + "/admin/capacity" : telemetry.capacityUrl();
        return new ReferenceCapacitySource(url, stack == null ? null : stack.trustingSslContext(), telemetry.timeout());
      }
      case PROMETHEUS -> {
        PrometheusSource source = PrometheusSource.of(telemetry);
        try {
          String warning = source.check(System.currentTimeMillis());
          if (!warning.isEmpty()) System.out.println("FirstBell: telemetry warning: " + warning + "; readings fail until it does");
        } catch (IOException e) {
          throw new SettingsException("firstbell.telemetry.source is prometheus, but " + e.getMessage()
              + ". Fix firstbell.telemetry.prometheus (url, ready, desired), or set firstbell.telemetry.source = none to run on the ledger alone", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while checking Prometheus", e);
        }
        return source;
      }
      default -> {
        return null;
      }
    }
  }

  private ChainBuilder feedOrFail(String persona) {
    List<Map<String, Object>> users = users(persona);
    if (users.isEmpty()) {
      throw new IllegalStateException("The credentials file " + credentials + " holds no " + persona + "; add some or change firstbell.population");
    }
    return feed(listFeeder(users).random());
  }

  /** @return the credentials file's users of {@code persona} (null: all), read once for the run */
  private List<Map<String, Object>> users(String persona) {
    if (allUsers == null) { // badge users cannot log in to an OIDC provider's password form
      allUsers = Credentials.readAll(credentials).stream()
          .filter(u -> !(target.kind() == TargetSettings.Kind.OIDC && "badge".equals(u.get("loginMethod")))).toList();
    }
    return persona == null ? allUsers : allUsers.stream().filter(u -> persona.equals(u.get("userType"))).toList();
  }

  /** @return a teacher method's weight as a percentage of all teacher weights */
  private double share(double weight) {
    return 100 * weight / (population.teacherPortal() + population.teacherAppInitiated() + population.teacherAppInitiatedWarm());
  }

  private Path credentialsFile() {
    if (target.credentials() != null) return target.credentials();
    Path csv = Path.of("target", "firstbell", "credentials.csv");
    stack.exportCredentials(csv);
    return csv;
  }

}
