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
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.report.ExitStatus;
import io.firstbell.report.RunRecorder;
import io.firstbell.load.LoadPlan;
import io.firstbell.load.WarmUp;
import io.firstbell.target.TargetProbe;
import io.firstbell.load.PopulationSettings;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.target.TargetSettings;
import io.firstbell.telemetry.PrometheusSource;
import io.firstbell.telemetry.ReferenceCapacitySource;
import io.firstbell.telemetry.TelemetrySettings;
import io.firstbell.telemetry.TelemetrySource;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every FirstBell load simulation shares: the validated configuration, the target (the embedded
 * stack started here and stopped after the run, or an external one, checked to accept connections), the
 * population's login mix, a preflight login of each of its journeys before any load, a warm-up that is never
 * judged, the login ledger, and a {@code before} that prints all of it. The run's exit status follows
 * FirstBell's login-level verdict ({@link ExitStatus}), not Gatling's request statistics. A subclass names its
 * load plan and calls {@link #run}.
 */
public abstract class FirstBellSimulation extends Simulation {

  // parameters: everything is validated here, before any load is sent
  protected final Config config = FirstBellConfig.load();
  protected final TargetSettings target = TargetSettings.from(config);
  protected final PopulationSettings population = PopulationSettings.from(config);
  protected final SloSettings slo = SloSettings.from(config);
  private final ReferenceStack stack = target.embedded() ? closedIfSetUpFails(ReferenceStack.start(stackConfig(config))) : null;
  private final String portalUrl = stack != null ? stack.portalUrl("") : target.portalUrl();
  private final String appUrl = stack != null ? stack.appUrl("") : target.appUrl();
  protected final WarmUp warmUp = WarmUp.from(config);
  protected final io.firstbell.load.Safety safety = io.firstbell.load.Safety.from(config);
  private final boolean preflightOn = config.getBoolean("firstbell.preflight.enabled");
  private final boolean reachable = checkReachable(config.getDuration("firstbell.preflight.connect-timeout"));
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
  private List<String> mixPersonas = List.of();
  private volatile Boolean preflightPassed;

  /**
   * @return {@code stack}, to be stopped should anything after it fail to set up (a later setting, a subclass's own): Gatling
   *     then lets its main thread die, and the stack's server threads would keep the JVM alive, hanging the run
   */
  private static ReferenceStack closedIfSetUpFails(ReferenceStack stack) {
    Thread setUp = Thread.currentThread();
    Thread.UncaughtExceptionHandler previous = setUp.getUncaughtExceptionHandler();
    setUp.setUncaughtExceptionHandler((thread, e) -> {
      stack.close();
      previous.uncaughtException(thread, e);
    });
    return stack;
  }

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
    mixPersonas = List.copyOf(personas);
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
    return scenario(name).exec(preflightGate()).exec(arrival()).exec(session -> session.set("appUrl", appUrl)).exec(mix);
  }

  /** One journey of the mix, as the preflight runs it: once, with a user it suits, no think time, no mistyping. */
  private record Journey(String name, String persona, String method, Predicate<Map<String, Object>> suits, ChainBuilder chain) {}

  /** @return the journeys the mix of {@code personas} can run, each once */
  private List<Journey> journeys(List<String> personas) {
    List<Journey> all = new ArrayList<>();
    if (target.kind() == TargetSettings.Kind.OIDC) {
      OidcClient client = new OidcClient(target.issuer(), target.clientId(), target.clientSecret(), target.redirectUri(), target.secretInBody());
      all.add(new Journey("oidc", null, "oidc", u -> true, Journeys.oidc(client)));
      return all;
    }
    if (personas.contains("student")) {
      all.add(new Journey("student-portal", "student", "password", u -> "student".equals(u.get("userType")) && !"badge".equals(u.get("loginMethod")),
          Journeys.studentPortal(0)));
      all.add(new Journey("student-badge", "student", "badge", u -> "student".equals(u.get("userType")) && "badge".equals(u.get("loginMethod")),
          Journeys.studentBadge));
    }
    if (personas.contains("teacher")) {
      Predicate<Map<String, Object>> teacher = u -> "teacher".equals(u.get("userType"));
      if (population.teacherPortal() > 0) all.add(new Journey("teacher-portal", "teacher", "password", teacher, Journeys.teacherPortal(0)));
      if (population.teacherAppInitiated() > 0) {
        all.add(new Journey("teacher-app-initiated", "teacher", "app-initiated", teacher, Journeys.teacherAppInitiated));
      }
      if (population.teacherAppInitiatedWarm() > 0) {
        all.add(new Journey("teacher-app-initiated-warm", "teacher", "app-initiated", teacher, Journeys.teacherAppInitiatedWarm));
      }
    }
    return all;
  }

  /**
   * The preflight: one login of each journey in the mix, one after the other, each with a fresh cookie jar and a user
   * it suits, recorded in the ledger with phase {@code preflight}. A journey no user in the credentials suits (no badge
   * users, say) is not in the mix either, and is left out.
   */
  private ScenarioBuilder preflight() {
    ChainBuilder chain = exec(session -> session.set(LoginSteps.PHASE, LoginRecord.PREFLIGHT).set("appUrl", appUrl));
    for (Journey j : journeys(mixPersonas)) {
      List<Map<String, Object>> users = users(null).stream().filter(j.suits()).toList();
      if (users.isEmpty()) continue;
      chain = chain.exec(flushCookieJar()).exec(feed(listFeeder(users).random()))
          .exec(LoginSteps.login(() -> ledger, j.name(), j.persona(), j.method(), null, j.chain()));
    }
    return scenario("Preflight: one login of each journey").exec(chain);
  }

  /**
   * @return the first step of every load arrival: once the preflight is over, its verdict; when a preflight login
   *     failed, the run stops here and sends no load
   */
  private ChainBuilder preflightGate() {
    return exec(session -> {
          if (preflightPassed == null) judgePreflight();
          return session;
        })
        .exec(stopLoadGeneratorIf("FirstBell: a preflight login failed; no load was sent", session -> !preflightPassed))
        .exitHereIf(session -> !preflightPassed);
  }

  private synchronized void judgePreflight() {
    if (preflightPassed != null) return;
    List<LoginRecord> pre = ledger.records().stream().filter(r -> LoginRecord.PREFLIGHT.equals(r.phase())).toList();
    boolean passed = pre.stream().allMatch(LoginRecord::succeeded) && (!preflightOn || !pre.isEmpty());
    if (passed) {
      if (!pre.isEmpty()) {
        System.out.println("FirstBell: preflight   passed: " + String.join(", ", pre.stream().map(r -> r.journey() + " " + r.loginMs() + " ms").toList()));
      }
    } else if (pre.isEmpty()) {
      System.out.println("FirstBell: preflight FAILED: no preflight login ran (the credentials hold no user for the mix's journeys); no load was sent");
    } else {
      for (LoginRecord r : pre) {
        if (r.succeeded()) continue;
        FailureSamples.Sample sample = ledger.failureSamples().all().stream()
            .filter(x -> LoginRecord.PREFLIGHT.equals(x.phase()) && x.journey().equals(r.journey())).findFirst().orElse(null);
        System.out.println("FirstBell: preflight FAILED: journey " + r.journey() + ", step \"" + r.failedStep() + "\": " + r.failureKind()
            + (sample == null || sample.url().isEmpty() ? "" : " at " + sample.url()));
        if (sample != null && !sample.body().isEmpty()) System.out.println("FirstBell:   the target answered: " + sample.body());
      }
      System.out.println("FirstBell: no load was sent; fix the target or the journey's settings (firstbell.target) and run again");
    }
    preflightPassed = passed;
  }

  /** @return whether the preflight (if it ran) passed; true before it is judged */
  protected boolean preflightFailed() {
    return Boolean.FALSE.equals(preflightPassed);
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
      return session.set(LoginSteps.SCHEDULED_START, injectionStart + plan.scheduledOffsetMillis(k))
          .set(LoginSteps.PHASE, plan.warmsUp(k) ? LoginRecord.WARM_UP : LoginRecord.LOAD);
    });
  }

  /** @return the think time between a login's steps: the population's, unless a simulation needs otherwise */
  protected PopulationSettings.ThinkTime thinkTime() {
    return population.thinkTime();
  }

  /** Sets up {@code scenario} with its own injection (for simulations that shape load at run time), after the preflight. */
  protected void runOpen(ScenarioBuilder scenario, List<OpenInjectionStep> injection) {
    PopulationBuilder load = scenario.injectOpen(injection);
    setUp(preflightOn ? preflight().injectOpen(atOnceUsers(1)).andThen(load) : load).protocols(protocol());
  }

  /** @return when Gatling started the first login (epoch ms), 0 before it: the load plan's time zero */
  protected long injectionStart() {
    return injectionStart;
  }

  /** @return when the judged load started (epoch ms): after the plan's warm-up */
  protected long loadStart() {
    return injectionStart + (plan == null ? 0 : plan.warmUpMillis());
  }

  /** @return the SLO settings in force */
  protected SloSettings slo() {
    return slo;
  }

  /**
   * Sets up {@code scenario} with the warm-up and then {@code plan}'s constant-rate segments, after the preflight; a plan
   * beyond {@code firstbell.safety} is refused here, before any load.
   */
  protected void run(ScenarioBuilder scenario, LoadPlan plan) {
    this.plan = plan.withWarmUp(warmUp, warmUpCap(plan));
    safety.check("The load of " + getClass().getSimpleName(), this.plan.segments().stream().mapToDouble(LoadPlan.Segment::rate).max().orElse(0),
        this.plan.duration(), this.plan.logins());
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (LoadPlan.Segment s : this.plan.segments()) {
      steps.add(s.rate() > 0 ? constantUsersPerSec(s.rate()).during(s.duration()) : nothingFor(s.duration()));
    }
    runOpen(scenario, steps);
  }

  /** @return the highest rate the warm-up before {@code plan} may have: half its peak, unless a simulation knows better */
  protected double warmUpCap(LoadPlan plan) {
    return plan.peakRate() / 2;
  }

  /**
   * @return whether the run passed, from its summary ({@code passed}): the exit status follows it. By default the login SLO
   *     over the judged logins (FirstBell's, not Gatling's request statistics); a simulation judged otherwise (a search, a
   *     surge's reaction) sets {@code passed} and {@code judgedBy} in {@code addToSummary}
   */
  private static boolean passed(com.fasterxml.jackson.databind.JsonNode summary) {
    return summary.path("passed").asBoolean();
  }

  @Override
  public void before() {
    System.out.println("FirstBell: target      " + target.describe()
        + (stack != null ? " — up in " + stack.startupMillis() + " ms at " + portalUrl + " and " + appUrl : ""));
    System.out.println("FirstBell: population  " + population.describe());
    System.out.println("FirstBell: load        " + describeLoad() + (plan == null ? "" : String.format(Locale.ROOT, " (%,d logins over %d s, peak %.1f/s)%s",
        plan.logins() - plan.warmUpLogins(), plan.duration().toSeconds() - plan.warmUpMillis() / 1000, plan.peakRate(),
        plan.warmUpLogins() == 0 ? "; no warm-up" : String.format(Locale.ROOT, " after a warm-up of %d s at %.1f logins/s (not judged)",
            plan.warmUpMillis() / 1000, plan.warmUpRate()))));
    System.out.println("FirstBell: preflight   " + (preflightOn ? "one login of each journey in the mix before any load" : "off"));
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
      var summary = recorder.finish(slo, s -> {
        if (preflightFailed()) {
          s.put("headline", "Preflight failed: " + preflightFailure() + "; no load was sent.");
          s.put("judgedBy", "preflight");
          s.put("passed", false);
        } else {
          addToSummary(s);
        }
      });
      if (preflightFailed()) {
        ExitStatus.failWith(ExitStatus.PREFLIGHT_FAILED);
        System.out.println("FirstBell: exit status " + ExitStatus.PREFLIGHT_FAILED + ": a preflight login failed");
      } else if (!passed(summary)) {
        ExitStatus.failWith(ExitStatus.VERDICT_FAILED);
        System.out.println("FirstBell: exit status " + ExitStatus.VERDICT_FAILED + ": " + failedBecause());
      }
    } finally {
      if (stack != null) stack.close();
    }
  }

  /** @return why a run that did not pass failed, for the exit status line */
  protected String failedBecause() {
    return "the login SLO (" + slo.describe() + ") was not met over the judged logins";
  }

  private String preflightFailure() {
    return ledger.records().stream().filter(r -> LoginRecord.PREFLIGHT.equals(r.phase()) && !r.succeeded()).findFirst()
        .map(r -> "journey " + r.journey() + " failed at \"" + r.failedStep() + "\" (" + r.failureKind() + ")")
        .orElse("no preflight login ran");
  }

  /**
   * @return true once the target is known to accept connections; an external target that does not stops the run here,
   *     before any load (the embedded stack is up by construction)
   */
  private boolean checkReachable(java.time.Duration timeout) {
    if (stack != null) return true;
    try {
      switch (target.kind()) {
        case OIDC -> TargetProbe.reachable(target.issuer(), "firstbell.target.oidc.issuer", timeout);
        case PORTAL -> TargetProbe.reachable(target.portalUrl(), "firstbell.target.portal.portal-url", timeout);
        default -> TargetProbe.reachable(target.portalUrl(), "firstbell.target.reference.portal-url", timeout);
      }
    } catch (SettingsException e) {
      System.out.println("FirstBell: " + e.getMessage());
      throw e;
    }
    return true;
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

  /** @return the share of the credentials' students who log in with a badge (and so do in a students' mix) */
  protected double badgeShareOfStudents() {
    List<Map<String, Object>> students = users("student");
    return students.isEmpty() ? 0 : students.stream().filter(u -> "badge".equals(u.get("loginMethod"))).count() / (double) students.size();
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
