package io.ppscore.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every command applies to the settings a user gives it (properties file, {@code PPSCORE_*}
 * environment variables, {@code --set}): a key {@link AppConfig} does not define and that is not a
 * {@value AppConfig#KAFKA_PREFIX} pass-through fails, as does a bad value, naming the key and where it came
 * from. A misspelt key would otherwise be ignored and the default used without a word.
 *
 * <p>A {@value AppConfig#KAFKA_PREFIX} key for a setting ppscore has its own key for, or derives from one
 * ({@code kafka.processing.guarantee}, {@code kafka.application.server}), fails too: Kafka Streams is given the
 * {@code kafka.*} keys last, so it would override ppscore's key from any layer while ppscore's own code still
 * read the un-prefixed one. A {@value AppConfig#KAFKA_PREFIX} key Kafka does not know is only warned about
 * ({@link #unknownKafkaKeys}): plugins (SASL callback handlers, metric reporters) may take keys of their own.
 */
public final class ConfigKeys {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigKeys.class);

  /** Not settings: read by logback.xml. */
  private static final Set<String> OTHER_VARIABLES = Set.of("PPSCORE_LOG_LEVEL");
  /**
   * Service links Kubernetes injects for a service named ppscore or ppscore-*:
   * PPSCORE_SERVICE_HOST, PPSCORE_SERVICE_PORT[_NAME], PPSCORE_PORT_8080_TCP[_PROTO|_PORT|_ADDR], and
   * PPSCORE_PORT=tcp://... (only with such a value: PPSCORE_HTTP_PORT is a setting).
   */
  private static final Pattern SERVICE_LINK = Pattern.compile(
      "PPSCORE(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
  private static final Pattern SERVICE_LINK_PORT = Pattern.compile("PPSCORE(_[A-Z0-9_]+)?_PORT");
  private static final Pattern SERVICE_LINK_URL = Pattern.compile("(tcp|udp|sctp)://.*");

  private static final ConfigDef DEFINITION = AppConfig.definition();
  private static final Set<String> KAFKA_NAMES = kafkaNames();
  private static final Set<String> TOPIC_NAMES = topicNames();

  /**
   * Kafka names ppscore's own keys of the same name set, whose {@value AppConfig#KAFKA_PREFIX} form is
   * documented and wins: ppscore reads the value Kafka Streams gets ({@code StreamsProperties}).
   */
  private static final Set<String> KAFKA_ALIASES = Set.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG,
      AppConfig.COMMIT_INTERVAL_MS_CONFIG);
  /** Kafka Streams settings ppscore derives from a key of its own (the key to set instead). */
  private static final Map<String, String> DERIVED = Map.of(
      StreamsConfig.APPLICATION_SERVER_CONFIG, AppConfig.HTTP_ADVERTISED_CONFIG,
      "ppscore.dead.letter.topic", AppConfig.TOPIC_DEAD_LETTER_CONFIG);
  /** The prefixes Kafka Streams routes a setting with to one of its clients, or to its internal topics. */
  private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
      StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
      StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);

  /**
   * The families of names Kafka reads by prefix rather than by name: a config provider's class and
   * parameters ({@code config.providers.<name>.class}, {@code config.providers.<name>.param.<param>},
   * {@link org.apache.kafka.common.config.AbstractConfig}) and the metrics context labels metric reporters
   * get ({@code metrics.context.<label>}, {@link org.apache.kafka.clients.CommonClientConfigs}).
   */
  private static final Pattern KAFKA_FAMILIES = Pattern.compile(
      Pattern.quote(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".") + "[^.]+\\.(class|param\\..+)"
          + "|" + Pattern.quote(CommonClientConfigs.METRICS_CONTEXT_PREFIX) + ".+");

  /** A {@value AppConfig#KAFKA_PREFIX} key whose name Kafka does not know, with the known key it is closest to. */
  public record UnknownKafkaKey(String key, Optional<String> suggestion) {
  }

  private ConfigKeys() {
  }

  /**
   * Checks every key of {@code settings}, all from {@code origin} (e.g. {@code --set}).
   *
   * @throws ConfigException naming the first unknown key or bad value and {@code origin}
   */
  public static void check(Map<String, ?> settings, String origin) {
    settings.forEach((key, value) -> {
      requireKnown(key, origin);
      requireValid(key, value, origin);
    });
    warnUnknownKafkaKeys(settings.keySet(), key -> origin);
  }

  /**
   * Checks {@code key} is an {@link AppConfig} key or a {@value AppConfig#KAFKA_PREFIX} one.
   *
   * @throws ConfigException naming the key, {@code origin} and, when there is one, the closest known key
   */
  public static void requireKnown(String key, String origin) {
    ownedBy(key).ifPresent(own -> {
      throw new ConfigException(key + " (from " + origin + "): set " + spelledFor(origin, own) + " instead; "
          + "ppscore reads " + own + " itself, and the " + AppConfig.KAFKA_PREFIX + " form would override it "
          + "for Kafka Streams only");
    });
    if (!known(key)) {
      String hint = closest(key).map(k -> "; did you mean " + spelledFor(origin, k) + "?").orElse(".");
      throw new ConfigException("unknown configuration key " + key + " (from " + origin + ")" + hint
          + " 'ppscore config --describe' lists the keys; Kafka client and Streams settings take the prefix "
          + AppConfig.KAFKA_PREFIX);
    }
  }

  /**
   * Checks the value of an {@link AppConfig} key as {@link AppConfig} will (type, then validator); a
   * {@value AppConfig#KAFKA_PREFIX} key is left to Kafka.
   *
   * @throws ConfigException Kafka's message for the value, followed by {@code (from origin)}
   */
  public static void requireValid(String key, Object value, String origin) {
    ConfigDef.ConfigKey defined = DEFINITION.configKeys().get(key);
    if (defined == null) {
      return;
    }
    try {
      Object parsed = ConfigDef.parseType(key, value, defined.type);
      if (defined.validator != null) {
        defined.validator.ensureValid(key, parsed);
      }
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (from " + origin + ")");
    }
  }

  static boolean known(String key) {
    return DEFINITION.names().contains(key) || key.startsWith(AppConfig.KAFKA_PREFIX);
  }

  /**
   * The ppscore key to set instead of {@code key}, when {@code key} is the {@value AppConfig#KAFKA_PREFIX} form
   * of a setting ppscore has a key for ({@code kafka.processing.guarantee}: {@code processing.guarantee}) or
   * derives from one ({@code kafka.application.server}: {@code http.advertised.endpoint}); the documented
   * aliases ({@code kafka.bootstrap.servers}, {@code kafka.commit.interval.ms}) are not.
   */
  static Optional<String> ownedBy(String key) {
    if (!key.startsWith(AppConfig.KAFKA_PREFIX)) {
      return Optional.empty();
    }
    String name = key.substring(AppConfig.KAFKA_PREFIX.length());
    if (DERIVED.containsKey(name)) {
      return Optional.of(DERIVED.get(name));
    }
    return DEFINITION.names().contains(name) && !KAFKA_ALIASES.contains(name) ? Optional.of(name) : Optional.empty();
  }

  /**
   * The {@value AppConfig#KAFKA_PREFIX} keys of {@code keys} whose name, after a client prefix of Kafka
   * Streams ({@code producer.}, {@code main.consumer.}, {@code admin.}, {@code topic.}, ...), is not a
   * Streams, producer, consumer or admin setting (a topic setting after {@code topic.}; any name after
   * {@code client.tag.}; a config provider's {@code config.providers.<name>.class} or
   * {@code config.providers.<name>.param.<param>}; any name after {@code metrics.context.}), each with the
   * closest known key; in the order given. Other keys are left out.
   */
  public static List<UnknownKafkaKey> unknownKafkaKeys(Collection<String> keys) {
    return keys.stream().filter(k -> k.startsWith(AppConfig.KAFKA_PREFIX)).distinct()
        .map(ConfigKeys::unknownKafkaKey).flatMap(Optional::stream).toList();
  }

  private static Optional<UnknownKafkaKey> unknownKafkaKey(String key) {
    String name = key.substring(AppConfig.KAFKA_PREFIX.length());
    String prefix = CLIENT_PREFIXES.stream().filter(name::startsWith).findFirst().orElse("");
    String rest = name.substring(prefix.length());
    Set<String> names = prefix.equals(StreamsConfig.TOPIC_PREFIX) ? TOPIC_NAMES : KAFKA_NAMES;
    boolean family = !prefix.equals(StreamsConfig.TOPIC_PREFIX) && KAFKA_FAMILIES.matcher(rest).matches();
    if (names.contains(rest) || family || name.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
      return Optional.empty();
    }
    int tolerance = Math.max(2, rest.length() / 4);
    Optional<String> suggestion = names.stream().filter(n -> distance(n, rest) <= tolerance)
        .min(Comparator.comparingInt((String n) -> distance(n, rest)).thenComparing(Comparator.naturalOrder()))
        .map(n -> AppConfig.KAFKA_PREFIX + prefix + n);
    return Optional.of(new UnknownKafkaKey(key, suggestion));
  }

  /** Logs a WARN for each of {@link #unknownKafkaKeys}, naming where it came from ({@code originOf}). */
  static void warnUnknownKafkaKeys(Collection<String> keys, java.util.function.Function<String, String> originOf) {
    for (UnknownKafkaKey unknown : unknownKafkaKeys(keys)) {
      LOG.warn("{} (from {}) is not a Kafka client or Streams setting{} It is passed on as it is (a plugin may read it).",
          unknown.key(), originOf.apply(unknown.key()),
          unknown.suggestion().map(s -> ": did you mean " + spelledFor(originOf.apply(unknown.key()), s) + "?").orElse("."));
    }
  }

  /**
   * The key an environment variable sets ({@code PPSCORE_HTTP_PORT}: {@code http.port}), or empty for one
   * that is not a setting: without the prefix, or one of the variables others set for ppscore (the log
   * level, Kubernetes service links).
   */
  static Optional<String> keyOf(String variable, String value) {
    if (!variable.startsWith(AppConfig.ENV_PREFIX) || variable.length() == AppConfig.ENV_PREFIX.length()) {
      return Optional.empty();
    }
    String key = variable.substring(AppConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    if (DEFINITION.names().contains(key)) {
      return Optional.of(key);
    }
    boolean notASetting = OTHER_VARIABLES.contains(variable) || SERVICE_LINK.matcher(variable).matches()
        || SERVICE_LINK_PORT.matcher(variable).matches() && SERVICE_LINK_URL.matcher(value).matches();
    return notASetting ? Optional.empty() : Optional.of(key);
  }

  /** The environment variable that sets {@code key}. */
  static String variableOf(String key) {
    return AppConfig.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /**
   * The known key {@code key} was probably meant to be: the prefixed form of a Kafka setting given without
   * it, a key one is the start of the other (state.directory: state.dir), or one a few edits away.
   */
  static Optional<String> closest(String key) {
    if (KAFKA_NAMES.contains(key)) {
      return Optional.of(AppConfig.KAFKA_PREFIX + key);
    }
    int tolerance = Math.max(2, key.length() / 4);
    return DEFINITION.names().stream()
        .filter(k -> distance(k, key) <= tolerance || prefixes(k, key))
        .min(Comparator.comparingInt((String k) -> distance(k, key)).thenComparing(Comparator.naturalOrder()));
  }

  private static boolean prefixes(String a, String b) {
    String shorter = a.length() < b.length() ? a : b;
    String longer = shorter == a ? b : a;
    return shorter.length() >= 6 && longer.startsWith(shorter);
  }

  private static String spelledFor(String origin, String key) {
    return origin.startsWith(AppConfig.ENV_PREFIX) ? variableOf(key) : key;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Set<String> kafkaNames() {
    Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
    names.addAll(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }

  /** The topic-level settings ({@link TopicConfig}'s {@code *_CONFIG} names), for {@code kafka.topic.*}. */
  private static Set<String> topicNames() {
    Set<String> names = new TreeSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          && field.getName().endsWith("_CONFIG")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Set.copyOf(names);
  }
}
