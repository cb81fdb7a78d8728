package io.firstbell.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one sharded run, built from a {@link JobPlan} as typed fabric8 models and written as YAML: the
 * shared results volume, the ConfigMap with the run profile, the PodMonitor that has a Prometheus operator scrape the shards'
 * live metrics, the ConfigMap of the Grafana dashboard, the Indexed Job of the shards, the Job that merges their folders
 * once they completed, and a pod to copy the merged results out. Stateless.
 */
public final class ShardManifests {

  /** The files {@link #write} writes, in the order they are applied. */
  public static final String VOLUME = "results-volume.yaml";
  public static final String PROFILE = "profile-configmap.yaml";
  public static final String POD_MONITOR = "pod-monitor.yaml";
  public static final String DASHBOARD = "dashboard-configmap.yaml";
  public static final String SHARDS = "shards-job.yaml";
  public static final String MERGE = "merge-job.yaml";
  public static final String FETCH = "fetch-pod.yaml";

  /** Where the image keeps the project's classes and libraries (see the Dockerfile). */
  static final String CLASS_PATH = "/app/test-classes:/app/classes:/app/lib/*";
  static final String PROFILE_DIR = "/etc/firstbell";
  static final String RESULTS_DIR = "/results";
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  /** The Grafana dashboard of a run across shards, on the class path and in the dashboard's ConfigMap under its file name. */
  static final String DASHBOARD_RESOURCE = "grafana/firstbell-run.json";
  /** The one dashboard ConfigMap every run shares: the dashboard picks its run with its own run variable. */
  static final String DASHBOARD_NAME = "firstbell-dashboard";
  /** The label by which Grafana's dashboard sidecar (e.g. the kube-prometheus-stack chart's) finds dashboard ConfigMaps. */
  static final String GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";
  /** How often the PodMonitor has the shards scraped: rates over 1m need several points, and a short run is minutes long. */
  static final String SCRAPE_INTERVAL = "5s";
  /** How long a shard that has finished waits for its final scrape: three scrape intervals. */
  static final String METRICS_LINGER = "15s";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
      .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  private ShardManifests() {}

  /** @return the mapper that writes (and, in tests, reads back) the manifests */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /**
   * Writes the run's manifests into {@code folder} (created when missing), one object per file.
   *
   * @return the files written, in the order to apply them
   */
  public static List<Path> write(JobPlan plan, Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<String, HasMetadata> objects = new LinkedHashMap<>();
    objects.put(VOLUME, volume(plan));
    objects.put(PROFILE, profile(plan));
    objects.put(POD_MONITOR, podMonitor(plan));
    objects.put(DASHBOARD, dashboard(plan));
    objects.put(SHARDS, shards(plan));
    objects.put(MERGE, merge(plan));
    objects.put(FETCH, fetch(plan));
    List<Path> written = new ArrayList<>();
    for (var e : objects.entrySet()) {
      Path file = folder.resolve(e.getKey());
      Files.writeString(file, YAML.writeValueAsString(e.getValue()), StandardCharsets.UTF_8);
      written.add(file);
    }
    return written;
  }

  /** @return the ReadWriteMany claim every shard writes its folder to */
  public static PersistentVolumeClaim volume(JobPlan plan) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(volumeName(plan)).withLabels(labels(plan, "results")).endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteMany") // every shard, the merge and the fetch pod mount it at once, from any node
          .withNewResources().addToRequests("storage", new Quantity(plan.volumeSize())).endResources()
        .endSpec()
        .build();
  }

  /** @return the ConfigMap holding the run profile verbatim, under its file name */
  public static ConfigMap profile(JobPlan plan) {
    String text;
    try {
      text = Files.readString(plan.profile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the profile " + plan.profile() + ": " + e.getMessage(), e);
    }
    return new ConfigMapBuilder()
        .withNewMetadata().withName(profileName(plan)).withLabels(labels(plan, "profile")).endMetadata()
        .addToData(plan.profileKey(), text)
        .build();
  }

  /**
   * @return the PodMonitor (monitoring.coreos.com/v1; needs the Prometheus operator's CRDs) that scrapes every shard pod of the
   *     run at its {@code metrics} port; fabric8's model has no Prometheus operator types, so it is a generic resource
   */
  public static GenericKubernetesResource podMonitor(JobPlan plan) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", "metrics"); // the injector's named container port
    endpoint.put("path", "/metrics");
    endpoint.put("interval", SCRAPE_INTERVAL);
    Map<String, Object> selector = new LinkedHashMap<>();
    selector.put("matchLabels", labels(plan, "shard"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", selector);
    spec.put("podMetricsEndpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1")
        .withKind("PodMonitor")
        .withNewMetadata().withName(shardsName(plan)).withLabels(labels(plan, "shard")).endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /** @return the ConfigMap of the Grafana dashboard of a run across shards, labelled for Grafana's dashboard sidecar */
  public static ConfigMap dashboard(JobPlan plan) {
    String json;
    try (InputStream in = ShardManifests.class.getClassLoader().getResourceAsStream(DASHBOARD_RESOURCE)) {
      if (in == null) throw new IllegalStateException(DASHBOARD_RESOURCE + " is missing from the class path");
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + DASHBOARD_RESOURCE + ": " + e.getMessage(), e);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "firstbell");
    labels.put("app.kubernetes.io/component", "dashboard");
    labels.put(GRAFANA_DASHBOARD_LABEL, "1");
    return new ConfigMapBuilder()
        .withNewMetadata().withName(DASHBOARD_NAME).withLabels(labels).endMetadata()
        .addToData(DASHBOARD_RESOURCE.substring(DASHBOARD_RESOURCE.lastIndexOf('/') + 1), json)
        .build();
  }

  /** @return the Indexed Job: {@code shards} pods at once, each running the simulation as shard {@code JOB_COMPLETION_INDEX} */
  public static Job shards(JobPlan plan) {
    List<String> args = new ArrayList<>(List.of(
        "-XX:MaxRAMPercentage=75", // the heap within the pod's memory limit
        "--add-opens=java.base/java.lang=ALL-UNNAMED", // as gatling-maven-plugin does: Gatling reads String internals
        "-Dprofile=" + PROFILE_DIR + "/" + plan.profileKey(),
        "-Dfirstbell.shard.index=$(JOB_COMPLETION_INDEX)",
        "-Dfirstbell.shard.count=" + plan.shards(),
        "-Dfirstbell.shard.start-at=" + plan.startAt(),
        "-Dfirstbell.shard.run-id=" + plan.runId(), // label run of the live metrics, and the run the merge checks
        "-Dfirstbell.metrics.enabled=on",
        "-Dfirstbell.metrics.port=" + plan.metricsPort(),
        "-Dfirstbell.metrics.bind=0.0.0.0", // every interface: Prometheus scrapes the pod's IP
        "-Dfirstbell.metrics.linger=" + METRICS_LINGER, // the final counts are scraped before the pod ends
        "-Dfirstbell.results.directory=$(FIRSTBELL_RESULTS_DIRECTORY)",
        "-cp", CLASS_PATH,
        "io.gatling.app.Gatling",
        "--simulation", plan.simulation(),
        "--results-folder", "$(FIRSTBELL_RESULTS_DIRECTORY)",
        "--launcher", "firstbell-k8s"));
    Container injector = new ContainerBuilder()
        .withName("injector")
        .withImage(plan.image())
        .withCommand("java")
        .withArgs(args)
        .withEnv(shardEnv(plan))
        .addNewPort().withName("metrics").withContainerPort(plan.metricsPort()).endPort()
        .withNewResources() // requests = limits: a guaranteed injector, never throttled below what it was sized for
          .addToRequests("cpu", new Quantity(plan.cpu())).addToRequests("memory", new Quantity(plan.memory()))
          .addToLimits("cpu", new Quantity(plan.cpu())).addToLimits("memory", new Quantity(plan.memory()))
        .endResources()
        .withVolumeMounts(profileMount(), resultsMount())
        .build();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", String.valueOf(plan.metricsPort()));
    return new JobBuilder()
        .withNewMetadata().withName(shardsName(plan)).withLabels(labels(plan, "shard")).endMetadata()
        .withNewSpec()
          .withCompletionMode("Indexed")
          .withCompletions(plan.shards())
          .withParallelism(plan.shards()) // all shards at once: they start their load together at start-at
          .withBackoffLimit(0) // a shard that failed is not re-run: its load would arrive late and skew the merge
          .withNewTemplate()
            .withNewMetadata().withLabels(labels(plan, "shard")).withAnnotations(annotations).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withContainers(injector)
              .withVolumes(profileVolume(plan), resultsVolume(plan))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** @return the Job that merges every shard's folder into {@code /results/<run-id>/merged}; applied once the shards completed */
  public static Job merge(JobPlan plan) {
    List<String> args = new ArrayList<>(List.of("-cp", CLASS_PATH, "io.firstbell.report.ReportMain", "merge"));
    args.addAll(shardFolders(plan));
    args.add("--into");
    args.add(runDir(plan) + "/merged");
    Container merger = new ContainerBuilder()
        .withName("merge")
        .withImage(plan.image())
        .withCommand("java")
        .withArgs(args)
        .withVolumeMounts(resultsMount())
        .build();
    return new JobBuilder()
        .withNewMetadata().withName(plan.runId() + "-merge").withLabels(labels(plan, "merge")).endMetadata()
        .withNewSpec()
          .withBackoffLimit(0)
          .withNewTemplate()
            .withNewMetadata().withLabels(labels(plan, "merge")).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withContainers(merger)
              .withVolumes(resultsVolume(plan))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** @return a pod that only mounts the results volume, so that {@code kubectl cp} can copy the merged folder out */
  public static Pod fetch(JobPlan plan) {
    return new PodBuilder()
        .withNewMetadata().withName(plan.runId() + "-fetch").withLabels(labels(plan, "fetch")).endMetadata()
        .withNewSpec()
          .withRestartPolicy("Never")
          .addNewContainer()
            .withName("fetch").withImage(plan.image())
            .withCommand("sleep", "3600") // an hour to copy the results; delete the pod when done
            .withVolumeMounts(resultsMount())
          .endContainer()
          .withVolumes(resultsVolume(plan))
        .endSpec()
        .build();
  }

  /**
   * @return every shard's run folder, {@code /results/<run-id>/shard-0/latest} to {@code shard-<N-1>/latest}: a shard's
   *     {@code firstbell.results.directory} holds its run folder and the {@code latest} link to it (a relative link, so it
   *     resolves on the shared volume from any pod)
   */
  public static List<String> shardFolders(JobPlan plan) {
    List<String> folders = new ArrayList<>();
    for (int i = 0; i < plan.shards(); i++) {
      folders.add(runDir(plan) + "/shard-" + i + "/latest");
    }
    return folders;
  }

  static String runDir(JobPlan plan) {
    return RESULTS_DIR + "/" + plan.runId();
  }

  static String shardsName(JobPlan plan) {
    return plan.runId() + "-shards";
  }

  static String volumeName(JobPlan plan) {
    return plan.runId() + "-results";
  }

  static String profileName(JobPlan plan) {
    return plan.runId() + "-profile";
  }

  private static List<EnvVar> shardEnv(JobPlan plan) {
    return List.of(
        // the Job controller sets it too; declared first so that the next variable can refer to it
        new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
            .withFieldPath("metadata.annotations['" + INDEX_ANNOTATION + "']").endFieldRef().endValueFrom().build(),
        new EnvVarBuilder().withName("FIRSTBELL_RESULTS_DIRECTORY")
            .withValue(runDir(plan) + "/shard-$(JOB_COMPLETION_INDEX)").build());
  }

  private static Map<String, String> labels(JobPlan plan, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "firstbell");
    labels.put("app.kubernetes.io/instance", plan.runId());
    labels.put("app.kubernetes.io/component", component);
    return labels;
  }

  private static Volume profileVolume(JobPlan plan) {
    return new VolumeBuilder().withName("profile").withNewConfigMap().withName(profileName(plan)).endConfigMap().build();
  }

  private static Volume resultsVolume(JobPlan plan) {
    return new VolumeBuilder().withName("results").withNewPersistentVolumeClaim().withClaimName(volumeName(plan))
        .endPersistentVolumeClaim().build();
  }

  private static VolumeMount profileMount() {
    return new VolumeMountBuilder().withName("profile").withMountPath(PROFILE_DIR).withReadOnly(true).build();
  }

  private static VolumeMount resultsMount() {
    return new VolumeMountBuilder().withName("results").withMountPath(RESULTS_DIR).build();
  }
}
