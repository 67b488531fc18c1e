package io.ppscore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void shouldRequestCommitsAfterScoringRunsOnlyWithExactlyOnceAndWhenEnabled() {
    assertThat(new AppConfig(Map.of()).scoringCommitAfterRun()).isTrue();
    assertThat(new AppConfig(Map.of(AppConfig.SCORING_COMMIT_AFTER_RUN_CONFIG, "false")).scoringCommitAfterRun()).isFalse();
    assertThat(new AppConfig(Map.of(AppConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")).scoringCommitAfterRun()).isFalse();
  }

  @Test
  void shouldDefaultToExactlyOnceAndDocumentedTopicNames() {
    AppConfig config = new AppConfig(Map.of());
    assertThat(config.getString(AppConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(config.clicksTopic()).isEqualTo("clicks");
    assertThat(config.deadLetterTopic()).isEqualTo("ppscore-dead-letter");
    assertThat(config.grace()).isEqualTo(Duration.ofHours(24));
    assertThat(config.advertisedEndpoint()).isEqualTo("localhost:8080");
  }

  @Test
  void shouldLetEnvironmentVariablesOverrideTheFile() {
    Properties file = new Properties();
    file.setProperty("http.port", "9000");
    file.setProperty("topic.orders", "shop-orders");
    AppConfig config = AppConfig.fromEnvironment(file, Map.of("PPSCORE_HTTP_PORT", "9090", "HOME", "/root",
        "PPSCORE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.ordersTopic()).isEqualTo("shop-orders");
    assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void shouldFailFastNamingTheKeyOfABadValue() {
    assertThatThrownBy(() -> new AppConfig(Map.of("processing.guarantee", "maybe_once")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
    assertThatThrownBy(() -> new AppConfig(Map.of("state.grace.ms", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("state.grace.ms");
    assertThatThrownBy(() -> new AppConfig(Map.of("http.port", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
  }

  @Test
  void shouldHoldTheDefaultCurrencyToTheCodesEventsMayCarry() {
    // Given default currencies an event's currency field would be dead-lettered for
    for (String bad : java.util.List.of("gbp", "Gbp", "GB", "GBPX", "£")) {
      // Then the configuration is refused naming the key (gbp used to pass: the first currency-less event gave
      // the profile gbp and every later GBP order was dead-lettered as a currency conflict)
      assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.CURRENCY_DEFAULT_CONFIG, bad)))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("currency.default").hasMessageContaining("three upper-case letters");
    }
    // And a code of the events' form is taken as it is
    assertThat(new AppConfig(Map.of(AppConfig.CURRENCY_DEFAULT_CONFIG, "USD")).defaultCurrency()).isEqualTo("USD");
  }

  @Test
  void shouldRejectAZeroRiskMinimumValueNamingTheKeyBeforeTheRulesAreBuilt() {
    // The spend-spike and new-account rules divide by these values: 0 passed the range and failed later, in
    // RiskSettings, with a message that named neither key
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG, 0.0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG);
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG, 0.0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(AppConfig.RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG);
    assertThat(new AppConfig(Map.of(AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG, 0.01))
        .getDouble(AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG)).isEqualTo(0.01);
  }

  @Test
  void shouldAcceptAnyErasureSuppressionSinceTheWatermarkKeepsErasuresWhileEventsAreOnTime() {
    // A short suppression cannot forget an erasure early (the guard also waits for the watermark, which never
    // runs ahead of the wall clock), so it is no reason to refuse a configuration that was valid before
    assertThat(new AppConfig(Map.of(AppConfig.ERASURE_SUPPRESSION_MS_CONFIG, Duration.ofHours(1).toMillis()))
        .erasureSuppression()).isEqualTo(Duration.ofHours(1));
    assertThat(new AppConfig(Map.of(AppConfig.ERASURE_SUPPRESSION_MS_CONFIG, 0L)).erasureSuppression()).isZero();
    assertThat(new AppConfig(Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofDays(7).toMillis())).erasureSuppression())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldDefaultTheHttpWorkersAndForwardTimeoutAndRejectValuesOutOfRangeNamingTheKey() {
    // Given the defaults the API had hard-coded
    AppConfig config = new AppConfig(Map.of());
    assertThat(config.httpThreads()).isEqualTo(8);
    assertThat(config.httpQueueSize()).isEqualTo(64);
    assertThat(config.httpForwardTimeout()).isEqualTo(Duration.ofSeconds(2));

    // When set
    AppConfig set = new AppConfig(Map.of("http.threads", "16", "http.queue.size", "128", "http.forward.timeout.ms", "5000"));

    // Then
    assertThat(set.httpThreads()).isEqualTo(16);
    assertThat(set.httpQueueSize()).isEqualTo(128);
    assertThat(set.httpForwardTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> new AppConfig(Map.of("http.threads", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.threads");
    assertThatThrownBy(() -> new AppConfig(Map.of("http.queue.size", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.queue.size");
    assertThatThrownBy(() -> new AppConfig(Map.of("http.forward.timeout.ms", "30000")))
        .as("a forward must end before the HTTP server's 30 s response limit")
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.forward.timeout.ms");
  }

  @Test
  void shouldDefaultToTheCommittedModelOnAutoDeviceWithACache() {
    AppConfig config = new AppConfig(Map.of());

    assertThat(config.modelDir()).contains(java.nio.file.Path.of("models"));
    assertThat(config.inferenceDevice()).isEqualTo(io.ppscore.inference.DeviceSpec.auto());
    assertThat(config.inferenceThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(new AppConfig(Map.of("inference.threads", "3")).inferenceThreads()).isEqualTo(3);
    assertThat(config.embeddingCacheSize()).isEqualTo(50_000);
  }

  @Test
  void shouldDisableScoringWithAnEmptyModelDir() {
    assertThat(new AppConfig(Map.of("model.dir", "")).modelDir()).isEmpty();
    assertThat(new AppConfig(Map.of("model.dir", "  ")).modelDir()).isEmpty();
  }

  @Test
  void shouldRejectBadInferenceSettingsNamingTheKey() {
    assertThat(new AppConfig(Map.of("inference.device", "CUDA:1")).inferenceDevice())
        .isEqualTo(io.ppscore.inference.DeviceSpec.cuda(1));
    assertThatThrownBy(() -> new AppConfig(Map.of("inference.device", "gpu")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("inference.device").hasMessageContaining("gpu");
    assertThatThrownBy(() -> new AppConfig(Map.of("inference.threads", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("inference.threads");
    assertThatThrownBy(() -> new AppConfig(Map.of("embedding.cache.size", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("embedding.cache.size");
  }

  @Test
  void shouldKeepEmbeddingsOnlyInMemoryByDefaultAndPutTheDiskCacheBesideTheStreamsStateWhenOn() {
    AppConfig defaults = new AppConfig(Map.of("state.dir", "/srv/ppscore-state"));
    assertThat(defaults.embeddingCachePersist()).isFalse();
    assertThat(defaults.embeddingCachePersistMaxBytes()).isEqualTo(256L << 20);
    assertThat(defaults.embeddingCachePersistRoot()).isEqualTo(java.nio.file.Path.of("/srv/ppscore-state/embedding-cache"));

    assertThat(new AppConfig(Map.of("embedding.cache.persist", "true")).embeddingCachePersist()).isTrue();
    assertThatThrownBy(() -> new AppConfig(Map.of("embedding.cache.persist.max.bytes", String.valueOf(1L << 20))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("embedding.cache.persist.max.bytes");
    assertThatThrownBy(() -> new AppConfig(Map.of("embedding.cache.persist.max.bytes", String.valueOf(5L << 30))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("embedding.cache.persist.max.bytes");
  }

  @Test
  void shouldDefaultTheEncoderBatchSizeAndSequenceLengthAndRejectValuesOutOfRangeNamingTheKey() {
    // Given the defaults: what the encoder used before the keys existed (32 texts a run, 128 tokens)
    AppConfig defaults = new AppConfig(Map.of());
    assertThat(defaults.inferenceBatchSize()).isEqualTo(32);
    assertThat(defaults.inferenceMaxSequenceLength()).isEqualTo(128);
    AppConfig set = new AppConfig(Map.of("inference.batch.size", "64", "inference.max.sequence.length", "512"));
    assertThat(set.inferenceBatchSize()).isEqualTo(64);
    assertThat(set.inferenceMaxSequenceLength()).isEqualTo(512);

    // Then values outside 1..1024 texts and 8..512 tokens (the encoders' position limit) fail naming the key
    for (String[] bad : new String[][] {{"inference.batch.size", "0"}, {"inference.batch.size", "1025"},
        {"inference.max.sequence.length", "7"}, {"inference.max.sequence.length", "513"}}) {
      assertThatThrownBy(() -> new AppConfig(Map.of(bad[0], bad[1])))
          .isInstanceOf(ConfigException.class).hasMessageContaining(bad[0]);
    }
  }

  @Test
  void shouldRefreshDailyScoresByDefaultAndRejectAnAgeBelowAMinuteOrBadSweepSettingsNamingTheKey() {
    // Given the defaults
    AppConfig defaults = new AppConfig(Map.of());
    assertThat(defaults.scoringRefreshAge()).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.scoringRefreshInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.scoringRefreshMaxUsers()).isEqualTo(256);

    // Then 0 turns refresh off, a minute is the shortest age, and the sweep settings are bounded
    assertThat(new AppConfig(Map.of(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, "0")).scoringRefreshAge()).isZero();
    assertThat(new AppConfig(Map.of(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, "60000")).scoringRefreshAge())
        .isEqualTo(Duration.ofMinutes(1));
    for (String age : java.util.List.of("1", "59999", "-1", "31536000001")) {
      assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, age)))
          .as("age %s", age).isInstanceOf(ConfigException.class).hasMessageContaining("scoring.refresh.age.ms");
    }
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.SCORING_REFRESH_INTERVAL_MS_CONFIG, "999")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scoring.refresh.interval.ms");
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.SCORING_REFRESH_MAX_USERS_CONFIG, "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scoring.refresh.max.users");
  }

  @Test
  void shouldNeverPrintPasswordsInItsValues() {
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG, "svc:s3cret"));
    assertThat(config.values().toString()).doesNotContain("s3cret");
    assertThat(config.getPassword(AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG).value()).isEqualTo("svc:s3cret");
  }

  @Test
  void shouldLeaveEmbeddingPrefetchOffByDefaultWithABoundedQueueAndLetTheEnvironmentTurnItOn() {
    AppConfig defaults = new AppConfig(Map.of());
    assertThat(defaults.embeddingPrefetch()).isFalse();
    assertThat(defaults.embeddingPrefetchQueueSize()).isEqualTo(4_096);

    AppConfig on = AppConfig.fromEnvironment(new java.util.Properties(),
        Map.of("PPSCORE_SCORING_EMBEDDING_PREFETCH", "true"));
    assertThat(on.embeddingPrefetch()).isTrue();
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_CONFIG, "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scoring.embedding.prefetch.queue.size");
  }

  @Test
  void shouldRejectAnAdvertisedEndpointThatIsNotHostAndPortNamingTheKey() {
    // Given endpoints Kafka Streams refuses only after the pre-flight and the model's loading (without naming
    // the key), or accepts although no instance can listen there
    for (String bad : java.util.List.of("foo", "host:99999", "host:0", "host:", ":8080", "host:80x",
        "http://host:8080", "::1:8080", "host 1:8080")) {
      // Then the configuration is refused at load, naming the key
      assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.HTTP_ADVERTISED_CONFIG, bad)))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining(AppConfig.HTTP_ADVERTISED_CONFIG).hasMessageContaining("host:port");
    }
    AppConfig.fromEnvironment(new Properties(), Map.of("PPSCORE_HTTP_ADVERTISED_ENDPOINT", "ppscore-0.ppscore-headless:8080"));
    assertThatThrownBy(() -> AppConfig.fromEnvironment(new Properties(), Map.of("PPSCORE_HTTP_ADVERTISED_ENDPOINT", "foo")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.advertised.endpoint")
        .hasMessageContaining("PPSCORE_HTTP_ADVERTISED_ENDPOINT");

    // And names, addresses, bracketed IPv6 literals and the empty default pass
    for (String good : java.util.List.of("ppscore-0.ppscore-headless.ns.svc.cluster.local:8080", "ppscore:8080",
        "10.0.0.7:1", "[::1]:8080", "[fe80::1%eth0]:65535", "my_service:8080", "ppscore-0.ppscore-headless.ns.svc.cluster.local.:8080",
        "")) {
      assertThat(new AppConfig(Map.of(AppConfig.HTTP_ADVERTISED_CONFIG, good)).advertisedEndpoint()).as(good)
          .isEqualTo(good.isEmpty() ? "localhost:8080" : good);
    }
  }
}
