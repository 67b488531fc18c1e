package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Start-up checks that turn a misconfiguration into one clear message instead of a stuck or split
 * application: the input, dead-letter and erasure topics exist, and the three input topics and the erasure
 * topic have the same number of partitions (a user's clicks, carts, orders and erasure requests must land
 * in the same task to share state).
 */
final class Preflight {

  /**
   * How long the check waits for the broker: against one that is down, this is how long {@code run} and
   * {@code replay} take to say so (it was 20 s).
   */
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /**
   * The most one request or one connection set-up of the check may take (about a third of {@link #TIMEOUT}),
   * so a bootstrap server that accepts but never answers leaves time to try another.
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  /** The ids of the pre-flight admin clients open in this JVM: Kafka registers an mbean per client id. */
  private static final Set<String> OPEN_CLIENT_IDS = ConcurrentHashMap.newKeySet();

  private Preflight() {
  }

  /**
   * For {@code run}: the input and dead-letter topics (and the scores topic when a model is configured)
   * exist and the inputs are co-partitioned.
   */
  static void checkTopics(AppConfig config) throws InterruptedException {
    List<String> all = new ArrayList<>(inputs(config));
    all.add(config.deadLetterTopic());
    if (ScoringComponents.configured(config)) {
      all.add(config.scoresTopic());
    }
    if (config.riskEnabled()) {
      all.add(config.riskFlagsTopic());
    }
    // erasure requests are processed in the task that holds the user's state: partitioned like the inputs
    List<String> copartitioned = new ArrayList<>(inputs(config));
    copartitioned.add(config.userErasureTopic());
    all.add(config.userErasureTopic());
    check(config, all, copartitioned);
  }

  /** For {@code replay}: the broker is reachable and the input topics exist and are co-partitioned. */
  static void checkInputTopics(AppConfig config) throws InterruptedException {
    check(config, inputs(config), inputs(config));
  }

  private static List<String> inputs(AppConfig config) {
    return List.of(config.clicksTopic(), config.cartsTopic(), config.ordersTopic());
  }

  /**
   * The pre-flight admin client's settings: the {@code kafka.*} ones with {@code clientId}, waiting
   * {@link #TIMEOUT} in all, with each request, connection set-up (and its longest back-off) and the wait
   * for metadata before bootstrapping anew at most {@link #ATTEMPT_TIMEOUT} (a lower
   * {@code kafka.request.timeout.ms}, {@code kafka.socket.connection.setup.timeout.ms},
   * {@code kafka.socket.connection.setup.timeout.max.ms} or
   * {@code kafka.metadata.recovery.rebootstrap.trigger.ms} is kept).
   */
  static Map<String, Object> adminSettings(AppConfig config, String clientId) {
    Map<String, Object> props = StreamsProperties.clientSettings(config);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    for (String timeout : List.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG)) {
      atMost(props, timeout, ATTEMPT_TIMEOUT);
    }
    // the admin client times out a request to a server that accepted the connection but never answers, yet may
    // give the next request to the same server (it is still "connecting"): after this long without metadata it
    // drops every connection and picks a bootstrap server anew
    atMost(props, CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG, ATTEMPT_TIMEOUT);
    return props;
  }

  /**
   * Takes an id for a pre-flight admin client, to {@link #release} after closing it: {@code kafka.client.id}
   * (else {@code application.id}) + {@code -preflight}, so the broker's logs and quotas attribute it to the
   * application; while a pre-flight with that id is open in this JVM, {@code -2}, {@code -3}... is appended
   * (Kafka registers one mbean per client id and only warns when it is taken).
   */
  static String takeClientId(AppConfig config) {
    Object configured = config.kafkaOverrides().get(AdminClientConfig.CLIENT_ID_CONFIG);
    String base = (configured == null || String.valueOf(configured).isBlank() ? config.applicationId()
        : String.valueOf(configured).trim()) + "-preflight";
    for (int n = 1; ; n++) {
      String id = n == 1 ? base : base + "-" + n;
      if (OPEN_CLIENT_IDS.add(id)) {
        return id;
      }
    }
  }

  static void release(String clientId) {
    OPEN_CLIENT_IDS.remove(clientId);
  }

  /** Sets {@code key} to {@code limit} unless it is set lower (a value that is not a number is left to Kafka). */
  private static void atMost(Map<String, Object> props, String key, Duration limit) {
    props.merge(key, (int) limit.toMillis(), (configured, max) ->
        millis(configured).filter(ms -> ms > limit.toMillis()).isPresent() ? max : configured);
  }

  private static Optional<Long> millis(Object value) {
    try {
      return Optional.of(Long.parseLong(String.valueOf(value).trim()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private static void check(AppConfig config, List<String> all, List<String> copartitioned) throws InterruptedException {
    String clientId = takeClientId(config);
    try {
      check(config, all, copartitioned, clientId);
    } finally {
      release(clientId);
    }
  }

  private static void check(AppConfig config, List<String> all, List<String> copartitioned, String clientId)
      throws InterruptedException {
    Map<String, Object> props = adminSettings(config, clientId);
    String bootstrapServers = StreamsProperties.bootstrapServers(config);
    List<String> inputs = copartitioned;
    // its connection-failure WARNs (one a second against a broker that is down) would only precede the error
    // below; its last WARN (a TLS mismatch's "terminated during authentication", say) ends that error
    PreflightLogQuiet quiet = PreflightLogQuiet.forAdminClient(clientId);
    try (quiet; Admin admin = Admin.create(props)) {
      // the admin client's own timeout fires first: its message says what it waited for
      Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      List<String> missing = all.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("missing topics " + missing + " on " + bootstrapServers
            + ": create them (inputs with equal partition counts) or set topic.* to the right names");
      }
      InputPartitions.common(admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to check topics (waited "
          + TIMEOUT.toSeconds() + " s; is bootstrap.servers right and the broker up?): " + e.getMessage()
          + quiet.lastWarning().map(w -> "; the admin client's last warning: " + w).orElse(""), e);
    }
  }
}
