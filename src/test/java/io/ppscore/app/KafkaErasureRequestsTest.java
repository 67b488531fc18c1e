package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ppscore.config.AppConfig;
import io.ppscore.events.SchemaRegistryUnavailableException;
import io.ppscore.events.Topic;
import io.ppscore.events.avro.UserErasureRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    // Then send() blocks at most 3 s (Kafka's default is 60 s), the record is decided within 5 s more
    assertThat(producer).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
    int requestTimeout = (Integer) producer.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    assertThat(requestTimeout).as("delivery.timeout.ms >= linger.ms + request.timeout.ms, or the producer refuses to start")
        .isLessThanOrEqualTo(5_000);
    // and with the value's registry look-up in send(), after the metadata wait, the whole still fits
    assertThat(KafkaErasureRequests.MAX_BLOCK_MS + KafkaErasureRequests.REGISTRY_OPERATION.toMillis()
        + KafkaErasureRequests.ACK_WAIT_MS).isLessThanOrEqualTo(11_000);
  }

  @Test
  void shouldGiveUpSerializingTheRequestWithinTheRegistryLimitWhenTheRegistryStalls() throws Exception {
    // Given a registry that accepts connections and never answers, and the default (at-least-once) settings,
    // under which the stream threads' client waits 10 s per request and retries
    try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG,
          "http://127.0.0.1:" + stalled.getLocalPort()));
      Topic<String, UserErasureRequest> topic = KafkaErasureRequests.erasureTopic(config);
      UserErasureRequest request = UserErasureRequest.newBuilder().setRequestId("r1").setRequestedAt(Instant.EPOCH)
          .setRequestedBy("test").setReason(null).build();

      // (the serializer is made first: only its registry call is timed, not the making of the serde)
      var serializer = topic.valueSerde().serializer();

      // When the request's value is serialized, as send() does after the metadata wait
      long start = System.nanoTime();
      Throwable failure = catchThrowable(() -> serializer.serialize(topic.name(), request));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // Then it fails as the registry's fault, having waited for the answer (an attempt waits 0.8 s), within the
      // erasure's registry limit (2 s), so the HTTP worker is not held. The bound allows three times the limit for
      // a loaded machine and stays below what the stream threads' client would wait here: 10 s for the first
      // answer alone, then retries for up to a minute
      assertThat(failure).isInstanceOf(SchemaRegistryUnavailableException.class);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500))
          .isLessThan(KafkaErasureRequests.REGISTRY_OPERATION.multipliedBy(3));
    }
  }
}
