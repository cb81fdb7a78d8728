package io.firstbell.run;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.firstbell.analysis.SloSettings;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.journeys.Credentials;
import io.firstbell.journeys.HostGuard;
import io.firstbell.journeys.Journey;
import io.firstbell.journeys.JourneyContext;
import io.firstbell.journeys.JourneyMix;
import io.firstbell.journeys.JourneySettings;
import io.firstbell.journeys.Journeys;
import io.firstbell.journeys.LoginSteps;
import io.firstbell.journeys.OidcClient;
import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.load.LoadPlan;
import io.firstbell.load.PopulationSettings;
import io.firstbell.load.Safety;
import io.firstbell.load.WarmUp;
import io.firstbell.replay.Recording;
import io.firstbell.shard.ShardPlan;
import io.firstbell.shard.ShardSettings;
import io.firstbell.replay.ReplayPlan;
import io.firstbell.report.ExitStatus;
import io.firstbell.report.RunFolder;
import io.firstbell.report.RunRecorder;
import io.firstbell.results.RunRecord;
import io.firstbell.results.Summary;
import io.firstbell.stack.ReferenceStack;
import io.firstbell.target.ClientAuth;
import io.firstbell.target.CredentialsFile;
import io.firstbell.target.TargetProbe;
import io.firstbell.target.TlsSettings;
import io.firstbell.target.TlsTrust;
import io.firstbell.target.TargetSettings;
import io.firstbell.telemetry.PrometheusSource;
import io.firstbell.telemetry.ReferenceCapacitySource;
import io.firstbell.telemetry.TelemetrySettings;
import io.firstbell.telemetry.TelemetrySource;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One FirstBell run, composed once and used by every simulation: the validated configuration, the target (the embedded
 * stack started here and stopped after the run, or an external one, checked to accept connections), the credentials and
 * the population's login mix, a preflight login of each journey before any load, a warm-up that is never judged, the
 * telemetry, and the {@link RunRecorder} with its ledger. A simulation builds one with {@link #builder}, sets up the
 * populations it gets from here, and calls {@link #before} and {@link #after}; the run's exit status follows FirstBell's
 * login-level verdict ({@link ExitStatus}), not Gatling's request statistics.
 */
public final class FirstBellRun {

  /** How a simulation wants its run: its name, and what it changes in the embedded stack and the journeys. */
  public static final class Builder {
    private final String simulation;
    private Config config;
    private UnaryOperator<Config> stack = UnaryOperator.identity();
    private PopulationSettings.ThinkTime thinkTime;
    private boolean embeddedOnly;
    private boolean benchmark;
    private Boolean preflight;
    private Clock clock = Clock.systemUTC();

    private Builder(String simulation) {
      this.simulation = simulation;
    }

    /** The configuration to run with (by default {@link FirstBellConfig#load()}). */
    public Builder config(Config config) {
      this.config = config;
      return this;
    }

    /** Adjusts the configuration the embedded stack starts with (a search fixes the fleet). */
    public Builder stack(UnaryOperator<Config> adjust) {
      this.stack = adjust;
      return this;
    }

    /** The think time between a login's steps, instead of the population's. */
    public Builder thinkTime(PopulationSettings.ThinkTime thinkTime) {
      this.thinkTime = thinkTime;
      return this;
    }

    /** Runs against the embedded stack whatever {@code firstbell.target} says (the smoke test and the benchmarks). */
    public Builder embeddedStack() {
      this.embeddedOnly = true;
      return this;
    }

    /**
     * A benchmark of the embedded stack: the embedded stack as the target, no preflight, no warm-up, no think time and no
     * telemetry (its readings would cost the stack CPU the benchmark measures). Its bounds are its own
     * ({@code firstbell.benchmarks}), not {@code firstbell.safety}'s, whose ceilings guard a target that is not ours;
     * and its run is not judged ({@link #finish}).
     */
    public Builder benchmark() {
      this.embeddedOnly = true;
      this.benchmark = true;
      this.preflight = false;
      this.thinkTime = PopulationSettings.ThinkTime.NONE;
      return this;
    }

    /** Whether a preflight runs before the load, instead of {@code firstbell.preflight.enabled}. */
    public Builder preflight(boolean enabled) {
      this.preflight = enabled;
      return this;
    }

    /** The run's one clock: the ledger's, the schedule's, the telemetry's and the search's (by default the system's). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** @return the run, its settings validated and its target up, before any load */
    public FirstBellRun build() {
      return new FirstBellRun(this);
    }
  }

  /** Both personas: the smoke simulation's, and the default of a run whose simulation asks for no mix. */
  private static final List<String> BOTH = List.of(Journey.STUDENT, Journey.TEACHER);

  private final String simulation;
  private final boolean benchmark;
  private final Clock clock;
  private final Config config;
  private final TargetSettings target;
  private final TlsSettings tls;
  private final JourneySettings journeys;
  private final PopulationSettings population;
  private final SloSettings slo;
  private final PopulationSettings.ThinkTime thinkTime;
  private final ReferenceStack stack;
  private final String portalUrl;
  private final String appUrl;
  private final WarmUp warmUp;
  private final Safety safety;
  private final boolean preflightOn;
  private final boolean dryRun;
  private final Path credentials;
  private final TelemetrySettings telemetry;
  private final TelemetrySource telemetrySource;
  private final ShardSettings shard;
  private final io.firstbell.metrics.MetricsSettings metricsSettings;
  private volatile io.firstbell.metrics.LiveMetrics metrics;
  /** this shard's share of the plan, or null for a run of one injector (or before {@link #plan}) */
  private volatile ShardPlan share;
  private String planDigest = "";
  /** when the shard's first arrival came, against its slot in the plan (ms; negative: early, and it waited); null until then */
  private final java.util.concurrent.atomic.AtomicReference<Long> startSkewMs = new java.util.concurrent.atomic.AtomicReference<>();
  private final RunRecorder recorder;
  private final LoginLedger ledger;
  private final AtomicLong loginIndex = new AtomicLong();
  private static final String LOGIN_INDEX = "fb.loginIndex";
  private static final String REPLAY_JOURNEY = "fb.replayJourney";
  private final java.util.concurrent.atomic.LongAdder replayElsewhere = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder replayUnknownPersona = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder replayMissingPersona = new java.util.concurrent.atomic.LongAdder();
  private LoadPlan plan;
  private List<CredentialsFile.User> allUsers;
  private final OidcClient stackClient;
  private final List<Journey> everyJourney;
  /** the plan's start (epoch ms): start-at, else the first arrival's; 0 until then. Set once, by compare-and-set: arrivals run on many threads */
  private final AtomicLong anchor = new AtomicLong();
  private List<String> mixPersonas = List.of();
  private List<Journey> mix = List.of();
  private volatile Boolean preflightPassed;
  private final Object ending = new Object();
  private volatile Summary ended;
  private boolean endAttempted;
  private volatile boolean stopping;
  private volatile String signal;
  private UnaryOperator<RunRecord> own = record -> record;
  private String searchBounds;

  /** @return a builder of the run of {@code simulation} */
  public static Builder builder(Class<?> simulation) {
    return new Builder(simulation.getSimpleName());
  }

  private FirstBellRun(Builder b) {
    this.simulation = b.simulation;
    this.benchmark = b.benchmark;
    this.clock = b.clock;
    Config loaded = b.config != null ? b.config : FirstBellConfig.load();
    Config embedded = b.embeddedOnly ? embedded(loaded) : loaded;
    this.config = b.benchmark ? embedded.withValue("firstbell.telemetry.source", ConfigValueFactory.fromAnyRef("none"))
        .withValue("firstbell.warm-up.duration", ConfigValueFactory.fromAnyRef("0s")) : embedded;
    this.target = TargetSettings.from(config);
    // every TLS connection to the target from here on trusts what firstbell.target.tls says: Gatling's and the check before load
    TlsSettings tlsSettings = TlsSettings.from(config);
    TlsTrust.install(tlsSettings);
    this.journeys = JourneySettings.from(config, target.kind()); // the journey class is found and created before the stack starts
    this.shard = ShardSettings.from(config, System.getenv());
    if (shard.sharded() && target.embedded()) { // each shard would start a stack of its own: their load would not meet
      throw new SettingsException("firstbell.shard.count is " + shard.count() + " but the target is the embedded reference stack, which every shard"
          + " would start on its own; point the shards at one target (firstbell.target), or run simulations/local-shards.sh, which starts one"
          + " reference stack for all of them. No load was sent");
    }
    this.metricsSettings = io.firstbell.metrics.MetricsSettings.from(config);
    this.population = PopulationSettings.from(config);
    this.slo = SloSettings.from(config);
    this.thinkTime = b.thinkTime != null ? b.thinkTime : population.thinkTime();
    RunFolder.checkWritable(Path.of(config.getString("firstbell.results.directory")), "firstbell.results.directory");
    this.stack = target.embedded() ? closedIfSetUpFails(ReferenceStack.start(b.stack.apply(config))) : null;
    // the embedded stack's certificate is made fresh for this run, and trusted for it alone
    this.tls = stack != null && stack.certificate() != null ? tlsSettings.withStackCertificate(stack.certificate()) : tlsSettings;
    if (tls != tlsSettings) TlsTrust.install(tls);
    this.portalUrl = stack != null ? stack.portalUrl("") : target.portalUrl();
    this.appUrl = stack != null ? stack.appUrl("") : target.appUrl();
    // every request the journeys send goes to these hosts (the embedded stack's own too) or is not sent
    HostGuard.allow(stack == null ? target.hosts() : target.hosts().and(List.of(URI.create(portalUrl).getHost(), URI.create(appUrl).getHost())),
        portalUrl.isEmpty() ? target.issuer() : portalUrl);
    this.warmUp = WarmUp.from(config);
    this.safety = Safety.from(config);
    this.dryRun = config.getBoolean("firstbell.dry-run");
    // a dry run sends the preflight and nothing else, whatever firstbell.preflight.enabled says
    this.preflightOn = dryRun || (b.preflight != null ? b.preflight : config.getBoolean("firstbell.preflight.enabled"));
    checkReachable(config.getDuration("firstbell.preflight.connect-timeout"));
    this.credentials = credentialsFile();
    this.stackClient = stack == null ? null : new OidcClient(stack.portalUrl(""), stack.settings().appClientId(), stack.settings().appClientSecret(),
        stack.appUrl("/oauth/callback"), ClientAuth.CLIENT_SECRET_BASIC);
    this.everyJourney = journeys.journeys(context(BOTH, 0)); // the configured set gives journeys before any load
    this.telemetry = TelemetrySettings.from(config, target);
    // a dry run reads nothing from the target, nor from Prometheus; of a sharded run's injectors, only one polls the target
    this.telemetrySource = dryRun || !shard.pollsTelemetry() ? null : telemetrySource();
    this.recorder = new RunRecorder(config, simulation, target.describe(), () -> stack == null ? 0 : stack.cpuMillis(), clock);
    this.ledger = recorder.ledger();
  }

  /** @return {@code config} with the embedded stack as the target, and its own telemetry */
  private static Config embedded(Config config) {
    Config c = config;
    for (String key : List.of("target.reference.portal-url", "target.reference.app-url", "target.reference.credentials",
        "telemetry.reference.capacity-url")) {
      c = c.withValue("firstbell." + key, ConfigValueFactory.fromAnyRef(""));
    }
    return c.withValue("firstbell.target.kind", ConfigValueFactory.fromAnyRef("reference"))
        .withValue("firstbell.telemetry.source", ConfigValueFactory.fromAnyRef("auto"));
  }

  /**
   * @return {@code stack}, to be stopped should anything after it fail to set up (a later setting, a simulation's own): Gatling
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

  /** @return the run's one clock */
  public Clock clock() {
    return clock;
  }

  public Config config() {
    return config;
  }

  public TargetSettings target() {
    return target;
  }

  public SloSettings slo() {
    return slo;
  }

  public LoginLedger ledger() {
    return ledger;
  }

  public RunRecorder recorder() {
    return recorder;
  }

  public Safety safety() {
    return safety;
  }

  public WarmUp warmUp() {
    return warmUp;
  }

  public TelemetrySettings telemetry() {
    return telemetry;
  }

  /** @return the embedded stack, or null against an external target */
  public ReferenceStack stack() {
    return stack;
  }

  /** @return the sample app's base URL, as the journeys see it */
  public String appUrl() {
    return appUrl;
  }

  /** @return the HTTP protocol: the portal as base URL (the OIDC journey uses absolute URLs) */
  public HttpProtocolBuilder protocol() {
    return http.baseUrl(portalUrl.isEmpty() ? target.issuer() : portalUrl)
        .acceptHeader("text/html,application/xhtml+xml,application/json")
        .userAgentHeader("FirstBell")
        .disableWarmUp(); // Gatling's warm-up request goes to gatling.io, which is not the target
  }

  /**
   * The population's logins, each arrival given its scheduled start by the load plan ({@link #plan}): the configured journey
   * set's journeys of {@code personas} ({@code firstbell.target.journeys}; by default the target's own: students by badge or
   * through the portal, some mistyping once, and teachers through the portal or from the app, in the population's mix; against
   * an OIDC provider, every user through the OIDC journey), each chosen by its weight and fed a user it suits.
   *
   * @param personas "student", "teacher" or both
   * @return the scenario
   */
  public ScenarioBuilder loginMix(String name, List<String> personas) {
    return loginMix(name, personas, planArrival());
  }

  /**
   * The population's logins, each arrival first through {@code arrival} (which sets {@link LoginSteps#SCHEDULED_START} and
   * {@link LoginSteps#PHASE}, and may end the user there), once the preflight passed.
   *
   * @throws SettingsException when the journey set gives the personas no journey with a weight, or the credentials hold no
   *     user for one of them
   */
  public ScenarioBuilder loginMix(String name, List<String> personas, ChainBuilder arrival) {
    List<List<Map<String, Object>>> users = chooseMix(personas);
    List<ChainBuilder> logins = new ArrayList<>();
    for (int i = 0; i < mix.size(); i++) {
      Journey j = mix.get(i);
      logins.add(feed(listFeeder(users.get(i)).random()).exec(LoginSteps.login(() -> ledger, j.name(), j.persona(), j.method(), thinkTime, j.chain())));
    }
    return scenario(name).exec(preflightGate()).exec(arrival).exec(session -> session.set("appUrl", appUrl)).exec(weighted(logins, JourneyMix.percents(mix)));
  }

  /**
   * Makes the journeys of {@code personas} with a weight the simulation's mix.
   *
   * @return the users each journey of the mix suits, in the mix's order
   * @throws SettingsException when there is no such journey, or the credentials hold no user for one of them
   */
  private List<List<Map<String, Object>>> chooseMix(List<String> personas) {
    mixPersonas = List.copyOf(personas);
    mix = JourneyMix.of(journeys.journeys(context(personas, population.mistypeShare())), personas);
    if (mix.isEmpty()) {
      throw new SettingsException("The journeys of " + journeys.source() + " give " + String.join(" and ", personas)
          + " no journey with a weight above 0, and this simulation logs in " + String.join(" and ", personas)
          + "; give one a weight, or run a simulation of the personas the journeys have");
    }
    List<List<Map<String, Object>>> users = new ArrayList<>();
    for (Journey j : mix) {
      List<Map<String, Object>> suited = usersOf(j);
      if (suited.isEmpty()) {
        throw new SettingsException("The credentials file " + credentials + sliceNote() + " holds no user for the journey " + j.name()
            + (j.persona() == null ? "" : " (" + j.persona() + ")") + ", which has a weight in the mix; add some, or change firstbell.population"
            + " (or the weights of " + journeys.source() + ")");
      }
      users.add(suited);
    }
    return users;
  }


  /**
   * A replay's logins (students and teachers): each arrival's scheduled start and phase from the load plan, as in
   * {@link #loginMix}, and who it is from {@code replay}: a login the recording names the persona of runs one of that persona's
   * journeys (by their weights), one it names the district of is given a user of that district the journey suits (any user
   * it suits when the credentials hold none there, counted and reported at the end), and one the recording says nothing
   * about runs the population's mix. Warm-up logins run the mix.
   *
   * @throws SettingsException as {@link #loginMix} does
   */
  public ScenarioBuilder replayMix(String name, ReplayPlan replay) {
    List<List<Map<String, Object>>> users = chooseMix(BOTH);
    List<Journey> journeys = mix;
    List<Map<String, List<Map<String, Object>>>> byDistrict = users.stream()
        .map(us -> us.stream().collect(Collectors.groupingBy(u -> String.valueOf(u.get("district"))))).toList();
    ChainBuilder arrival = exec(planArrival()).exec(session -> {
      boolean load = LoginRecord.LOAD.equals(session.getString(LoginSteps.PHASE));
      String who = load ? replay.who(loginIndex(session) - plan.warmUpLogins()) : ReplayPlan.UNNAMED;
      String persona = Recording.persona(who);
      String district = Recording.district(who);
      if (!persona.isEmpty() && !BOTH.contains(persona)) {
        replayUnknownPersona.increment();
        persona = "";
      }
      java.util.Random random = java.util.concurrent.ThreadLocalRandom.current();
      int chosen = ReplayChoice.journey(journeys, byDistrict, persona, district, random.nextDouble());
      if (chosen == ReplayChoice.NO_JOURNEY_OF_PERSONA) { // e.g. teachers recorded, a mix of students only: the mix, counted
        replayMissingPersona.increment();
        persona = "";
        chosen = ReplayChoice.journey(journeys, byDistrict, persona, district, random.nextDouble());
      }
      if (chosen < 0) { // no journey of the persona has a user in the district: the persona's journeys, any district
        replayElsewhere.increment();
        chosen = ReplayChoice.journey(journeys, byDistrict, persona, "", random.nextDouble());
      }
      List<Map<String, Object>> pool = district.isEmpty() || !byDistrict.get(chosen).containsKey(district) ? users.get(chosen)
          : byDistrict.get(chosen).get(district);
      return session.set(REPLAY_JOURNEY, chosen).setAll(pool.get(random.nextInt(pool.size())));
    });
    List<Choice.WithKey> logins = new ArrayList<>();
    for (int i = 0; i < journeys.size(); i++) {
      Journey j = journeys.get(i);
      logins.add(onCase(i).then(LoginSteps.login(() -> ledger, j.name(), j.persona(), j.method(), thinkTime, j.chain())));
    }
    return scenario(name).exec(preflightGate()).exec(arrival).exec(session -> session.set("appUrl", appUrl))
        .doSwitch(session -> session.getInt(REPLAY_JOURNEY)).on(logins);
  }

  /** @return what the replay could not give as recorded, for the console at the end: districts and personas the credentials or journeys lack */
  public String replayShortfall() {
    long elsewhere = replayElsewhere.sum();
    long unknown = replayUnknownPersona.sum();
    long missing = replayMissingPersona.sum();
    if (elsewhere == 0 && unknown == 0 && missing == 0) return "";
    return String.format(Locale.ROOT, "%,d replayed logins of a district where the credentials hold no user of the persona's journeys logged "
        + "in with another district's users; %,d of a persona other than student or teacher, and %,d of a persona the mix has no journey of, "
        + "ran the population's mix", elsewhere, unknown, missing);
  }

  /** @return one of {@code logins} per user, each chosen with its share in per cent (the last one when none of the others is) */
  private static ChainBuilder weighted(List<ChainBuilder> logins, double[] percents) {
    if (logins.size() == 1) return logins.get(0);
    List<Choice.WithWeight> choices = new ArrayList<>();
    for (int i = 0; i < logins.size() - 1; i++) choices.add(percent(percents[i]).then(logins.get(i)));
    return randomSwitchOrElse().on(choices).orElse(logins.get(logins.size() - 1));
  }

  /**
   * @return students with a password logging in through the portal, as the plan schedules them (the benchmarks, whose
   *     modelled capacity is the portal's); each login recorded in the ledger
   */
  public ScenarioBuilder studentPortalLogins(String name) {
    List<Map<String, Object>> users = users().stream().filter(Journey.users(Journey.STUDENT, "password")).map(CredentialsFile.User::feederRecord).toList();
    if (users.isEmpty()) throw new SettingsException("The credentials file " + credentials + sliceNote() + " holds no student who logs in with a password");
    mixPersonas = List.of("student");
    return scenario(name).exec(preflightGate()).exec(planArrival()).exec(session -> session.set("appUrl", appUrl))
        .exec(feed(listFeeder(users).random()))
        .exec(LoginSteps.login(() -> ledger, "student-portal", "student", "password", thinkTime, Journeys.studentPortal(0)));
  }

  /**
   * @return every journey of the configured journey set once, whatever its weight, one user each, in one scenario per journey
   *     (the smoke test): by default, against the embedded stack its six journeys (portal, badge, the teachers' three, and the
   *     OIDC relying party against its provider), against a portal its five, against an OIDC provider the OIDC journey; each
   *     login recorded in the ledger. A journey no user in the credentials suits fails the run before any load
   */
  public List<PopulationBuilder> everyJourneyOnce() {
    if (dryRun) {
      mixPersonas = BOTH;
      return List.of(preflight().injectOpen(atOnceUsers(1)));
    }
    List<PopulationBuilder> once = new ArrayList<>();
    boolean shared = everyJourney.stream().map(Journey::name).distinct().count() < everyJourney.size();
    for (Journey j : everyJourney) {
      List<Map<String, Object>> users = usersOf(j).stream().limit(1).toList();
      if (users.isEmpty()) {
        throw new SettingsException("The credentials file " + credentials + " holds no user for the journey " + j.name()
            + "; use a larger roster (firstbell.roster.users) or add one");
      }
      String scenario = shared && j.persona() != null ? j.name() + " (" + j.persona() + ")" : j.name(); // Gatling's scenario names are unique
      once.add(scenario(scenario).feed(listFeeder(users)).exec(session -> session.set("appUrl", appUrl))
          .exec(LoginSteps.login(() -> ledger, j.name(), j.persona(), j.method(), null, j.chain())).injectOpen(atOnceUsers(1)));
    }
    return once;
  }

  /**
   * @param personas the personas the simulation logs in
   * @param mistypeShare the share of users who mistype once: the population's in the mix, 0 in the preflight and the smoke test
   * @return what the journey set builds its journeys for
   */
  private JourneyContext context(List<String> personas, double mistypeShare) {
    return new JourneyContext(target, portalUrl.isEmpty() ? target.issuer() : portalUrl, appUrl, journeys.settings(), population, mistypeShare,
        personas, users(), stackClient);
  }

  /**
   * The preflight: one login of each journey in the mix, one after the other, each with a fresh cookie jar and a user
   * it suits, recorded in the ledger with phase {@code preflight}; built from the configured journey set as the mix is, without
   * mistyping. A journey no user in the credentials suits is not in the mix either, and is left out.
   */
  private ScenarioBuilder preflight() {
    ChainBuilder chain = exec(session -> session.set(LoginSteps.PHASE, LoginRecord.PREFLIGHT).set("appUrl", appUrl));
    List<String> personas = mixPersonas.isEmpty() ? BOTH : mixPersonas;
    for (Journey j : JourneyMix.of(journeys.journeys(context(personas, 0)), personas)) {
      List<Map<String, Object>> users = usersOf(j);
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
        .exitHereIf(session -> !preflightPassed)
        // a full disk: the ledger keeps what it cannot write, and the run stops rather than measure what it cannot keep
        // (Gatling builds the message before it tests the condition: it must not need a failure to be built)
        .exec(stopLoadGeneratorIf(session -> "FirstBell: the login ledger could not be written (" + (ledger.writeFailure() == null ? ""
            : ledger.writeFailure().getMessage()) + "); the run stops", session -> ledger.writeFailure() != null))
        .exitHereIf(session -> stopping || ledger.writeFailure() != null);
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

  /**
   * @return each arrival's scheduled start and phase from the load plan ({@link #plan}), as {@link #loginMix(String, List)} sets
   *     them: for a simulation that adds its own steps to the arrival ({@link #loginMix(String, List, ChainBuilder)})
   */
  public ChainBuilder scheduledArrival() {
    return planArrival();
  }

  /** @return whether the load's first arrival has come (the plan's schedule is anchored) */
  public boolean started() {
    return anchor.get() != 0;
  }

  /** @return each arrival's scheduled start and phase from the load plan, and its index in the run */
  private ChainBuilder planArrival() {
    ChainBuilder arrival = exec(session -> {
      long p = loginIndex.getAndIncrement(); // the arrival's index in the whole plan, in the order Gatling starts them
      long now = clock.millis();
      // the schedule is anchored on start-at, which every shard shares, else on the first login Gatling starts
      anchor.compareAndSet(0, shard.startAt() != null ? shard.startAt().toEpochMilli() : now);
      if (share != null && !share.owns(p)) return session.set(OTHER_SHARD, true); // another shard's login
      long scheduled = anchor.get() + plan.scheduledOffsetMillis(p);
      if (startSkewMs.compareAndSet(null, now - scheduled)) noteStart(now - scheduled);
      return session.set(LoginSteps.SCHEDULED_START, scheduled)
          .set(LoginSteps.PHASE, plan.warmsUp(p) ? LoginRecord.WARM_UP : LoginRecord.LOAD).set(LOGIN_INDEX, p);
    });
    if (shard.sharded()) arrival = arrival.exitHereIf(session -> session.contains(OTHER_SHARD)); // built before plan() gives the share
    // with a common start, an arrival Gatling starts before its slot (the load began before start-at) waits for it
    return shard.startAt() == null ? arrival
        : arrival.pause(session -> Duration.ofMillis(Math.max(0, session.getLong(LoginSteps.SCHEDULED_START) - clock.millis())));
  }

  private static final String OTHER_SHARD = "fb.otherShard";

  /** Notes how far the first arrival was from its slot, and says so when a shard started later than start-at allows. */
  private void noteStart(long skewMs) {
    if (shard.startAt() != null && skewMs > shard.lateTolerance().toMillis()) {
      System.out.printf(Locale.ROOT, "FirstBell: shard       LATE: this injector began its load %.1f s after its slot (start-at %s, late-tolerance %d s);"
          + " its logins start that much late, and its summary says so%n", skewMs / 1000.0, shard.startAt(), shard.lateTolerance().toSeconds());
    }
  }

  /** @return this shard's record in its run record, or null for a run of one injector */
  private RunRecord.Shard shardRecord() {
    if (!shard.sharded()) return null;
    return new RunRecord.Shard(shard.index(), shard.count(), shard.runId(planDigest), planDigest, host(),
        startSkewMs.get() == null ? 0 : startSkewMs.get(), shard.lateTolerance().toMillis());
  }

  private static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env;
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long loginIndex(Session session) {
    return session.getLong(LOGIN_INDEX);
  }

  /**
   * @return {@code scenario} injected with {@code injection} (for load shaped at run time), after the preflight
   * @throws SettingsException in a sharded run: a load shaped at run time cannot be split into exact shares
   */
  public PopulationBuilder open(ScenarioBuilder scenario, List<OpenInjectionStep> injection) {
    if (shard.sharded()) {
      throw new SettingsException("firstbell.shard.count is " + shard.count() + ", but " + simulation + " shapes its load at run time, so its "
          + "shards' shares cannot add up to one plan; run it with firstbell.shard.count = 1, or run a simulation with a precomputed plan. No load was sent");
    }
    return inject(scenario, injection);
  }

  private PopulationBuilder inject(ScenarioBuilder scenario, List<OpenInjectionStep> injection) {
    if (dryRun) return preflight().injectOpen(atOnceUsers(1)); // the plan is printed by before(); only the preflight is sent
    PopulationBuilder load = scenario.injectOpen(injection);
    return preflightOn ? preflight().injectOpen(atOnceUsers(1)).andThen(load) : load;
  }

  /**
   * @return {@code scenario} injected with a warm-up at most {@code warmUpCap} logins/s and then {@code plan}'s constant-rate
   *     segments, after the preflight; a plan beyond {@code firstbell.safety} is refused here, before any load
   */
  public PopulationBuilder plan(ScenarioBuilder scenario, LoadPlan plan, double warmUpCap) {
    this.plan = plan.withWarmUp(warmUp, warmUpCap);
    if (!benchmark) safety.check("The load of " + simulation, this.plan.segments().stream().mapToDouble(LoadPlan.Segment::rate).max().orElse(0),
        this.plan.duration(), this.plan.logins());
    this.planDigest = ShardPlan.digest(simulation, this.plan, shard.count());
    // a shard's logins are the plan's logins i with i mod count = its index, each with the plan's scheduled start: every shard
    // injects the whole plan, as one injector would, and the arrivals that are another shard's end at once (planArrival)
    this.share = shard.sharded() ? ShardPlan.of(this.plan, shard.index(), shard.count()) : null;
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (LoadPlan.Segment s : this.plan.segments()) {
      steps.add(s.rate() > 0 ? constantUsersPerSec(s.rate()).during(s.duration()) : nothingFor(s.duration()));
    }
    return inject(scenario, steps);
  }

  /** @return this injector's place in a sharded run ({@code firstbell.shard}) */
  public ShardSettings shard() {
    return shard;
  }

  /** @return when the judged load started (epoch ms): after the plan's warm-up */
  public long loadStart() {
    return anchor.get() + (plan == null ? 0 : plan.warmUpMillis());
  }

  /** Prints the run's set-up ({@code load} describes what the simulation offers) and starts recording. */
  public void before(String load) {
    before(load, record -> record);
  }

  /**
   * Prints the run's set-up and starts recording. From here on the run's results are written however it ends: by
   * {@link #after}, or, when the JVM shuts down first (Ctrl-C, SIGTERM, Gatling stopping or crashing), by a shutdown action
   * that stops the load, records every open login as cut short and writes the results marked interrupted.
   *
   * @param own adds the simulation's own record (a search as it ran, a surge's plan) to the run record, at its end however it ends
   */
  public void before(String load, UnaryOperator<RunRecord> own) {
    this.own = record -> { // a shard's record is its place in the run, kept even when the simulation's own record fails
      RunRecord.Shard s = shardRecord();
      RunRecord base = s == null ? record : record.withShard(s);
      if (s == null) return own.apply(base);
      try {
        return own.apply(base);
      } catch (RuntimeException e) {
        System.err.println("FirstBell: the simulation's own results could not be recorded (" + e + "); the shard's logins are kept");
        return base.withOwnFailure(e.toString());
      }
    };
    System.out.println("FirstBell: target      " + target.describe()
        + (stack != null ? " — up in " + stack.startupMillis() + " ms at " + portalUrl + " and " + appUrl : ""));
    if (tls.trustAll() || tls.caBundle() != null || target.usesHttps() || !tls.stackCertificates().isEmpty()) {
      System.out.println("FirstBell: tls         " + tls.describe());
    }
    System.out.println("FirstBell: population  " + population());
    System.out.println("FirstBell: load        " + load + (plan == null ? "" : String.format(Locale.ROOT, " (%,d logins over %d s, peak %.1f/s)%s",
        plan.logins() - plan.warmUpLogins(), plan.duration().toSeconds() - plan.warmUpMillis() / 1000, plan.peakRate(),
        plan.warmUpLogins() == 0 ? "; no warm-up" : String.format(Locale.ROOT, " after a warm-up of %d s at %.1f logins/s (not judged)",
            plan.warmUpMillis() / 1000, plan.warmUpRate()))));
    if (shard.sharded() || shard.startAt() != null) System.out.println("FirstBell: shard       " + shardLine());
    String generatorLine = generatorLine();
    if (!generatorLine.isEmpty()) System.out.println("FirstBell: generator   " + generatorLine);
    System.out.println("FirstBell: preflight   " + (preflightOn ? "one login of each journey in the mix before any load" : "off"));
    System.out.println("FirstBell: SLO         " + slo.describe());
    System.out.println("FirstBell: results     " + recorder.folder());
    System.out.println("FirstBell: telemetry   " + (dryRun ? "not read in a dry run"
        : shard.pollsTelemetry() ? telemetry.describe() : "polled by shard " + shard.telemetryShard() + ", not this one (firstbell.shard.telemetry)"));
    if (dryRun) printDryRun(load);
    if (!dryRun) waitForStart(); // before recording: the run's time and its generator's CPU share are the load's, not the wait's
    if (telemetrySource != null && !dryRun) { // a dry run reads nothing from the target either
      recorder.recordTelemetry(telemetry.source().name().toLowerCase(Locale.ROOT), telemetrySource, telemetry.interval());
    }
    serveMetrics();
    recorder.start();
    watchSignals();
    ExitStatus.beforeExit(() -> { // the JVM is shutting down before after(): the results of what ran are written now
      if (ended != null) return;
      ExitStatus.failWith(ExitStatus.INTERRUPTED); // however writing them goes
      try {
        end("", interruption(), false);
      } catch (RuntimeException e) {
        e.printStackTrace();
      }
    });
  }

  /**
   * @return what the plan asks of this injector's CPU, from the measured per-injector ceiling
   *     ({@code firstbell.generator.logins-per-core}), and how many shards it needs when one injector is not enough; empty for
   *     a load shaped at run time
   */
  private String generatorLine() {
    if (plan == null) return "";
    double perCore = config.getDouble("firstbell.generator.logins-per-core");
    double maxShare = config.getDouble("firstbell.generator.max-cpu-share");
    int cores = Runtime.getRuntime().availableProcessors();
    double peak = plan.peakRate() / shard.count();
    double needed = peak / perCore;
    double room = cores * maxShare * (stack != null ? 0.5 : 1); // the embedded stack takes about half the machine
    String line = String.format(Locale.ROOT, "%s peak %s logins/s needs about %.2f cores at %s full portal logins/s per core "
        + "(firstbell.generator.logins-per-core, measured); this machine has %d%s", shard.sharded() ? "this shard's" : "the plan's",
        io.firstbell.load.Rates.fmt(peak), needed, io.firstbell.load.Rates.fmt(perCore), cores, stack != null ? ", shared with the embedded stack" : "");
    if (needed <= room) return line;
    int shards = Math.max(shard.count() + 1, (int) Math.ceil(plan.peakRate() / perCore / room));
    return line + String.format(Locale.ROOT, ": TOO FEW for one injector; run it as at least %d shards of %d cores each (firstbell.shard.count: "
        + "simulations/local-shards.sh on a bigger host, or the Kubernetes manifests), or the generator, not the target, will break first", shards, cores);
  }

  /**
   * With a common start ({@code firstbell.shard.start-at}), waits until {@code firstbell.shard.lead} before it, so that the preflight is
   * over and every shard's first arrival waits for its slot; a start already past is said, and the load begins at once.
   */
  private void waitForStart() {
    if (shard.startAt() == null) return;
    long until = shard.startAt().toEpochMilli() - shard.lead().toMillis();
    long wait = until - clock.millis();
    if (wait <= 0) {
      if (shard.startAt().toEpochMilli() < clock.millis()) {
        System.out.printf(Locale.ROOT, "FirstBell: shard       start-at %s passed %.1f s ago: the load begins at once, late%n", shard.startAt(),
            (clock.millis() - shard.startAt().toEpochMilli()) / 1000.0);
      }
      return;
    }
    System.out.printf(Locale.ROOT, "FirstBell: shard       waiting %.1f s for start-at %s%n", (wait + shard.lead().toMillis()) / 1000.0, shard.startAt());
    try {
      while (clock.millis() < until && !stopping) Thread.sleep(Math.min(200, Math.max(1, until - clock.millis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return the console's shard line: which shard, its share of the plan and of the users, and when it starts */
  private String shardLine() {
    String users = String.format(Locale.ROOT, "%,d users, its slice of the credentials (rows i with i mod %d = %d)", users().size(), shard.count(), shard.index());
    if (!shard.sharded()) return "one injector, starting at " + shard.startAt();
    return shard.describe() + "; run " + shard.runId(planDigest) + (share == null ? "" : String.format(Locale.ROOT,
        "; its share: logins i with i mod %d = %d, %,d of the plan's %,d, peak %s logins/s", shard.count(), shard.index(), share.logins(),
        plan.logins(), io.firstbell.load.Rates.fmt(plan.peakRate() / shard.count()))) + "; " + users;
  }

  /** @return the console's population line: the journey set's description of the mix (or of all its journeys), and the think time */
  private String population() {
    List<String> personas = mixPersonas.isEmpty() ? BOTH : mixPersonas;
    JourneyContext context = context(personas, population.mistypeShare());
    List<Journey> described = mix.isEmpty() ? JourneyMix.of(everyJourney, personas) : mix;
    return journeys.describe(context, described) + ", " + thinkTime.describe();
  }

  /**
   * Ends the run: writes its results (with the simulation's own record given to {@link #before(String, UnaryOperator)}),
   * sets the exit status from the summary's {@code passed}, and stops the embedded stack.
   *
   * @param failedBecause why a run that did not pass failed, for the exit status line
   * @return the summary
   */
  public Summary after(String failedBecause) {
    if (!replayShortfall().isEmpty()) System.out.println("FirstBell: replay      " + replayShortfall());
    return end(failedBecause, null, true);
  }

  /** Ends the run once, whichever of {@link #after}, {@link #finish} and the shutdown action comes first. */
  private Summary end(String failedBecause, String interrupted, boolean judged) {
    synchronized (ending) {
      if (ended != null || endAttempted) return ended;
      endAttempted = true; // once: a second attempt would write the results again, for the wrong reason
      stopping = true;
      LoginSteps.stopAll(); // logins in flight send no further step
      if (interrupted == null && HostGuard.refusal() != null) interrupted = HostGuard.refusal() + "; the run stopped there";
      judged = judged || dryRun;
      try {
        if (dryRun && preflightPassed == null) judgePreflight(); // no load arrival judged it: say how it went
        Summary summary = recorder.finish(slo, preflightOn, dryRun ? record -> own.apply(record).asDryRun() : own, interrupted);
        ended = summary;
        if (summary.interrupted() != null) {
          ExitStatus.failWith(ExitStatus.INTERRUPTED);
          System.out.println("FirstBell: exit status " + ExitStatus.INTERRUPTED + ": interrupted (" + summary.interrupted() + "); the results of what ran are in "
              + recorder.folder());
        } else if (!judged) {
          return summary;
        } else if (summary.judgedBy() == Summary.JudgedBy.PREFLIGHT && !summary.passed()) {
          ExitStatus.failWith(ExitStatus.PREFLIGHT_FAILED);
          System.out.println("FirstBell: exit status " + ExitStatus.PREFLIGHT_FAILED + ": a preflight login failed");
        } else if (!summary.passed()) {
          ExitStatus.failWith(ExitStatus.VERDICT_FAILED);
          System.out.println("FirstBell: exit status " + ExitStatus.VERDICT_FAILED + ": " + failedBecause);
        }
        return summary;
      } finally {
        try {
          if (stack != null) stack.close();
        } finally {
          if (metrics != null) metrics.close(); // after the ledger closed: its last counts are served until scraped (linger)
        }
      }
    }
  }

  /** Serves the live login metrics ({@code firstbell.metrics}) from here on, when they are on; a dry run serves none. */
  private void serveMetrics() {
    if (dryRun || !metricsSettings.enabled()) return;
    String runId = shard.sharded() || shard.startAt() != null ? shard.runId(planDigest) : recorder.folder().getFileName().toString();
    metrics = io.firstbell.metrics.LiveMetrics.start(metricsSettings, runId, shard.index(), this::offeredNow, recorder::generatorCpuMillis);
    ledger.listen(metrics);
    System.out.println("FirstBell: metrics     " + metrics.url() + " (run=\"" + runId + "\", shard=\"" + shard.index() + "\")");
  }

  /** @return the logins/s this injector's share of the plan offers now (0 before and after it, and for a load shaped at run time) */
  private double offeredNow() {
    LoadPlan p = plan;
    long start = anchor.get();
    if (p == null || start == 0) return 0;
    double at = clock.millis() - start;
    double from = 0;
    for (LoadPlan.Segment s : p.segments()) {
      double to = from + s.duration().toNanos() / 1e6;
      if (at >= from && at < to) return s.rate() / shard.count();
      from = to;
    }
    return 0;
  }

  /**
   * Prints what the run would do and sends nothing but the preflight: the plan as a timetable (or the search's bounds), its
   * length and logins, the hosts it contacts, and the ceilings.
   */
  private void printDryRun(String load) {
    System.out.println("FirstBell: DRY RUN     nothing but the preflight login of each journey is sent; the load would be:");
    if (plan != null) {
      for (String line : plan.timetable()) System.out.println("FirstBell:   " + line);
      System.out.printf(Locale.ROOT, "FirstBell:   in all %d s and %,d logins, peak %s logins/s%n", plan.duration().toSeconds(), plan.logins(),
          io.firstbell.load.Rates.fmt(plan.peakRate()));
    } else {
      System.out.println("FirstBell:   " + load);
      if (searchBounds != null) System.out.println("FirstBell:   " + searchBounds);
    }
    System.out.println("FirstBell:   hosts: " + String.join(", ", hosts()));
    System.out.println("FirstBell:   ceilings: " + safety.describe());
  }

  /** @return the hosts the run is configured to contact, each with what it is */
  private List<String> hosts() {
    List<String> hosts = new ArrayList<>();
    addHost(hosts, portalUrl, "portal");
    addHost(hosts, appUrl, "sample app");
    addHost(hosts, target.issuer(), "OIDC issuer");
    addHost(hosts, telemetry.prometheusUrl(), "Prometheus");
    addHost(hosts, telemetry.capacityUrl(), "telemetry");
    hosts.add("and the endpoints, forms and redirects these name, each sent only to " + target.hosts().describe() + " (firstbell.target.allowed-hosts)");
    return hosts;
  }

  private static void addHost(List<String> hosts, String url, String what) {
    if (url == null || url.isBlank()) return;
    java.net.URI uri = java.net.URI.create(url);
    String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    if (hosts.stream().noneMatch(h -> h.startsWith(host + " "))) hosts.add(host + " (" + what + ")");
  }

  /**
   * Notes the bounds of a plan that is shaped at run time (a search), for a dry run to print.
   *
   * @param bounds e.g. "at most 200 logins/s for 900 s: at most 180,000 logins"
   */
  public void boundedBy(String bounds) {
    this.searchBounds = bounds;
  }

  /** @return whether this is a dry run: its plan printed, only its preflight sent */
  public boolean dryRun() {
    return dryRun;
  }

  /** @return why the JVM is shutting down before the run ended: a signal it received, or the load generator stopping */
  private String interruption() {
    return signal != null ? "stopped by " + signal : "the load generator ended before the run did (Gatling stopped or crashed)";
  }

  /** Notes a SIGINT or SIGTERM before the JVM's own handling shuts it down, so that the results say which one ended the run. */
  @SuppressWarnings("sunapi")
  private void watchSignals() {
    for (String name : List.of("INT", "TERM")) {
      try {
        sun.misc.Signal sig = new sun.misc.Signal(name);
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
        previous[0] = sun.misc.Signal.handle(sig, s -> {
          signal = name.equals("INT") ? "Ctrl-C (SIGINT)" : "SIGTERM";
          previous[0].handle(s);
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // a platform without this signal: a shutdown is then reported without its cause
      }
    }
  }

  /**
   * Ends a benchmark's run: writes its results like any run's, but leaves the exit status to the benchmark (it reports
   * numbers, not a verdict), and stops the embedded stack.
   *
   * @return the summary
   */
  public Summary finish() {
    return end("", null, false);
  }

  /**
   * @return every login of the ended run, in the order recorded: what {@code logins.csv} holds and what could not be written to
   *     it (the ledger keeps only recent logins in memory, so a benchmark's figures over the whole run come from here)
   */
  public List<LoginRecord> logins() {
    try {
      return ledger.rows();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read back the login ledger " + ledger.file() + ": " + e.getMessage(), e);
    }
  }

  /** @return why a run judged by the SLO failed, for the exit status line */
  public String sloFailure() {
    return "the login SLO (" + slo.describe() + ") was not met over the judged logins";
  }

  /**
   * Checks that an external target accepts connections; one that does not stops the run here, before any load (the
   * embedded stack is up by construction).
   */
  private void checkReachable(Duration timeout) {
    if (stack != null) return;
    try {
      switch (target.kind()) {
        case OIDC -> TargetProbe.reachable(target.issuer(), "firstbell.target.oidc.issuer", timeout, tls);
        case PORTAL -> {
          TargetProbe.reachable(target.portalUrl(), "firstbell.target.portal.portal-url", timeout, tls);
          TargetProbe.reachable(target.appUrl(), "firstbell.target.portal.app-url", timeout, tls);
        }
        default -> {
          TargetProbe.reachable(target.portalUrl(), "firstbell.target.reference.portal-url", timeout, tls);
          TargetProbe.reachable(target.appUrl(), "firstbell.target.reference.app-url", timeout, tls);
        }
      }
    } catch (SettingsException e) {
      System.out.println("FirstBell: " + e.getMessage());
      throw e;
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
          String warning = source.check(clock.millis());
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

  /** @return for a shard, which slice of the credentials it has (for an error that finds no user in it); empty otherwise */
  private String sliceNote() {
    return shard.sharded() ? " (this shard's slice of it: rows i with i mod " + shard.count() + " = " + shard.index()
        + "; add users, or run fewer shards)" : "";
  }

  /** @return the credentials file's users, read once for the run */
  private List<CredentialsFile.User> users() {
    if (allUsers == null) allUsers = shard.slice(Credentials.readUsers(credentials)); // a shard's users are its own: disjoint slices
    return allUsers;
  }

  /** @return the feeder records of the users {@code journey} suits */
  private List<Map<String, Object>> usersOf(Journey journey) {
    return users().stream().filter(journey.suits()).map(CredentialsFile.User::feederRecord).toList();
  }

  /** @return the share of the credentials' students who log in with a badge (and so do in a students' mix) */
  public double badgeShareOfStudents() {
    long students = users().stream().filter(Journey.users(Journey.STUDENT, null)).count();
    return students == 0 ? 0 : users().stream().filter(Journey.users(Journey.STUDENT, "badge")).count() / (double) students;
  }

  private Path credentialsFile() {
    if (target.credentials() != null) return target.credentials();
    Path csv = Path.of("target", "firstbell", "credentials.csv");
    stack.exportCredentials(csv);
    return csv;
  }
}
