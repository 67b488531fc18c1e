package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.config.ConfigKeys;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.Replayer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ppscore demo}: everything in one process. A real Kafka broker (KRaft) and a real HTTP schema
 * registry start in-process, the topology and HTTP API start against them, and the bundled real sample is
 * replayed with its event times moved so that it ends now.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start an in-process Kafka broker, schema registry, ppscore and its HTTP API, and replay a sample.",
        "The sample is the bundled real one: Online Retail II customers and a REES46 click stream.",
        "Other clients can connect to the printed bootstrap address and registry URL.",
        "Stops cleanly on Ctrl-C, SIGTERM or after --duration; a third Ctrl-C exits at once without closing."})
final class DemoCommand implements Callable<Integer> {

  private static final int INPUT_PARTITIONS = 3;
  /** The environment variable {@code run} reads {@code http.auth.token} from; the demo honours it too. */
  static final String TOKEN_ENV = "PPSCORE_HTTP_AUTH_TOKEN";

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int registryPort;

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--model-dir", defaultValue = "models", paramLabel = "DIR",
      description = "Scoring model directory (relative to the working directory); empty disables scoring. Default: ${DEFAULT-VALUE}.")
  String modelDir;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after this long, e.g. 90s, 10m, PT1H. Default: run until Ctrl-C.")
  Duration duration;

  @Option(names = "--speedup", defaultValue = "0", paramLabel = "FACTOR",
      description = "Replay time compression (0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
  double speedup;

  @Option(names = "--progress-interval", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often the live progress line is printed. Default: ${DEFAULT-VALUE}.")
  Duration progressInterval;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override an app setting, e.g. --set scoring.embedding.coalesce=false or --set "
          + "scoring.interval.ms=500 (repeatable; see config --describe). The broker, registry, state directory, "
          + "application id and HTTP host and authentication are the demo's own.")
  Map<String, String> overrides = new java.util.HashMap<>();

  @Option(names = "--verbose",
      description = "Log to the console as run does. Default: the console shows errors and ppscore's warnings, "
          + "the full log goes to a file whose path the demo prints.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** How many more Ctrl-Cs exit at once (0: Ctrl-C is not handled); set once the signals are handled. */
  private java.util.function.IntSupplier untilForcedExit = () -> 0;
  /** The stopping lines, once the demo stops; closed when the app, registry and broker are. */
  private DemoStopNotice stopping;

  /**
   * Settings the demo wires itself: a --set of one of them, or of its {@code kafka.}-prefixed form (Kafka's
   * names are the same), is refused. The HTTP host and authentication are the demo's too: without a token it
   * serves an open API on localhost only, and a --set must not widen that.
   */
  static final java.util.Set<String> DEMO_OWNED = java.util.Set.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG,
      AppConfig.SCHEMA_REGISTRY_URL_CONFIG, AppConfig.STATE_DIR_CONFIG, AppConfig.APPLICATION_ID_CONFIG,
      AppConfig.HTTP_HOST_CONFIG, AppConfig.HTTP_AUTH_ENABLED_CONFIG, AppConfig.HTTP_AUTH_TOKEN_CONFIG);

  /**
   * Checks {@code overrides} leave the demo's own settings alone and name settings that exist, with valid values.
   *
   * @throws IllegalArgumentException naming the first setting that cannot be overridden
   * @throws org.apache.kafka.common.config.ConfigException naming an unknown setting or a bad value
   */
  static Map<String, String> checkedOverrides(Map<String, String> overrides) {
    for (String key : overrides.keySet()) {
      String unprefixed = key.startsWith(AppConfig.KAFKA_PREFIX) ? key.substring(AppConfig.KAFKA_PREFIX.length()) : key;
      if (DEMO_OWNED.contains(key) || DEMO_OWNED.contains(unprefixed)) {
        throw new IllegalArgumentException("--set " + key + ": the demo sets " + unprefixed + " itself (its "
            + "in-process broker, registry, state and localhost-only API; a token via " + TOKEN_ENV
            + "); use run --config for your own");
      }
    }
    ConfigKeys.check(overrides, "--set");
    return overrides;
  }

  /**
   * Checks the port options before anything starts: each in 0..65535, and no fixed port given twice (the
   * broker and registry would otherwise start first and the API fail on its port only after them).
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit code 2) naming the option
   */
  void checkPorts() {
    Map<String, Integer> ports = new java.util.LinkedHashMap<>();
    ports.put("--kafka-port", kafkaPort);
    ports.put("--registry-port", registryPort);
    ports.put("--http-port", httpPort);
    Map<Integer, String> taken = new java.util.HashMap<>();
    for (Map.Entry<String, Integer> port : ports.entrySet()) {
      if (port.getValue() < 0 || port.getValue() > 65_535) {
        throw usageError(port.getKey() + " " + port.getValue() + ": a port must be in 0..65535 (0 picks a free one)");
      }
      String other = port.getValue() == 0 ? null : taken.putIfAbsent(port.getValue(), port.getKey());
      if (other != null) {
        throw usageError(port.getKey() + " " + port.getValue() + ": the same port as " + other);
      }
    }
  }

  /** The shortest --progress-interval: a shorter one would print progress lines as fast as the console takes them. */
  static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(100);

  /**
   * Checks every option before anything starts (the broker, registry and app take a while to start, and a
   * bad value found after them is a late surprise): the ports, {@code --speedup}, {@code --progress-interval},
   * each {@code --set} and that {@code --model-dir} (unless empty) holds a model.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit code 2) naming the option
   */
  void checkOptions() {
    checkPorts();
    if (!(speedup >= 0) || Double.isInfinite(speedup)) {
      throw usageError("--speedup " + speedup + ": must be 0 (as fast as possible) or a positive factor");
    }
    if (progressInterval.compareTo(MIN_PROGRESS_INTERVAL) < 0) {
      throw usageError("--progress-interval " + progressInterval.toMillis() + " ms: must be at least "
          + MIN_PROGRESS_INTERVAL.toMillis() + " ms");
    }
    UsageErrors.check(spec.commandLine(), () -> {
      checkedOverrides(overrides);
      StreamsProtocolThreads.requireQueryable(new AppConfig(overrides));
      // the directory the demo will run with: --set model.dir wins over --model-dir (see demoConfig)
      ScoringComponents.requireModel(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG,
          overrides.getOrDefault(AppConfig.MODEL_DIR_CONFIG, modelDir))));
    });
  }

  private picocli.CommandLine.ParameterException usageError(String message) {
    return UsageErrors.badValue(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Optional<DemoLogging> logging = verbose ? Optional.empty() : quietLogging();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Instant deadline = duration == null ? null : Instant.now().plus(duration);
    Optional<StopSignals> signals = installStop(stop, closed, StopSignals.JDK, Runtime.getRuntime()::addShutdownHook,
        Runtime.getRuntime()::halt);
    untilForcedExit = () -> signals.map(StopSignals::untilForcedExit).orElse(0);
    boolean ended = false;
    java.util.concurrent.atomic.AtomicReference<PpscoreApp> app = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      runDemo(stop, deadline, logging, app);
      ended = true;
    } finally {
      // also when the demo failed: a close that left Kafka Streams running must not reach Main's System.exit
      boolean streamsStopped = app.get() == null || app.get().streamsStopped();
      if (stopping != null) {
        stopping.close();
      }
      try {
        endLogging(logging, ended && streamsStopped, System.out);
      } finally {
        closed.countDown();
      }
      exitStatus(streamsStopped, Runtime.getRuntime()::halt, System.out);
    }
    return 0;
  }

  /**
   * 0 once the demo closed with Kafka Streams stopped. If Kafka Streams did not stop within
   * {@code shutdown.timeout.ms}, a stream thread may still be scoring with the ONNX sessions left open, and
   * Main's {@code System.exit} would run ONNX Runtime's hook under it (a SIGSEGV): says so and halts with 1.
   */
  static int exitStatus(boolean streamsStopped, java.util.function.IntConsumer halt, java.io.PrintStream out) {
    if (streamsStopped) {
      return 0;
    }
    out.println("Kafka Streams did not stop within " + AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG
        + ": exiting at once with status 1.");
    out.flush();
    halt.accept(1);
    return 1;
  }

  /**
   * Ctrl-C and SIGTERM only count {@code stop} down: the main thread closes the app, registry and broker and
   * returns before any JVM shutdown starts (in a shutdown, ONNX Runtime's own hook frees its environment
   * concurrently with the close, under a stream thread still scoring: see {@link StopSignals}). The shutdown
   * hook is the fallback for other exits: it asks the main thread to stop and waits up to 60 s for it to close.
   */
  static Optional<StopSignals> installStop(CountDownLatch stop, CountDownLatch closed, StopSignals.Installer signals,
      java.util.function.Consumer<Thread> addShutdownHook, java.util.function.IntConsumer halt) {
    Optional<StopSignals> handled = StopSignals.handle(signals, stop::countDown, halt);
    addShutdownHook.accept(new Thread(() -> {
      stop.countDown();
      awaitQuietly(closed, Duration.ofSeconds(60));
    }, "ppscore-demo-stop"));
    return handled;
  }

  /**
   * Prints what the close waits for (see {@link DemoStopNotice}); its still-stopping line is cancelled once the
   * app, registry and broker are closed.
   */
  private void startStopping(AppConfig config) {
    stopping = DemoStopNotice.start(System.out, config.shutdownTimeout(), untilForcedExit,
        DemoStopNotice.STILL_WAITING_AFTER);
  }

  /** Sends the full log to a file (kept after the demo stops) and says so; empty if logging could not be changed. */
  private static Optional<DemoLogging> quietLogging() throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ppscore-demo-", ".log");
    Optional<DemoLogging> logging = DemoLogging.quiet(file);
    if (logging.isEmpty()) {
      java.nio.file.Files.deleteIfExists(file);
      return Optional.empty();
    }
    System.out.println("Full log: " + file + " (the console shows errors and ppscore's warnings; --verbose shows "
        + "everything here)");
    return logging;
  }

  /**
   * Puts the console back once the app, registry and broker are closed (their last lines are in the file) and
   * names the file again: after a clean stop (which it reports) and after a failure, whose error follows.
   */
  static void endLogging(Optional<DemoLogging> logging, boolean stopped, java.io.PrintStream out) {
    logging.ifPresent(DemoLogging::close);
    String log = logging.map(l -> " Its log: " + l.file()).orElse("");
    if (stopped || !log.isEmpty()) {
      out.println((stopped ? "Demo stopped." : "Demo failed.") + log);
    }
  }

  private void runDemo(CountDownLatch stop, Instant deadline, Optional<DemoLogging> logging,
      java.util.concurrent.atomic.AtomicReference<PpscoreApp> started) throws Exception {
    BooleanSupplier stopRequested = stopRequested(stop, deadline, Instant::now);
    System.out.println("Starting the in-process Kafka broker (KRaft) and schema registry...");
    // closed last: the state directory is deleted once the app, registry and broker are closed, on Ctrl-C
    // too (its handler only counts stop down; the fallback shutdown hook waits for this method to return)
    try (StateDirectory state = StateDirectory.temporary("ppscore-demo-state");
        EmbeddedKafka kafka = startKafka();
        EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.start(registryPort)) {
      AppConfig config = demoConfig(kafka.bootstrapServers(), registryServer.url(), state.path().toString());
      InProcessTopics.create(kafka, config, INPUT_PARTITIONS);
      SchemaRegistry registry = StreamsProperties.registryClient(config);
      try (PpscoreApp app = PpscoreApp.start(config, registry)) {
        started.set(app);
        // the foreign-currency WARN for a sample the Currency line names goes to the log file only
        app.modelCurrency().ifPresent(trained -> logging.ifPresent(
            quiet -> quiet.currenciesExplained(DemoConsole.foreignSamples(trained).values(), trained)));
        DemoConsole console = new DemoConsole(System.out, app);
        console.printEndpoints(kafka.bootstrapServers(), registryServer.url());
        DemoSampleUsers users = replaySamples(config, registry, stopRequested);
        if (stopRequested.getAsBoolean()) {
          System.out.printf("Stopped during the replay after sending %,d events.%n", users.sent());
          startStopping(config);
          return;
        }
        // the examples name users whose events may still be queued: printed once those users are in state
        System.out.printf("Sent %,d events; example commands follow once their users are in state.%n", users.sent());
        console.followProgress(stop, deadline, progressInterval, users.sent(), () -> console.examplesIn(users),
            () -> console.printExamples(users));
        startStopping(config);
      }
    }
  }

  /**
   * The demo app's settings. With {@code --http-port 0} a free port is picked here, before the config is
   * built: the advertised endpoint ({@code application.server}, {@code /v1/info}) is made from the configured
   * port and would otherwise say {@code localhost:0}.
   */
  AppConfig demoConfig(String bootstrapServers, String registryUrl, String stateDir) throws java.io.IOException {
    return new AppConfig(Map.of(
        AppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AppConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
        AppConfig.STATE_DIR_CONFIG, stateDir,
        AppConfig.HTTP_PORT_CONFIG, httpPort == 0 ? freePort() : httpPort,
        // no management server: the demo has no probes (the API port serves /health and /metrics too), and a
        // fixed 8085 would stop a second demo on the machine (--set http.management.port=0 turns one on)
        AppConfig.HTTP_MANAGEMENT_PORT_CONFIG, -1,
        AppConfig.APPLICATION_ID_CONFIG, "ppscore-demo",
        // by default the committed model: the demo runs from the project directory, like the thin jar
        AppConfig.MODEL_DIR_CONFIG, modelDir,
        // a salt of this run's own: the demo's hashed user ids are not reversible by hashing candidate ids,
        // and run's warning about an empty salt does not apply
        AppConfig.LOG_USER_ID_SALT_CONFIG, randomSalt())).with(demoAuth(System.getenv())).with(overrides);
  }

  private static String randomSalt() {
    byte[] bytes = new byte[16];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * True once Ctrl-C counted {@code stop} down or {@code deadline} (null: none) has come: asked by the
   * replay before each event and while pacing, so neither waits for a long replay to end.
   */
  static BooleanSupplier stopRequested(CountDownLatch stop, Instant deadline, Supplier<Instant> now) {
    return () -> stop.getCount() == 0 || (deadline != null && !now.get().isBefore(deadline));
  }

  /**
   * With {@value #TOKEN_ENV} set, the demo API requires that token like {@code run}; without it, the API is
   * open but bound to localhost only.
   */
  static Map<String, Object> demoAuth(Map<String, String> env) {
    String token = env.get(TOKEN_ENV);
    if (token != null && !token.isBlank()) {
      return Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, token);
    }
    return Map.of(AppConfig.HTTP_AUTH_ENABLED_CONFIG, false, AppConfig.HTTP_HOST_CONFIG, "127.0.0.1");
  }

  private EmbeddedKafka startKafka() {
    try {
      return EmbeddedKafka.start(kafkaPort);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " (is another broker or demo running? try --kafka-port 0)", e);
    }
  }

  private DemoSampleUsers replaySamples(AppConfig config, SchemaRegistry registry, BooleanSupplier stopRequested)
      throws InterruptedException {
    DemoSampleUsers users = new DemoSampleUsers();
    for (DatasetFormat format : DatasetFormat.values()) {
      if (stopRequested.getAsBoolean()) {
        break;
      }
      // taken per sample: one instant for both made the second sample's paced stamps lag its sends by the
      // first replay's duration
      Instant end = Instant.now();
      System.out.printf("Replaying the bundled %s sample (event times moved to end now)...%n", format);
      try (KafkaReplayTarget kafkaTarget = ReplayTargets.kafka(config, registry)) {
        Replayer.builder(format.reader(), users.recording(kafkaTarget))
            .speedup(speedup)
            .rebaseTo(Optional.of(end))
            .progressTo(System.out, System.console() != null)
            .stopWhen(stopRequested)
            .build()
            .replay(format.bundledSample());
      }
    }
    return users;
  }

  /** Accepts ISO-8601 durations (PT90S) and short forms (90s, 10m, 2h). */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
      }
      if (!v.matches("\\d+(ms|s|m|h)")) {
        throw new IllegalArgumentException("'" + value + "' is not a duration: use 90s, 10m, 2h or PT1H30M");
      }
      long n = Long.parseLong(v.replaceAll("[a-z]+$", ""));
      return v.endsWith("ms") ? Duration.ofMillis(n) : v.endsWith("s") ? Duration.ofSeconds(n)
          : v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
    }
  }

  static boolean await(CountDownLatch stop, Duration d) throws InterruptedException {
    return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch, Duration d) {
    try {
      latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
