package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.SchemaRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ppscore run}: the production entry point against an existing cluster and registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run ppscore against an existing Kafka cluster and schema registry.",
        "Configuration: the --config properties file, then PPSCORE_* environment variables, then --set.",
        "Needed: bootstrap.servers and schema.registry.url (defaults localhost:9092 and http://localhost:8081), "
            + "http.auth.token (or http.auth.enabled=false), and model.dir (default models, resolved from the working "
            + "directory; empty runs without scoring); the input, dead-letter and erasure topics must exist, and so must "
            + "the scores topic (unless model.dir is empty) and risk-flags (when risk.enabled, the default).",
        "Stops cleanly on SIGTERM or Ctrl-C: commits, closes the stores and leaves the group within shutdown.timeout.ms, "
            + "then exits 0 (1 at once if Kafka Streams did not stop in time); a third SIGTERM or Ctrl-C exits at once "
            + "(143 or 130) without finishing the close.",
        "See 'ppscore config --describe' for every key."})
final class RunCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file (keys as in 'ppscore config --describe').")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key, e.g. --set http.port=9090 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    // first: a SIGTERM during the start-up only requests the stop (the JVM's default would exit 143 without a
    // close, and ONNX Runtime's hook could race the model's loading); the app is closed right after it started
    RunStop stop = new RunStop()
        .install(StopSignals.JDK, Runtime.getRuntime()::addShutdownHook, Runtime.getRuntime()::halt);
    AppConfig config = ConfigSource.load(configFile, System.getenv(), overrides);
    requireAdvertisablePort(config);
    StreamsProtocolThreads.requireQueryable(config);
    // first, before Kafka, the registry and the model: a missing token or an unusable keystore; then a
    // model.dir without a model (before the topic checks, which need the scores topic only with a model)
    HttpSecurity security = HttpSecurity.from(config);
    ScoringComponents.requireModel(config);
    Preflight.checkTopics(config);
    SchemaRegistry registry = StreamsProperties.registryClient(config);
    RegistryPreflight.check(config, registry);
    RegistryPreflight.checkOwnSchemas(config, registry, ScoringComponents.configured(config));
    if (stop.stopRequested()) {
      return 0;
    }
    PpscoreApp app = PpscoreApp.start(config, registry, security);
    // PpscoreApp.close() is the whole graceful shutdown (GracefulShutdownIT runs the same method), run here
    // on the main thread before Main's System.exit (or a halt if Kafka Streams did not stop): see RunStop
    return stop.closes(() -> {
      app.close();
      return app.streamsStopped();
    }).awaitEnd(app.streamsEnded());
  }

  /**
   * Refuses {@code http.port=0} without {@code http.advertised.endpoint}: the port picked at start is not
   * known when the endpoint other instances forward to ({@code application.server}) is set, which would be
   * {@code localhost:0}.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming both keys
   */
  static void requireAdvertisablePort(AppConfig config) {
    if (config.httpPort() == 0 && config.getString(AppConfig.HTTP_ADVERTISED_CONFIG).isBlank()) {
      throw new org.apache.kafka.common.config.ConfigException(AppConfig.HTTP_PORT_CONFIG + "=0 (any free port) "
          + "needs " + AppConfig.HTTP_ADVERTISED_CONFIG + ": the endpoint other instances forward queries to would "
          + "be localhost:0; set a fixed " + AppConfig.HTTP_PORT_CONFIG + " or the advertised host:port");
    }
  }
}
