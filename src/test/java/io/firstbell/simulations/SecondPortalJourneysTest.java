package io.firstbell.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.LakesideJourneys;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.portal2.LakesidePortal;
import io.firstbell.report.ExitStatus;
import io.firstbell.results.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journeys of one's own against a second portal that looks nothing like the reference stack ({@link LakesidePortal}: a
 * district picker, one sign-in page for every district with other field names, a launcher of tiles), as users run them:
 * forked Gatling runs with {@code firstbell.target.kind = portal}. The README's journey class ({@link LakesideJourneys}) and
 * the configuration-driven journey ({@code portal2/lakeside-config.conf}) each log in every student of a steady run, and the
 * ledger, the summary and the preflight count them under the journey's name; the morning peak runs the class for students and
 * teachers; a landing page that greets someone else fails the configured journey at its named step.
 */
class SecondPortalJourneysTest {

  private static LakesidePortal portal;
  private static Path credentials;

  @TempDir static Path shared;
  @TempDir Path results;

  @BeforeAll
  static void startTheSecondPortal() throws Exception {
    portal = LakesidePortal.start();
    credentials = shared.resolve("lakeside-credentials.csv");
    LakesidePortal.writeCredentials(credentials);
  }

  @AfterAll
  static void stopTheSecondPortal() {
    portal.close();
  }

  @Test
  void aJourneyClassOfOnesOwnLogsInEveryStudentOfASteadyRateUnderItsName() throws Exception {
    Map<String, String> properties = steady(Map.of("firstbell.target.journeys.class", LakesideJourneys.class.getName(),
        "firstbell.target.journeys.settings.app", "math"));
    long greeted = portal.greetings();
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties, results, Duration.ofMinutes(2));
    List<LoginRecord> rows = show("code journey (com.example.LakesideJourneys)", run, StudentLoginSimulation.class);

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: population  com.example.LakesideJourneys: lakeside-student 100%, no think time"), run.output());
    assertEveryLoginSucceeded(rows, "lakeside-student", 4, run);
    assertEquals(rows.size(), portal.greetings() - greeted, "the portal greeted a user in its app once per login the ledger counts");
    Summary summary = Regeneration.assertReproduced(Regeneration.runFolder(run, "StudentLoginSimulation"), properties);
    assertSummaryCounts(summary, "lakeside-student", 25);
  }

  @Test
  void theConfiguredJourneyLogsInEveryStudentOfASteadyRateUnderItsName() throws Exception {
    Map<String, String> properties = steady(Map.of("profile", profile()));
    long greeted = portal.greetings();
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties, results, Duration.ofMinutes(2));
    List<LoginRecord> rows = show("configured journey (portal2/lakeside-config.conf)", run, StudentLoginSimulation.class);

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: population  the configured journey lakeside-config (firstbell.target.journeys.config: Open district"
        + " picker → Choose district → Submit credentials → Open app), lakeside-config 100%, no think time"), run.output());
    assertEveryLoginSucceeded(rows, "lakeside-config", 4, run);
    assertEquals(rows.size(), portal.greetings() - greeted, "the portal greeted a user in its app once per login the ledger counts");
    Summary summary = Regeneration.assertReproduced(Regeneration.runFolder(run, "StudentLoginSimulation"), properties);
    assertSummaryCounts(summary, "lakeside-config", 25);
  }

  @Test
  void aLandingPageThatGreetsSomeoneElseFailsTheConfiguredJourneyAtItsNamedStepAsACheck() throws Exception {
    // the Science Lab greets a guest, not the user who launched it
    Map<String, String> properties = steady(Map.of("profile", profile(),
        "firstbell.target.journeys.config.app.selector", "div.tile[data-name=science] a.tile-go",
        "firstbell.target.journeys.config.steps.app", "Open Science Lab"));
    GatlingFork.Result run = GatlingFork.run(StudentLoginSimulation.class, properties, results, Duration.ofMinutes(2));
    List<LoginRecord> rows = show("configured journey, landing check failing (Science Lab greets a guest)", run, StudentLoginSimulation.class);

    assertEquals(ExitStatus.PREFLIGHT_FAILED, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: preflight FAILED: journey lakeside-config, step \"Open Science Lab\": check at " + portal.url("/apps/science/")),
        run.output());
    assertEquals(1, rows.size(), rows.toString());
    LoginRecord r = rows.get(0);
    assertEquals(LoginRecord.PREFLIGHT, r.phase(), r.toString());
    assertEquals(LoginRecord.Outcome.FAILED, r.outcome(), r.toString());
    assertEquals("Open Science Lab", r.failedStep(), r.toString());
    assertEquals("check", r.failureKind(), r.toString());
    Summary summary = Regeneration.assertReproduced(Regeneration.runFolder(run, "StudentLoginSimulation"), properties);
    assertFalse(summary.passed());
    Summary.PreflightLogin pre = summary.preflight().journeys().get(0);
    assertEquals("Open Science Lab", pre.failedStep(), pre.toString());
    assertEquals("check", pre.failureKind(), pre.toString());
    assertTrue(pre.sample().body().contains("Signed in as guest"), "the failure sample shows what the user saw: " + pre.sample());
  }

  @Test
  void theMorningPeakRunsTheJourneyClassForStudentsAndTeachersInThePopulationsMix() throws Exception {
    // one first bell in one time zone, a 12-minute spread played in 12 s, 70% students
    Path morning = Files.writeString(results.resolve("morning.conf"), "firstbell.load.back-to-school { bells = [\"08:00\"], peak-logins-per-second = 8,"
        + " compression = 60, time-zones { eastern = 1, central = 0, mountain = 0, pacific = 0 } }\n"
        + "firstbell.population.student-share = 0.7\n");
    Map<String, String> properties = steady(Map.of("firstbell.target.journeys.class", LakesideJourneys.class.getName(),
        "firstbell.target.journeys.settings.app", "math", "profile", morning.toString()));
    GatlingFork.Result run = GatlingFork.run(BackToSchoolMorningSimulation.class, properties, results, Duration.ofMinutes(2));
    List<LoginRecord> rows = show("code journey (com.example.LakesideJourneys)", run, BackToSchoolMorningSimulation.class);

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("FirstBell: population  com.example.LakesideJourneys: lakeside-student 70%, lakeside-teacher 30%"), run.output());
    Set<String> preflight = rows.stream().filter(r -> r.phase().equals(LoginRecord.PREFLIGHT)).map(LoginRecord::journey).collect(Collectors.toSet());
    assertEquals(Set.of("lakeside-student", "lakeside-teacher"), preflight, "one preflight login of each journey of the mix");
    List<LoginRecord> load = rows.stream().filter(r -> r.phase().equals(LoginRecord.LOAD)).toList();
    assertTrue(load.size() >= 30, "the morning's logins: " + load.size());
    for (LoginRecord r : rows) {
      assertTrue(r.succeeded(), r.toString());
      assertEquals(r.journey().equals("lakeside-student") ? "student" : "teacher", r.persona(), r.toString());
    }
    long teachers = load.stream().filter(r -> r.journey().equals("lakeside-teacher")).count();
    // 30% of the mix: about 16 of 53, and (binomially) never near none or all of them
    assertTrue(teachers >= 3 && teachers <= load.size() - 15, teachers + " of " + load.size() + " logins were teachers' (30% of the mix)");
    Summary summary = Regeneration.assertReproduced(Regeneration.runFolder(run, "BackToSchoolMorningSimulation"), properties);
    assertTrue(summary.passed(), summary.verdict());
    assertEquals(Set.of("lakeside-student", "lakeside-teacher"), summary.logins().byJourney().keySet());
  }

  @Test
  void theSmokeSimulationLogsInOnceWithTheConfiguredJourneyOfEachPersona() throws Exception {
    Map<String, String> properties = steady(Map.of("profile", profile()));
    GatlingFork.Result run = GatlingFork.run(SmokeSimulation.class, properties, results, Duration.ofMinutes(2));
    List<LoginRecord> rows = show("configured journey, every journey once", run, SmokeSimulation.class);

    assertEquals(0, run.exitCode(), run.output());
    assertEquals(Set.of("student", "teacher"), rows.stream().map(LoginRecord::persona).collect(Collectors.toSet()), rows.toString());
    for (LoginRecord r : rows) {
      assertTrue(r.succeeded(), r.toString());
      assertEquals("lakeside-config", r.journey(), r.toString());
    }
    assertEquals(2, rows.size(), rows.toString());
  }

  /** @return a steady student run against the second portal: 5 logins/s for 5 s, no ramp, no warm-up, no think time */
  private Map<String, String> steady(Map<String, String> journeys) {
    Map<String, String> p = new HashMap<>(Map.of(
        "firstbell.target.kind", "portal", "firstbell.target.portal.portal-url", portal.url(""),
        "firstbell.target.portal.app-url", portal.url(""), "firstbell.target.portal.credentials", credentials.toString(),
        "firstbell.load.student-login.logins-per-second", "5", "firstbell.load.student-login.ramp", "0s",
        "firstbell.load.student-login.duration", "5s", "firstbell.population.think-time.distribution", "none",
        "firstbell.warm-up.duration", "0s", "firstbell.results.directory", results.toString()));
    p.putAll(journeys);
    return p;
  }

  /** @return the run profile of the configuration-driven journey, as the README shows it */
  private static String profile() {
    return Path.of("src", "test", "resources", "portal2", "lakeside-config.conf").toAbsolutePath().toString();
  }

  /** Prints the run's population, preflight and outcome lines and a few ledger rows (for the build's output), and returns the ledger. */
  private static List<LoginRecord> show(String what, GatlingFork.Result run, Class<?> simulation) throws Exception {
    Path ledger = Regeneration.runFolder(run, simulation.getSimpleName()).resolve("logins.csv");
    System.out.println("== second portal, " + what + ", " + simulation.getSimpleName() + ": exit " + run.exitCode());
    run.output().lines().filter(l -> l.startsWith("FirstBell: population") || l.startsWith("FirstBell: preflight")
        || l.matches("FirstBell: [\\d,]+ logins, .*") || l.startsWith("FirstBell: exit status")).forEach(System.out::println);
    List<String> lines = Files.readAllLines(ledger);
    lines.stream().limit(4).forEach(l -> System.out.println("  " + l));
    if (lines.size() > 4) System.out.println("  " + lines.get(lines.size() - 1));
    return LedgerCsv.read(ledger);
  }

  private static void assertEveryLoginSucceeded(List<LoginRecord> rows, String journey, int steps, GatlingFork.Result run) {
    assertEquals(1, rows.stream().filter(r -> r.phase().equals(LoginRecord.PREFLIGHT)).count(), "one preflight login: " + rows);
    assertEquals(25, rows.stream().filter(r -> r.phase().equals(LoginRecord.LOAD)).count(), "one row per offered login:\n" + run.output());
    for (LoginRecord r : rows) {
      assertTrue(r.succeeded(), r.toString());
      assertEquals(journey, r.journey(), r.toString());
      assertEquals("student", r.persona(), r.toString());
      assertEquals("password", r.method(), r.toString());
      assertTrue(LakesidePortal.ORGS.containsKey(r.district()), r.toString());
      assertEquals(steps, r.requests(), r.toString()); // picker, chosen district's sign-in page, sign in, app
      assertEquals("", r.failedStep(), r.toString());
    }
  }

  private static void assertSummaryCounts(Summary summary, String journey, long logins) {
    assertTrue(summary.passed(), summary.verdict());
    assertEquals(Summary.JudgedBy.SLO, summary.judgedBy());
    assertEquals(logins, summary.logins().attempted());
    assertEquals(logins, summary.logins().succeeded());
    assertEquals(Map.of(journey, logins), summary.logins().byJourney());
    assertTrue(summary.preflight().passed(), summary.preflight().toString());
    assertEquals(List.of(journey), summary.preflight().journeys().stream().map(Summary.PreflightLogin::journey).toList());
  }
}
