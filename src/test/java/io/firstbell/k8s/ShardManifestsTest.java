package io.firstbell.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifests of a sharded run, written as YAML and read back into the fabric8 model: no cluster involved. */
class ShardManifestsTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-08-24T06:00:00.400Z"), ZoneOffset.UTC);
  static final Path PROFILE = Path.of("simulations", "breaking-point.conf");

  @TempDir
  Path out;

  List<Path> written;

  @BeforeEach
  void writeFourShards() throws IOException {
    written = ManifestsMain.run(new String[] {"--run-id", "bts-morning-1", "--profile", PROFILE.toString(), "--shards", "4",
        "--image", "registry.example.org/firstbell:0.1.0", "--start-delay", "3m", "--into", out.toString()}, CLOCK);
  }

  <T> T read(String file, Class<T> type) throws IOException {
    return ShardManifests.yaml().readValue(Files.readString(out.resolve(file), StandardCharsets.UTF_8), type);
  }

  Job shards() throws IOException {
    return read(ShardManifests.SHARDS, Job.class);
  }

  Container injector() throws IOException {
    return shards().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, String> mounts(List<VolumeMount> mounts) {
    return mounts.stream().collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
  }

  @Test
  void writesOneFilePerObjectInTheOrderToApplyThem() {
    assertEquals(List.of("results-volume.yaml", "profile-configmap.yaml", "pod-monitor.yaml", "dashboard-configmap.yaml",
        "shards-job.yaml", "merge-job.yaml", "fetch-pod.yaml"),
        written.stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void shardsAreAnIndexedJobOfNCompletionsAllAtOnceNeverRetried() throws IOException {
    Job job = shards();
    assertEquals("batch/v1", job.getApiVersion());
    assertEquals("Job", job.getKind());
    assertEquals("bts-morning-1-shards", job.getMetadata().getName());
    assertEquals("Indexed", job.getSpec().getCompletionMode());
    assertEquals(4, job.getSpec().getCompletions());
    assertEquals(4, job.getSpec().getParallelism());
    assertEquals(0, job.getSpec().getBackoffLimit());
    assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
  }

  @Test
  void backoffLimitZeroIsWrittenNotLeftOut() throws IOException {
    assertTrue(Files.readString(out.resolve(ShardManifests.SHARDS)).contains("backoffLimit: 0"));
  }

  @Test
  void injectorRunsGatlingWithTheProfileShardCountAndOneStartInstant() throws IOException {
    Container c = injector();
    assertEquals("registry.example.org/firstbell:0.1.0", c.getImage());
    assertEquals(List.of("java"), c.getCommand());
    List<String> args = c.getArgs();
    assertTrue(args.contains("-Dprofile=/etc/firstbell/breaking-point.conf"), args::toString);
    assertTrue(args.contains("-Dfirstbell.shard.index=$(JOB_COMPLETION_INDEX)"), args::toString);
    assertTrue(args.contains("-Dfirstbell.shard.count=4"), args::toString);
    assertTrue(args.contains("-Dfirstbell.shard.start-at=2026-08-24T06:03:00Z"), args::toString); // now + 3m, to the second
    assertTrue(args.contains("-Dfirstbell.results.directory=$(FIRSTBELL_RESULTS_DIRECTORY)"), args::toString);
    assertTrue(args.contains("-Dfirstbell.shard.run-id=bts-morning-1"), args::toString);
    int main = args.indexOf("io.gatling.app.Gatling");
    assertEquals(List.of("--simulation", "io.firstbell.simulations.BreakingPointSimulation",
        "--results-folder", "$(FIRSTBELL_RESULTS_DIRECTORY)", "--launcher", "firstbell-k8s"), args.subList(main + 1, args.size()));
    assertEquals(List.of("-cp", "/app/test-classes:/app/classes:/app/lib/*"), args.subList(main - 2, main));
  }

  @Test
  void eachShardWritesToItsOwnFolderNamedByItsCompletionIndex() throws IOException {
    List<EnvVar> env = injector().getEnv();
    assertEquals("JOB_COMPLETION_INDEX", env.get(0).getName()); // first, so that the next one can refer to it
    assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
        env.get(0).getValueFrom().getFieldRef().getFieldPath());
    assertEquals("FIRSTBELL_RESULTS_DIRECTORY", env.get(1).getName());
    assertEquals("/results/bts-morning-1/shard-$(JOB_COMPLETION_INDEX)", env.get(1).getValue());
  }

  @Test
  void injectorMountsTheProfileReadOnlyAndTheSharedResultsVolume() throws IOException {
    PodSpec pod = shards().getSpec().getTemplate().getSpec();
    assertEquals(Map.of("profile", "/etc/firstbell", "results", "/results"), mounts(pod.getContainers().get(0).getVolumeMounts()));
    assertTrue(pod.getContainers().get(0).getVolumeMounts().get(0).getReadOnly());
    assertEquals("bts-morning-1-profile", pod.getVolumes().get(0).getConfigMap().getName());
    assertEquals("bts-morning-1-results", pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName());
  }

  @Test
  void injectorIsSizedToTheDefaultCeilingWithRequestsEqualToLimits() throws IOException {
    var resources = injector().getResources();
    Map<String, Quantity> ceiling = Map.of("cpu", new Quantity("2"), "memory", new Quantity("2Gi"));
    assertEquals(ceiling, resources.getRequests());
    assertEquals(ceiling, resources.getLimits());
  }

  @Test
  void ceilingComesFromTheOptions() throws IOException {
    ManifestsMain.run(new String[] {"--run-id", "r", "--profile", PROFILE.toString(), "--shards", "2", "--cpu", "1500m",
        "--memory", "3Gi", "--into", out.resolve("sized").toString()}, CLOCK);
    Job job = ShardManifests.yaml().readValue(out.resolve("sized").resolve(ShardManifests.SHARDS).toFile(), Job.class);
    var limits = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
    assertEquals(Map.of("cpu", new Quantity("1500m"), "memory", new Quantity("3Gi")), limits);
  }

  @Test
  void podsCarryThePrometheusScrapeAnnotationsForTheMetricsPort() throws IOException {
    assertEquals(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9404"),
        shards().getSpec().getTemplate().getMetadata().getAnnotations());
    assertEquals(9404, injector().getPorts().get(0).getContainerPort());
    String yaml = Files.readString(out.resolve(ShardManifests.SHARDS));
    assertTrue(yaml.contains("prometheus.io/scrape: \"true\""), yaml); // a string, as Kubernetes requires of annotations
    assertTrue(yaml.contains("prometheus.io/port: \"9404\""), yaml);
  }

  @Test
  void injectorServesItsLiveMetricsOnEveryInterfaceAtTheAnnotatedPort() throws IOException {
    Container c = injector();
    List<String> args = c.getArgs();
    int main = args.indexOf("io.gatling.app.Gatling");
    List<String> jvm = args.subList(0, main); // system properties count only before the main class
    assertTrue(jvm.contains("-Dfirstbell.metrics.enabled=on"), args::toString);
    assertTrue(jvm.contains("-Dfirstbell.metrics.port=9404"), args::toString);
    assertTrue(jvm.contains("-Dfirstbell.metrics.bind=0.0.0.0"), args::toString);
    assertTrue(jvm.contains("-Dfirstbell.metrics.linger=15s"), "three scrape intervals for the final counts: " + args);
    assertTrue(jvm.contains("-Dfirstbell.shard.run-id=bts-morning-1"), args::toString);
    assertEquals("metrics", c.getPorts().get(0).getName());
    assertEquals(9404, c.getPorts().get(0).getContainerPort());
  }

  @Test
  void metricsPortOptionMovesTheServerTheAnnotationThePortAndThePodMonitorTogether() throws IOException {
    Path other = out.resolve("port");
    ManifestsMain.run(new String[] {"--run-id", "r", "--profile", PROFILE.toString(), "--shards", "2", "--metrics-port", "9500",
        "--into", other.toString()}, CLOCK);
    Job job = ShardManifests.yaml().readValue(other.resolve(ShardManifests.SHARDS).toFile(), Job.class);
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertTrue(c.getArgs().contains("-Dfirstbell.metrics.port=9500"), c.getArgs()::toString);
    assertEquals(9500, c.getPorts().get(0).getContainerPort());
    assertEquals("9500", job.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
    GenericKubernetesResource monitor = ShardManifests.yaml().readValue(other.resolve(ShardManifests.POD_MONITOR).toFile(),
        GenericKubernetesResource.class);
    assertEquals("metrics", monitor.<String>get("spec", "podMetricsEndpoints", 0, "port"), "by the port's name, not its number");
  }

  @Test
  void podMonitorScrapesEveryShardPodOfTheRunAtItsMetricsPort() throws IOException {
    GenericKubernetesResource monitor = read(ShardManifests.POD_MONITOR, GenericKubernetesResource.class);
    assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
    assertEquals("PodMonitor", monitor.getKind());
    assertEquals("bts-morning-1-shards", monitor.getMetadata().getName());
    Map<String, String> podLabels = shards().getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
    assertEquals(Map.of("app.kubernetes.io/name", "firstbell", "app.kubernetes.io/instance", "bts-morning-1",
        "app.kubernetes.io/component", "shard"), selected);
    assertTrue(podLabels.entrySet().containsAll(selected.entrySet()), "it selects the shard pods: " + podLabels);
    List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
    assertEquals(List.of(Map.of("port", "metrics", "path", "/metrics", "interval", "5s")), endpoints);
    assertEquals("metrics", injector().getPorts().get(0).getName(), "the port it names");
  }

  @Test
  void dashboardConfigMapHoldsTheGrafanaDashboardForGrafanasSidecar() throws IOException {
    ConfigMap map = read(ShardManifests.DASHBOARD, ConfigMap.class);
    assertEquals("ConfigMap", map.getKind());
    assertEquals("firstbell-dashboard", map.getMetadata().getName(), "one for every run: the dashboard chooses its run");
    assertEquals("1", map.getMetadata().getLabels().get("grafana_dashboard"));
    String json;
    try (var in = getClass().getClassLoader().getResourceAsStream("grafana/firstbell-run.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(Map.of("firstbell-run.json", json), map.getData());
    assertEquals("firstbell-run", ShardManifests.yaml().readTree(map.getData().get("firstbell-run.json")).get("uid").asText());
    assertTrue(Files.readString(out.resolve(ShardManifests.DASHBOARD)).contains("grafana_dashboard: \"1\""), "a string label");
  }

  @Test
  void configMapHoldsTheProfileVerbatimUnderItsFileName() throws IOException {
    ConfigMap map = read(ShardManifests.PROFILE, ConfigMap.class);
    assertEquals("v1", map.getApiVersion());
    assertEquals("ConfigMap", map.getKind());
    assertEquals("bts-morning-1-profile", map.getMetadata().getName());
    assertEquals(Map.of("breaking-point.conf", Files.readString(PROFILE, StandardCharsets.UTF_8)), map.getData());
  }

  @Test
  void resultsVolumeIsAReadWriteManyClaimOfTheGivenSize() throws IOException {
    PersistentVolumeClaim claim = read(ShardManifests.VOLUME, PersistentVolumeClaim.class);
    assertEquals("PersistentVolumeClaim", claim.getKind());
    assertEquals("bts-morning-1-results", claim.getMetadata().getName());
    assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes());
    assertEquals(new Quantity("10Gi"), claim.getSpec().getResources().getRequests().get("storage"));
  }

  @Test
  void mergeJobNamesEveryShardsRunFolderAndWritesTheMergedRun() throws IOException {
    Job merge = read(ShardManifests.MERGE, Job.class);
    assertEquals("bts-morning-1-merge", merge.getMetadata().getName());
    assertNull(merge.getSpec().getCompletionMode());
    Container c = merge.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("java"), c.getCommand());
    assertEquals(List.of("-cp", "/app/test-classes:/app/classes:/app/lib/*", "io.firstbell.report.ReportMain", "merge",
        "/results/bts-morning-1/shard-0/latest", "/results/bts-morning-1/shard-1/latest",
        "/results/bts-morning-1/shard-2/latest", "/results/bts-morning-1/shard-3/latest",
        "--into", "/results/bts-morning-1/merged"), c.getArgs());
    assertEquals(Map.of("results", "/results"), mounts(c.getVolumeMounts()));
    assertEquals("Never", merge.getSpec().getTemplate().getSpec().getRestartPolicy());
  }

  @Test
  void fetchPodMountsTheResultsVolume() throws IOException {
    Pod pod = read(ShardManifests.FETCH, Pod.class);
    assertEquals("bts-morning-1-fetch", pod.getMetadata().getName());
    assertEquals(Map.of("results", "/results"), mounts(pod.getSpec().getContainers().get(0).getVolumeMounts()));
    assertEquals("bts-morning-1-results", pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
  }
}
