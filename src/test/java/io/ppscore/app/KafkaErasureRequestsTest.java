package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaErasureRequestsTest {

  @Test
  void shouldBoundTheWholeWaitOfAnHttpWorkerToAboutTenSeconds() {
    // Given the app's erasure producer, with a kafka. override that would let send() block a minute
    AppConfig config = new AppConfig(Map.of("kafka.max.block.ms", "60000"));

    // When
    Map<String, Object> producer = new KafkaErasureRequests(config, null, Clock.systemUTC()).producerConfig();

    // Then send() blocks at most 5 s (Kafka's default is 60 s), the record is decided within 5 s more
    assertThat(producer).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
    int requestTimeout = (Integer) producer.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    assertThat(requestTimeout).as("delivery.timeout.ms >= linger.ms + request.timeout.ms, or the producer refuses to start")
        .isLessThanOrEqualTo(5_000);
    assertThat(KafkaErasureRequests.MAX_BLOCK_MS + KafkaErasureRequests.ACK_WAIT_MS).isLessThanOrEqualTo(11_000);
  }
}
