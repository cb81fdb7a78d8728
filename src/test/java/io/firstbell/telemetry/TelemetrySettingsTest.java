package io.firstbell.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings;
import io.firstbell.target.TargetSettings.Kind;
import io.firstbell.telemetry.TelemetrySettings.Source;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code firstbell.telemetry}: where a run reads the target's instances from, validated before any load is sent. */
class TelemetrySettingsTest {

  private static final String READY = "sum(firstbell_instances{state=\"ready\"})";
  private static final String DESIRED = "sum(firstbell_instances{state=\"desired\"})";

  /** The embedded reference stack (the default target). */
  private static final TargetSettings EMBEDDED = TargetSettings.from(FirstBellConfig.withOverrides(""));
  private static final TargetSettings PORTAL = new TargetSettings(Kind.PORTAL, "http://127.0.0.1:8080", "http://127.0.0.1:8081", "",
      Path.of("users.csv"), "");
  private static final TargetSettings OIDC = new TargetSettings(Kind.OIDC, "", "", "", Path.of("users.csv"),
      "http://127.0.0.1:9000/realms/school", "firstbell", "s3cret", "http://127.0.0.1:9999/callback",
      io.firstbell.target.ClientAuth.CLIENT_SECRET_POST, true, java.time.Duration.ofSeconds(60));

  private static TelemetrySettings telemetry(String overrides, TargetSettings target) {
    return TelemetrySettings.from(FirstBellConfig.withOverrides("firstbell.telemetry { " + overrides + " }"), target);
  }

  private static String failure(String overrides, TargetSettings target) {
    return assertThrows(SettingsException.class, () -> telemetry(overrides, target)).getMessage();
  }

  @Test
  void theDefaultsReadTheEmbeddedReferenceStackEverySecond() {
    assertEquals(Kind.REFERENCE, EMBEDDED.kind());
    TelemetrySettings s = telemetry("", EMBEDDED);
    assertEquals(new TelemetrySettings(Source.REFERENCE, Duration.ofSeconds(1), Duration.ofSeconds(2), "", "", READY, DESIRED), s);
    assertEquals("reference stack /admin/capacity every 1000 ms", s.describe());
  }

  @Test
  void autoIsReferenceForTheReferenceTargetAndNoneForTheOthers() {
    assertEquals(Source.REFERENCE, telemetry("source = auto", EMBEDDED).source());
    TargetSettings runningReference = new TargetSettings(Kind.REFERENCE, "http://127.0.0.1:8080", "http://127.0.0.1:8081", "",
        Path.of("users.csv"), "http://127.0.0.1:8080");
    assertEquals(Source.REFERENCE, telemetry("source = auto", runningReference).source());
    assertEquals(Source.NONE, telemetry("source = auto", PORTAL).source());
    assertEquals(Source.NONE, telemetry("source = auto", OIDC).source());
    assertEquals("none (client side only: the ledger)", telemetry("source = auto", OIDC).describe());
  }

  @Test
  void aChosenSourceIsKeptWhateverTheTarget() {
    assertEquals(Source.NONE, telemetry("source = none", EMBEDDED).source());
    assertEquals(Source.PROMETHEUS, telemetry("source = prometheus, prometheus.url = \"http://127.0.0.1:9090\"", EMBEDDED).source());
    assertEquals(Source.REFERENCE, telemetry("source = REFERENCE", EMBEDDED).source());
  }

  @Test
  void prometheusIsReadWithItsQueriesAndTheUrlWithoutATrailingSlash() {
    TelemetrySettings s = telemetry("source = prometheus, interval = 5s, timeout = 500ms, prometheus { url = \"http://10.0.0.7:9090/\","
        + " ready = \"  kube_deployment_status_replicas_available{deployment=\\\"portal\\\"}  \", desired = \"kube_deployment_spec_replicas\" }", PORTAL);
    assertEquals(new TelemetrySettings(Source.PROMETHEUS, Duration.ofSeconds(5), Duration.ofMillis(500), "", "http://10.0.0.7:9090",
        "kube_deployment_status_replicas_available{deployment=\"portal\"}", "kube_deployment_spec_replicas"), s);
    assertEquals("prometheus http://10.0.0.7:9090 every 5000 ms (ready: kube_deployment_status_replicas_available{deployment=\"portal\"};"
        + " desired: kube_deployment_spec_replicas)", s.describe());
  }

  @Test
  void prometheusWithoutAUrlFailsNamingTheKey() {
    String expected = "firstbell.telemetry.prometheus.url is required for firstbell.telemetry.source = prometheus;"
        + " set it to the server's base URL such as http://127.0.0.1:9090";
    assertEquals(expected, failure("source = prometheus", PORTAL));
    assertEquals(expected, failure("source = prometheus, prometheus.url = \"   \"", EMBEDDED));
  }

  @Test
  void aPrometheusUrlThatIsNotHttpFails() {
    assertEquals("firstbell.telemetry.prometheus.url is 'ftp://127.0.0.1:9090' but must be an http or https URL with a host",
        failure("source = prometheus, prometheus.url = \"ftp://127.0.0.1:9090\"", PORTAL));
    assertEquals("firstbell.telemetry.prometheus.url is 'localhost:9090' but must be an http or https URL with a host",
        failure("source = prometheus, prometheus.url = \"localhost:9090\"", PORTAL));
    assertEquals("firstbell.telemetry.prometheus.url is '127.0.0.1:9090', which is not a URL",
        failure("source = prometheus, prometheus.url = \"127.0.0.1:9090\"", PORTAL));
  }

  @Test
  void prometheusNeedsBothQueries() {
    assertEquals("firstbell.telemetry.prometheus.ready must be a PromQL expression for the instances ready to serve",
        failure("source = prometheus, prometheus { url = \"http://127.0.0.1:9090\", ready = \" \" }", PORTAL));
    assertEquals("firstbell.telemetry.prometheus.desired must be a PromQL expression for the instances the autoscaler wants",
        failure("source = prometheus, prometheus { url = \"http://127.0.0.1:9090\", desired = \"\" }", PORTAL));
  }

  @Test
  void referenceForAnotherTargetNeedsItsCapacityUrl() {
    assertEquals("firstbell.telemetry.source is reference but the target is portal; set firstbell.telemetry.reference.capacity-url"
        + " to its /admin/capacity URL, or choose prometheus or none", failure("source = reference", PORTAL));
    assertEquals("firstbell.telemetry.source is reference but the target is oidc; set firstbell.telemetry.reference.capacity-url"
        + " to its /admin/capacity URL, or choose prometheus or none", failure("source = reference", OIDC));
    TelemetrySettings s = telemetry("source = reference, reference.capacity-url = \" http://127.0.0.1:8080/admin/capacity \"", PORTAL);
    assertEquals(new TelemetrySettings(Source.REFERENCE, Duration.ofSeconds(1), Duration.ofSeconds(2), "http://127.0.0.1:8080/admin/capacity",
        "", READY, DESIRED), s);
    assertEquals("reference stack /admin/capacity every 1000 ms at http://127.0.0.1:8080/admin/capacity", s.describe());
  }

  @Test
  void aCapacityUrlThatIsNotHttpFails() {
    assertEquals("firstbell.telemetry.reference.capacity-url is 'file:///admin/capacity' but must be an http or https URL with a host",
        failure("source = reference, reference.capacity-url = \"file:///admin/capacity\"", EMBEDDED));
  }

  @Test
  void anUnknownSourceOrANonPositiveIntervalFails() {
    assertEquals("firstbell.telemetry.source is 'grafana' but must be one of: auto, reference, prometheus, none",
        failure("source = grafana", EMBEDDED));
    assertEquals("firstbell.telemetry.interval is PT0S but must be a positive duration such as 10s", failure("interval = 0s", EMBEDDED));
    assertEquals("firstbell.telemetry.timeout is PT-1S but must be a positive duration such as 10s", failure("timeout = -1s", EMBEDDED));
  }
}
