package io.ppscore.app;

import static io.ppscore.app.DeployFiles.at;
import static io.ppscore.app.DeployFiles.configKey;
import static io.ppscore.app.DeployFiles.list;
import static io.ppscore.app.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the application it
 * starts: its variables are real configuration keys, its commands parse with the real command line, its
 * topics are the ones ppscore checks at start-up, and the ports the README names are published.
 */
class ComposeFileTest {

  private static Map<String, Object> services;

  @BeforeAll
  static void readComposeFile() {
    services = map(DeployFiles.documents(Path.of("docker-compose.yml")).get(0), "services");
  }

  @Test
  void shouldGiveEveryServiceAnImageOrABuild() {
    services.forEach((name, service) ->
        assertThat(((Map<?, ?>) service).containsKey("image") || ((Map<?, ?>) service).containsKey("build"))
            .as("service %s has an image or a build", name).isTrue());
  }

  @Test
  void shouldPublishThePortsTheReadmeNames() {
    List<Integer> published = new ArrayList<>();
    services.forEach((name, service) -> {
      Object ports = ((Map<?, ?>) service).get("ports");
      if (ports != null) {
        ((List<?>) ports).forEach(port -> published.add(Integer.parseInt(String.valueOf(port).split(":")[0])));
      }
    });

    assertThat(published).contains(8080, 9092, 8081, 9090, 3000);
    assertThat(published).as("no host port published twice").doesNotHaveDuplicates();
  }

  @Test
  void shouldReserveAnNvidiaDeviceInTheGpuProfile() {
    Map<String, Object> gpu = map(services, "ppscore-gpu");
    assertThat(list(gpu, "profiles")).containsExactly("gpu");
    Map<String, Object> device = map(gpu, "deploy", "resources", "reservations", "devices", 0);
    assertThat(device).containsEntry("driver", "nvidia");
    assertThat(list(device, "capabilities")).contains("gpu");
    assertThat(map(gpu, "environment")).containsEntry("PPSCORE_INFERENCE_DEVICE", "cuda");
  }

  @Test
  void shouldConfigurePpscoreOnlyWithRealConfigurationKeys() {
    for (String service : List.of("ppscore", "ppscore-gpu")) {
      Map<String, Object> environment = map(services, service, "environment");
      assertThat(environment).as("%s environment (anchors merged)", service).containsKey("PPSCORE_BOOTSTRAP_SERVERS");
      environment.keySet().stream().filter(name -> name.startsWith(AppConfig.ENV_PREFIX)).forEach(name ->
          assertThat(DeployFiles.isConfigKey(configKey(name))).as("%s: %s is a configuration key", service, name).isTrue());

      // and the values are valid: the configuration ppscore would build from them loads
      Map<String, String> env = new HashMap<>();
      environment.forEach((k, v) -> env.put(k, String.valueOf(v)));
      AppConfig config = ConfigSource.load(null, env, Map.of());
      assertThat(config.bootstrapServers()).isEqualTo("kafka:19092");
      assertThat(config.advertisedEndpoint()).isEqualTo(service + ":8080");
    }
  }

  @Test
  void shouldRequireALogSaltLikeTheToken() {
    for (String service : List.of("ppscore", "ppscore-gpu")) {
      // Given the environment compose gives ppscore
      Map<String, String> env = new HashMap<>();
      map(services, service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));

      // Then log.user.id.salt is set from a variable compose insists on (no default salt, like the token)
      AppConfig config = ConfigSource.load(null, env, Map.of());
      assertThat(config.getPassword(AppConfig.LOG_USER_ID_SALT_CONFIG).value()).as(service)
          .startsWith("${PPSCORE_LOG_USER_ID_SALT:?");
    }
  }

  @Test
  void shouldRunCommandsThatTheCommandLineAccepts() {
    for (String service : List.of("ppscore", "replay", "ppscore-gpu")) {
      List<String> command = list(services, service, "command").stream().map(String::valueOf).toList();
      // parse only: an unknown option or a bad value throws here
      Main.commandLine().parseArgs(command.toArray(String[]::new));
    }
    // --if-empty: every later 'docker compose up' starts the exited one-shot again, which must not replay twice
    assertThat(list(services, "replay", "command")).startsWith("replay").contains("--format", "--bootstrap-servers", "--if-empty");
  }

  @Test
  void shouldCreateEveryTopicPpscoreNeedsWithCoPartitionedInputs() {
    AppConfig defaults = new AppConfig(Map.of());
    String script = String.valueOf(at(services, "topics", "command", 0));
    Map<String, Integer> partitions = new HashMap<>();
    Matcher create = Pattern.compile("create (\\S+) --partitions (\\d+)").matcher(script);
    while (create.find()) {
      partitions.put(create.group(1), Integer.parseInt(create.group(2)));
    }

    assertThat(partitions).containsKeys(defaults.clicksTopic(), defaults.cartsTopic(), defaults.ordersTopic(),
        defaults.deadLetterTopic(), defaults.scoresTopic(), "risk-flags", "user-erasure");
    assertThat(List.of(partitions.get(defaults.clicksTopic()), partitions.get(defaults.cartsTopic()),
        partitions.get(defaults.ordersTopic()))).as("input partitions").containsOnly(partitions.get(defaults.clicksTopic()));
    assertThat(script).contains(defaults.scoresTopic() + " --partitions " + partitions.get(defaults.scoresTopic())
        + " --config cleanup.policy=compact");
  }

  @Test
  void shouldStartPpscoreOnlyOnceTopicsAndRegistryAreThere() {
    Map<String, Object> dependsOn = map(services, "ppscore", "depends_on");
    assertThat(map(dependsOn, "topics")).containsEntry("condition", "service_completed_successfully");
    assertThat(map(dependsOn, "schema-registry")).containsEntry("condition", "service_healthy");
    assertThat(map(services, "replay", "depends_on", "ppscore")).containsEntry("condition", "service_healthy");
    assertThat(list(services, "prometheus", "profiles")).containsExactly("monitoring");
    assertThat(list(services, "grafana", "profiles")).containsExactly("monitoring");
  }

  @Test
  void shouldRestartPpscoreWhenRunExitsBecauseKafkaStreamsEnded() {
    for (String service : List.of("ppscore", "ppscore-gpu")) {
      assertThat(map(services, service)).as(service).containsEntry("restart", "unless-stopped");
    }
  }

  @Test
  void shouldRunPpscoresImageOnLinuxAmd64TaggedWithTheProjectVersion() {
    // Given the services that build or run ppscore's image (ONNX Runtime's jar has no arm64 Linux library)
    String version = DeployFiles.projectVersion();
    for (String service : List.of("ppscore", "replay", "ppscore-gpu")) {
      // Then each pins the platform, so an arm64 host emulates x86-64 instead of building an image that cannot
      // load the encoder, and its tag is the version the jar reports
      assertThat(map(services, service)).as(service).containsEntry("platform", "linux/amd64");
      assertThat(String.valueOf(at(services, service, "image"))).as(service)
          .isIn("ppscore:" + version, "ppscore:" + version + "-gpu");
    }
  }

  @Test
  void shouldRequireAnAdminTokenAndGiveEachInstanceAStableClientId() {
    for (String service : List.of("ppscore", "ppscore-gpu")) {
      // Given the environment compose gives ppscore
      Map<String, String> env = new HashMap<>();
      map(services, service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
      AppConfig config = ConfigSource.load(null, env, Map.of());

      // Then erasure needs its own token, which compose insists on like the API token (without one any API
      // token may erase), and Kafka Streams' client id is fixed (no per-state-directory UUID in thread names
      // and metric labels)
      assertThat(config.getPassword(AppConfig.HTTP_ADMIN_TOKEN_CONFIG).value()).as(service)
          .startsWith("${PPSCORE_HTTP_ADMIN_TOKEN:?");
      assertThat(config.kafkaOverrides()).as(service).containsEntry("client.id", service);
    }
  }

  @Test
  void shouldGivePrometheusTheAlertRulesItsConfigurationLoads() {
    List<String> volumes = list(services, "prometheus", "volumes").stream().map(String::valueOf).toList();
    assertThat(volumes).contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    assertThat(list(DeployFiles.documents(Path.of("deploy", "prometheus", "prometheus.yml")).get(0), "rule_files"))
        .containsExactly("/etc/prometheus/alerts.yml");
  }
}
