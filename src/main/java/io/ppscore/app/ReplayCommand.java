package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.ReplayStats;
import io.ppscore.replay.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ppscore replay}: loads a dataset file into the input topics of any cluster. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load a dataset into the clicks, carts and orders topics of a Kafka cluster.",
        "Events are sent as Confluent wire-format Avro registered in the schema registry.",
        "Online Retail II: each invoice becomes one order (a C invoice a cancellation); guest rows are counted, not sent.",
        "REES46: view -> click, cart -> cart add, remove_from_cart -> cart removal (a cart event with action REMOVE), "
            + "purchase -> one-line placed order; other event types and guest rows are counted, not sent.",
        "Example: ppscore replay --format online-retail --input ../shared/data/online-retail/online_retail_II_2009-12-01_to_2011-06-30.csv.gz"})
final class ReplayCommand implements Callable<Integer> {

  @Option(names = {"-f", "--format"}, required = true, converter = FormatConverter.class, paramLabel = "FORMAT",
      description = "online-retail or rees46.")
  DatasetFormat format;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "CSV file, plain or .gz. Without it, the small real sample bundled with ppscore is replayed.")
  Path input;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka (default: the configuration's kafka.bootstrap.servers, else bootstrap.servers); wins over both.")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Schema registry (default: schema.registry.url).")
  String registryUrl;

  @Option(names = "--speedup", paramLabel = "FACTOR", defaultValue = "0",
      description = "Time compression: 3600 replays an hour of events per second; 0 (default) sends as fast as possible.")
  double speedup;

  @Option(names = "--rebase-to-now", description = "Shift event times, keeping their gaps, so the last event happens now; with --speedup, so each event is stamped at or before the moment it is sent (with --speedup 1, that moment).")
  boolean rebaseToNow;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE, description = "Send at most N events.")
  long limit;

  @Option(names = "--if-empty", description = "Send nothing, and exit 0, when the clicks, carts or orders topic already has "
      + "records (for one-shot loaders such as the docker compose replay service, which every later 'docker compose up' "
      + "starts again).")
  boolean ifEmpty;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file with topic names, security, registry settings.")
  Path configFile;

  @Override
  public Integer call() throws Exception {
    if (input != null && !Files.isReadable(input)) {
      throw new IllegalArgumentException("input file " + input + " does not exist or is not readable");
    }
    if (speedup < 0) {
      throw new IllegalArgumentException("--speedup must not be negative");
    }
    if (limit < 0) {
      // checked here, before the configuration and the broker: the replayer would refuse it after the preflight
      throw new IllegalArgumentException("--limit must not be negative, was " + limit);
    }
    AppConfig config = ConfigSource.load(configFile, System.getenv(), overrides());
    Preflight.checkInputTopics(config);
    if (ifEmpty) {
      Map<String, Long> loaded = InputTopicRecords.nonEmpty(config);
      if (!loaded.isEmpty()) {
        System.err.printf("Nothing replayed (--if-empty): %s already %s records (end offsets %s)%n",
            String.join(", ", loaded.keySet()), loaded.size() == 1 ? "has" : "have", loaded);
        return 0;
      }
    }
    ReplaySource source = input == null ? format.bundledSample() : ReplaySource.file(input);
    System.err.printf("Replaying %s (%s) into %s, registry %s%n", source, format,
        StreamsProperties.bootstrapServers(config), config.schemaRegistryUrl());
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.fromConfig(config);
    RegistryPreflight.check(config, registry);
    try (KafkaReplayTarget target = ReplayTargets.kafka(config, registry)) {
      ReplayStats stats = Replayer.builder(format.reader(), target)
          .speedup(speedup)
          .rebaseTo(rebaseToNow ? Optional.of(Instant.now()) : Optional.empty())
          .limit(limit)
          .progressTo(System.err, System.console() != null)
          .build()
          .replay(source);
      System.err.printf("Done: %,d events acknowledged by Kafka.%n", target.acked());
      return stats.sentTotal() == target.acked() ? 0 : 1;
    }
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<DatasetFormat> {
    @Override
    public DatasetFormat convert(String value) {
      return DatasetFormat.parse(value);
    }
  }

  /** The settings the options override, over the configuration file and the environment. */
  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      overrides.put(AppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      // the flag beats the configuration's kafka.bootstrap.servers too, which the clients otherwise take first
      overrides.put("kafka." + AppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    if (registryUrl != null) {
      overrides.put(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    }
    return overrides;
  }
}
