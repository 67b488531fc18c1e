package io.ppscore.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  @Test
  void shouldCarryARecordFromProducerToConsumerThroughACreatedTopic() throws Exception {
    // Given
    long startNanos = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      System.err.printf("EmbeddedKafka start-up: %d ms%n", (System.nanoTime() - startNanos) / 1_000_000);
      kafka.createTopics(Map.of("greetings", 2));

      // When
      RecordMetadata sent = produce(kafka.bootstrapServers(), "greetings", "user-1", "hello");
      List<ConsumerRecord<String, String>> received = consume(kafka.bootstrapServers(), "greetings", 1);

      // Then
      assertThat(sent.topic()).isEqualTo("greetings");
      assertThat(received).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo("user-1");
        assertThat(r.value()).isEqualTo("hello");
      });
    }
  }

  @Test
  void shouldListenOnTheRequestedFixedPortAndCreateCompactedTopics() throws Exception {
    // Given
    int port = freePort();

    // When
    try (EmbeddedKafka kafka = EmbeddedKafka.start(port)) {
      kafka.createCompactedTopic("profiles", 1);

      // Then
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      assertThat(cleanupPolicy(kafka.bootstrapServers(), "profiles")).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  private static RecordMetadata produce(String bootstrap, String topic, String key, String value) throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
             new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("a record on " + topic).atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.size() >= expected;
      });
    }
    return received;
  }

  private static String cleanupPolicy(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      return admin.describeConfigs(List.of(resource)).all().get().get(resource)
          .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
