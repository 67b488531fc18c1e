package io.ppscore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Starts a real instance with a known value for every secret it can be given (HTTP tokens, the log salt,
 * registry basic auth, and Kafka client secrets passed through {@code kafka.*}), uses it, stops it, and
 * checks that no secret appears anywhere in everything logged meanwhile, Kafka's own configuration dumps
 * included (captured at INFO, which the test asserts it did see).
 */
class SecretsNotLoggedIT {

  private static final String MARK = "SECRET";
  private static final String REGISTRY_USER_INFO = "registry-user:reg-" + MARK + "-pass";
  private static final String PRIVATE_USER = "alice-private-id";

  @TempDir
  Path stateDir;

  @Test
  void shouldNeverLogASecretOrAPlainUserId() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LogCapture capture = LogCapture.start(captured);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startWithBasicAuth(0, REGISTRY_USER_INFO)) {
      kafka.createTopics(Map.of("clicks", 1, "carts", 1, "orders", 1, "ppscore-dead-letter", 1, "user-erasure", 1));
      Map<String, Object> secrets = new HashMap<>();
      secrets.put(AppConfig.HTTP_AUTH_TOKEN_CONFIG, UserApi.TOKEN + ",tok-" + MARK + "-2");
      secrets.put(AppConfig.HTTP_PEER_TOKEN_CONFIG, "peer-" + MARK + "-3");
      secrets.put(AppConfig.HTTP_ADMIN_TOKEN_CONFIG, "admin-" + MARK + "-13");
      secrets.put(AppConfig.LOG_USER_ID_SALT_CONFIG, "salt-" + MARK + "-4");
      secrets.put(AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG, REGISTRY_USER_INFO);
      secrets.put(AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG, "regts-" + MARK + "-5");
      secrets.put(AppConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, "httpks-" + MARK + "-6");
      secrets.put(AppConfig.HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG, "httpts-" + MARK + "-7");
      // Kafka client secrets: read (and dumped) by every client config, used only with SASL/SSL listeners
      secrets.put("kafka.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\"jaas-" + MARK + "-8\";");
      secrets.put("kafka.ssl.keystore.password", "ks-" + MARK + "-9");
      secrets.put("kafka.ssl.key.password", "key-" + MARK + "-10");
      secrets.put("kafka.ssl.truststore.password", "ts-" + MARK + "-11");
      AppConfig config = ItApps.config(kafka, registry, "ppscore-secrets-it", stateDir, ItApps.freePort(), secrets);

      // When the instance starts (registry calls with basic auth), serves, rejects a wrong token and
      // records an erasure (its producer starts and dumps its configuration)
      try (PpscoreApp app = PpscoreApp.start(config)) {
        await("instance RUNNING").atMost(Duration.ofSeconds(60))
            .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        assertThat(UserApi.get(app.httpPort(), PRIVATE_USER, Instant.now()).status()).isEqualTo(404);
        assertThat(UserApi.getWithAuthorization(app.httpPort(), PRIVATE_USER, Instant.now(), "Bearer wrong-" + MARK + "-12")
            .status()).isEqualTo(403);
        assertThat(UserApi.requestErasure(app.httpPort(), PRIVATE_USER).status()).as("reader token").isEqualTo(403);
        assertThat(UserApi.requestErasure(app.httpPort(), PRIVATE_USER, "admin-" + MARK + "-13").status()).isEqualTo(202);
      }
    } finally {
      capture.stop();
    }

    // Then the logs hold Kafka's masked dumps and the hashed user id, never a secret or the plain id
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("StreamsConfig values:").contains("ProducerConfig values:")
        .contains("sasl.jaas.config = [hidden]").contains("ssl.keystore.password = [hidden]")
        .contains("Erasure of user u:");
    assertThat(logs).doesNotContain(MARK).doesNotContain(UserApi.TOKEN).doesNotContain(PRIVATE_USER)
        .doesNotContain("reg-" + MARK);
  }

  /** A logback appender on the root logger, with Kafka at INFO (its config dumps) and ppscore at DEBUG. */
  private record LogCapture(OutputStreamAppender<ILoggingEvent> appender, Map<String, Level> previous) {

    private static final List<String> LOGGERS = List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "io.ppscore");

    static LogCapture start(ByteArrayOutputStream sink) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%level [%thread] %logger - %msg%n%ex");
      encoder.start();
      OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
      appender.setContext(context);
      appender.setEncoder(encoder);
      appender.setOutputStream(sink);
      appender.start();
      Map<String, Level> previous = new HashMap<>();
      for (String name : LOGGERS) {
        previous.put(name, context.getLogger(name).getLevel());
      }
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
      context.getLogger("org.apache.kafka").setLevel(Level.INFO);
      context.getLogger("io.ppscore").setLevel(Level.DEBUG);
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
      return new LogCapture(appender, previous);
    }

    void stop() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
      appender.stop();
      previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }
}
