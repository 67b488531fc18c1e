package io.ppscore.it;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails after Kafka Streams was created (here: the API's port is taken) leaves none of its Kafka
 * clients running: the caller then frees the model and the RocksDB memory, which a running stream thread
 * would still use, and an instance that joined the group would hold its partitions until the session timeout.
 */
class FailedStartIT {

  private static final String APP_ID = "ppscore-failed-start-it";

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 1, "carts", 1, "orders", 1, "ppscore-dead-letter", 1, "user-erasure", 1));
    kafka.createCompactedTopic("purchasing-power-scores", 1);
    registry = EmbeddedSchemaRegistry.start(0);
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldLeaveNoKafkaClientRunningWhenTheApiPortIsTaken() throws Exception {
    // Given the API's port taken by another process, and the committed model to load
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      AppConfig config = ItApps.config(kafka, registry, APP_ID, stateDir, taken.getLocalPort(),
          Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu"));

      // When the instance starts
      assertThatThrownBy(() -> ItApps.start(config)).hasRootCauseInstanceOf(java.net.BindException.class);

      // Then no thread of its Kafka clients runs on (stream threads, their producers, the admin client)
      await("the instance's threads gone").atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces()
          .keySet().stream().noneMatch(thread -> thread.getName().contains(APP_ID)));
    }
  }
}
