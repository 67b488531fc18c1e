package io.ppscore.app;

import static io.ppscore.app.DeployFiles.at;
import static io.ppscore.app.DeployFiles.configKey;
import static io.ppscore.app.DeployFiles.list;
import static io.ppscore.app.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ppscore.config.AppConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under deploy/k8s: rendered with {@code kubectl kustomize} where kubectl is on
 * the PATH, and read file by file everywhere (the base's resources as listed in its kustomization), with the
 * same checks on both.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("deploy", "k8s");
  private static final Path BASE = K8S.resolve("base");

  @Test
  void shouldRenderTheBaseWithKubectl() throws Exception {
    List<Map<String, Object>> rendered = kustomize(K8S);

    checkBase(rendered);
    Map<String, Object> pod = map(only(rendered, "StatefulSet"), "spec", "template", "metadata");
    assertThat(map(pod, "labels")).containsEntry("app.kubernetes.io/name", "ppscore");
    assertThat(at(container(only(rendered, "StatefulSet")), "image")).isEqualTo("ppscore:" + DeployFiles.projectVersion());
    assertThat(kinds(rendered)).as("the example Secret is never applied").doesNotContain("Secret");
  }

  @Test
  void shouldRenderTheGpuOverlayWithKubectl() throws Exception {
    List<Map<String, Object>> rendered = kustomize(K8S.resolve("overlays/gpu"));

    checkBase(rendered);
    Map<String, Object> container = container(only(rendered, "StatefulSet"));
    assertThat(at(container, "image")).isEqualTo("ppscore:" + DeployFiles.projectVersion() + "-gpu");
    assertThat(map(container, "resources", "limits")).containsEntry("nvidia.com/gpu", 1);
    assertThat(env(container)).containsEntry("PPSCORE_INFERENCE_DEVICE", "cuda");
    assertThat(env(container)).as("base variables kept").containsKey("PPSCORE_HTTP_ADVERTISED_ENDPOINT");
    Map<String, Object> podSpec = map(only(rendered, "StatefulSet"), "spec", "template", "spec");
    assertThat(list(podSpec, "tolerations").stream().map(t -> String.valueOf(((Map<?, ?>) t).get("key")))).contains("nvidia.com/gpu");
    assertThat(map(podSpec, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
  }

  @Test
  void shouldGiveGpuPodsRoomInTmpForTheCudaLibrariesOnnxRuntimeUnpacks() throws Exception {
    // Given the rendered GPU overlay (ONNX Runtime's CUDA build unpacks about 410 MB into /tmp per JVM)
    Map<String, Object> statefulSet = only(kustomize(K8S.resolve("overlays/gpu")), "StatefulSet");

    // Then /tmp is raised from the base's 1Gi to 3Gi, one volume still, and the pod asks for that much
    List<Object> volumes = list(statefulSet, "spec", "template", "spec", "volumes");
    assertThat(volumes).hasSize(1);
    assertThat(at(volumes, 0, "name")).isEqualTo("tmp");
    assertThat(bytes(String.valueOf(at(volumes, 0, "emptyDir", "sizeLimit")))).isEqualTo(3L << 30);
    assertThat(at(container(statefulSet), "resources", "requests", "ephemeral-storage")).isEqualTo("3Gi");
  }

  @Test
  void shouldKeepTheHeapAtOneGibInTheGpuOverlay() throws Exception {
    // Given the rendered GPU overlay, whose memory limit is raised for CUDA's host memory
    List<Map<String, Object>> rendered = kustomize(K8S.resolve("overlays/gpu"));
    Map<String, Object> container = container(only(rendered, "StatefulSet"));

    // When the JVM options the pod gets are read (the ConfigMap's, unless the container's env overrides them)
    String javaOpts = String.valueOf(map(only(rendered, "ConfigMap"), "data").get("JAVA_OPTS"));

    // Then the heap is the base's fixed 1 GiB, not a share of the larger limit (the image's MaxRAMPercentage)
    assertThat(env(container)).doesNotContainKey("JAVA_OPTS");
    assertThat(heapBytes(javaOpts)).isEqualTo(1L << 30);
    assertThat(javaOpts).doesNotContain("MaxRAMPercentage");
  }

  @Test
  void shouldDescribeADeployableBaseFileByFile() {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object resource : list(DeployFiles.documents(BASE.resolve("kustomization.yaml")).get(0), "resources")) {
      documents.addAll(DeployFiles.documents(BASE.resolve(String.valueOf(resource))));
    }
    checkBase(documents);
  }

  @Test
  void shouldAskForOneGpuInTheOverlayPatchFileByFile() {
    Path overlay = K8S.resolve("overlays/gpu");
    Map<String, Object> kustomization = DeployFiles.documents(overlay.resolve("kustomization.yaml")).get(0);
    assertThat(list(kustomization, "resources")).containsExactly("../../base");
    Map<String, Object> patch = DeployFiles.documents(overlay.resolve(String.valueOf(at(kustomization, "patches", 0, "path")))).get(0);
    assertThat(map(container(patch), "resources", "limits")).containsEntry("nvidia.com/gpu", 1);
    // the CUDA context and cuDNN / cuBLAS take host memory beyond the CPU budget: the patch raises it, requests too
    Map<String, Object> base = container(DeployFiles.documents(BASE.resolve("statefulset.yaml")).get(0));
    long gpuLimit = bytes(String.valueOf(at(container(patch), "resources", "limits", "memory")));
    assertThat(gpuLimit).isGreaterThan(bytes(String.valueOf(at(base, "resources", "limits", "memory"))));
    assertThat(at(container(patch), "resources", "requests", "memory"))
        .isEqualTo(at(container(patch), "resources", "limits", "memory"));
  }

  @Test
  void shouldUseOnlyRealConfigurationKeysInTheSecretExample() {
    Map<String, Object> secret = DeployFiles.documents(BASE.resolve("secret.example.yaml")).get(0);
    assertThat(at(secret, "metadata", "name")).as("the name the StatefulSet reads").isEqualTo("ppscore-secrets");
    map(secret, "stringData").forEach((name, value) -> {
      assertThat(DeployFiles.isConfigKey(configKey(name))).as("%s is a configuration key", name).isTrue();
      assertThat(String.valueOf(value)).as("%s is a placeholder", name).contains("REPLACE_ME");
    });
  }

  @Test
  void shouldPutTheAdminTokenAndTheLogSaltInTheSecretExample() {
    // Given the Secret example the README points to
    Map<String, Object> secret = DeployFiles.documents(BASE.resolve("secret.example.yaml")).get(0);

    // Then it holds every secret a deployment sets, the log salt too (without it every pod warns and the
    // hashed user ids in the logs can be reversed)
    assertThat(map(secret, "stringData").keySet().stream().map(DeployFiles::configKey)).contains(
        AppConfig.HTTP_AUTH_TOKEN_CONFIG, AppConfig.HTTP_PEER_TOKEN_CONFIG, AppConfig.HTTP_ADMIN_TOKEN_CONFIG,
        AppConfig.LOG_USER_ID_SALT_CONFIG);
  }

  @Test
  void shouldCreateTheSameSecretsInTheReadmeCommand() throws IOException {
    // Given the README's kubectl create secret command (up to the next line that does not continue it)
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    Matcher command = Pattern.compile("kubectl create secret generic ppscore-secrets(.*\\\\\n)*.*").matcher(readme);
    assertThat(command.find()).as("README has the command").isTrue();

    // Then it sets the tokens and the salt the Secret example holds
    for (String name : List.of("PPSCORE_HTTP_AUTH_TOKEN", "PPSCORE_HTTP_PEER_TOKEN", "PPSCORE_HTTP_ADMIN_TOKEN",
        "PPSCORE_LOG_USER_ID_SALT")) {
      assertThat(command.group()).contains("--from-literal=" + name + "=");
    }
  }

  /** What base and overlay share: the checks of the StatefulSet, Services, PDB and ConfigMap. */
  @SuppressWarnings("unchecked")
  private static void checkBase(List<Map<String, Object>> documents) {
    assertThat(kinds(documents)).contains("StatefulSet", "Service", "PodDisruptionBudget", "ConfigMap");
    Map<String, Object> statefulSet = only(documents, "StatefulSet");
    Map<String, Object> spec = map(statefulSet, "spec");
    Map<String, Object> podSpec = map(spec, "template", "spec");
    Map<String, Object> container = container(statefulSet);
    Map<String, Object> config = map(only(documents, "ConfigMap"), "data");

    // state on a volume per pod, where state.dir points
    Map<String, Object> claim = map(spec, "volumeClaimTemplates", 0);
    assertThat(list(claim, "spec", "accessModes")).containsExactly("ReadWriteOnce");
    assertThat(list(container, "volumeMounts")).contains(Map.of("name", at(claim, "metadata", "name"),
        "mountPath", config.get("PPSCORE_STATE_DIR")));

    // headless Service named by the StatefulSet, reachable before ready, and the client Service
    Map<String, Object> headless = service(documents, String.valueOf(spec.get("serviceName")));
    assertThat(map(headless, "spec")).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
    Map<String, Object> podLabels = map(spec, "template", "metadata", "labels");
    for (Map<String, Object> service : all(documents, "Service")) {
      assertThat(podLabels).as("pods match the selector of %s", at(service, "metadata", "name"))
          .containsAllEntriesOf(map(service, "spec", "selector"));
    }
    assertThat(map(only(documents, "PodDisruptionBudget"), "spec")).containsEntry("maxUnavailable", 1);
    assertThat(podLabels).containsAllEntriesOf(map(only(documents, "PodDisruptionBudget"), "spec", "selector", "matchLabels"));

    // advertised endpoint: the pod's DNS name under the headless Service, on the HTTP port
    assertThat(env(container)).containsEntry(envName(AppConfig.HTTP_ADVERTISED_CONFIG),
        "$(POD_NAME)." + at(headless, "metadata", "name") + ".$(POD_NAMESPACE).svc.cluster.local:" + config.get("PPSCORE_HTTP_PORT"));
    assertThat(list(container, "envFrom")).hasSize(2);
    assertThat(podSpec).containsEntry("enableServiceLinks", false);

    // probes and scrapes on the management port, whose workers slow API clients cannot hold
    String managementPort = String.valueOf(config.get(envName(AppConfig.HTTP_MANAGEMENT_PORT_CONFIG)));
    assertThat(managementPort).isNotEqualTo(String.valueOf(config.get("PPSCORE_HTTP_PORT")));
    assertThat(list(container, "ports")).contains(Map.of("name", "management", "containerPort", Integer.parseInt(managementPort)));
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(at(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
    }
    assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
    assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(map(spec, "template", "metadata", "annotations")).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/path", "/metrics").containsEntry("prometheus.io/port", managementPort);

    // x86-64 nodes only (the images are linux/amd64), and a client id per pod: thread names and the
    // client_id / thread_id labels of /metrics stay the same across restarts
    assertThat(map(podSpec, "nodeSelector")).containsEntry("kubernetes.io/arch", "amd64");
    assertThat(env(container)).containsEntry("PPSCORE_KAFKA_CLIENT_ID", "$(POD_NAME)");
    List<String> envOrder = list(container, "env").stream().map(v -> String.valueOf(((Map<?, ?>) v).get("name"))).toList();
    assertThat(envOrder.indexOf("POD_NAME")).as("POD_NAME defined before it is referenced").isLessThan(envOrder.indexOf("PPSCORE_KAFKA_CLIENT_ID"));

    // /tmp (native libraries) has a size limit, and the pod asks for at least that much ephemeral storage
    Map<String, Object> tmp = list(podSpec, "volumes").stream().map(v -> (Map<String, Object>) v)
        .filter(v -> "tmp".equals(v.get("name"))).findFirst().orElseThrow();
    assertThat(bytes(String.valueOf(at(container, "resources", "requests", "ephemeral-storage"))))
        .isGreaterThanOrEqualTo(bytes(String.valueOf(at(tmp, "emptyDir", "sizeLimit"))));

    // graceful shutdown fits in the grace period
    long graceMillis = ((Number) podSpec.get("terminationGracePeriodSeconds")).longValue() * 1000;
    assertThat(Long.parseLong(String.valueOf(config.get("PPSCORE_SHUTDOWN_TIMEOUT_MS")))).isLessThan(graceMillis);

    // memory limit covers heap + RocksDB total + room for ONNX Runtime and the JVM's own memory
    long limit = bytes(String.valueOf(at(container, "resources", "limits", "memory")));
    long heap = heapBytes(String.valueOf(config.get("JAVA_OPTS")));
    long rocksdb = Long.parseLong(String.valueOf(config.get("PPSCORE_ROCKSDB_MEMORY_TOTAL_BYTES")));
    String javaOpts = String.valueOf(config.get("JAVA_OPTS"));
    long direct = flagBytes(javaOpts, "-XX:MaxDirectMemorySize=");
    // the rest: the README's estimate of ONNX Runtime, metaspace, threads, code cache and malloc (~600 MiB)
    assertThat(limit).as("memory limit").isGreaterThanOrEqualTo(heap + rocksdb + direct + (600L << 20));
    // a socket read's temporary direct buffer (as large as a fetch response) is not cached per thread
    assertThat(javaOpts).contains("-Djdk.nio.maxCachedBufferSize=262144");
    assertThat(direct).as("room for a few fetch-sized reads at once").isGreaterThanOrEqualTo(256L << 20);
    assertThat(at(container, "resources", "requests", "memory")).isEqualTo(at(container, "resources", "limits", "memory"));

    // every PPSCORE_* setting is a key ppscore reads, and together they make a valid configuration
    Map<String, String> environment = new HashMap<>();
    config.forEach((name, value) -> environment.put(name, String.valueOf(value)));
    environment.keySet().stream().filter(name -> name.startsWith(AppConfig.ENV_PREFIX)).forEach(name ->
        assertThat(DeployFiles.isConfigKey(configKey(name))).as("%s is a configuration key", name).isTrue());
    assertThat(ConfigSource.load(null, environment, Map.of()).rocksDBMemoryBudget().bounded()).isTrue();
  }

  private static List<Map<String, Object>> kustomize(Path dir) throws IOException, InterruptedException {
    assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
    Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
    return DeployFiles.documents(new String(out, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && java.util.Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static List<String> kinds(List<Map<String, Object>> documents) {
    return documents.stream().map(d -> String.valueOf(d.get("kind"))).toList();
  }

  private static List<Map<String, Object>> all(List<Map<String, Object>> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
    List<Map<String, Object>> matching = all(documents, kind);
    assertThat(matching).as("documents of kind %s", kind).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, Object> service(List<Map<String, Object>> documents, String name) {
    return all(documents, "Service").stream().filter(s -> name.equals(at(s, "metadata", "name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no Service " + name));
  }

  private static Map<String, Object> container(Map<String, Object> statefulSet) {
    return map(statefulSet, "spec", "template", "spec", "containers", 0);
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new HashMap<>();
    for (Object variable : list(container, "env")) {
      Map<?, ?> v = (Map<?, ?>) variable;
      env.put(String.valueOf(v.get("name")), v.containsKey("value") ? v.get("value") : v.get("valueFrom"));
    }
    return env;
  }

  private static String envName(String key) {
    return AppConfig.ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  private static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    assertThat(m.matches()).as("memory quantity %s in Mi or Gi", quantity).isTrue();
    return Long.parseLong(m.group(1)) << (m.group(2).equals("Gi") ? 30 : 20);
  }

  private static long flagBytes(String javaOpts, String flag) {
    Matcher m = Pattern.compile(Pattern.quote(flag) + "(\\d+)([mg])").matcher(javaOpts);
    assertThat(m.find()).as("%s in JAVA_OPTS %s", flag, javaOpts).isTrue();
    return Long.parseLong(m.group(1)) << (m.group(2).equals("g") ? 30 : 20);
  }

  private static long heapBytes(String javaOpts) {
    Matcher m = Pattern.compile("-Xmx(\\d+)([mg])").matcher(javaOpts);
    assertThat(m.find()).as("a fixed -Xmx in JAVA_OPTS %s", javaOpts).isTrue();
    return Long.parseLong(m.group(1)) << (m.group(2).equals("g") ? 30 : 20);
  }
}
