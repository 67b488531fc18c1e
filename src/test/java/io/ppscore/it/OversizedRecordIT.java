package io.ppscore.it;

import static io.ppscore.it.ItEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.topology.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record just under the broker's and the producer's 1 MiB through a real broker: with the dead-letter headers
 * added it would be over the Kafka Streams producer's max.request.size, which refuses it for good. It is
 * dead-lettered (undecodable) without its value, and the record after it is processed on the same stream thread.
 */
class OversizedRecordIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));

  @TempDir
  Path stateDir;

  private EmbeddedKafka kafka;
  private EmbeddedSchemaRegistry registry;
  private PpscoreApp app;
  private KafkaProducer<byte[], byte[]> producer;

  @AfterEach
  void stopAll() {
    ItApps.closeQuietly(producer);
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldDeadLetterARecordTooLargeForItsDeadLetterHeadersAndProcessTheNextOne() throws Exception {
    // Given a broker, a registry and one running instance
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 1, "carts", 1, "orders", 1, "ppscore-dead-letter", 1, "user-erasure", 1));
    registry = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registry, "ppscore-oversized-it", stateDir, ItApps.freePort(), Map.of());
    app = ItApps.start(config);
    Topics topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    byte[] key = "alice".getBytes(StandardCharsets.UTF_8);

    // When a 1,048,300-byte value (under 1 MiB, over it with the dead-letter headers) and then a good view arrive
    producer.send(new ProducerRecord<>("clicks", null, T0.toEpochMilli(), key, new byte[1_048_300])).get();
    byte[] good = topics.clicks().valueSerde().serializer().serialize("clicks", view("v1", "alice", T0, "p1", "9.99"));
    producer.send(new ProducerRecord<>("clicks", null, T0.toEpochMilli(), key, good)).get();

    // Then the dead letter lands, without the value, with the reason and the source coordinates
    List<ConsumerRecord<byte[], byte[]>> dead = CommittedRecords.readPartitionZero(kafka.bootstrapServers(),
        topics.deadLetter().name(), 1, TIMEOUT);
    assertThat(dead).hasSize(1);
    ConsumerRecord<byte[], byte[]> letter = dead.get(0);
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_SCHEMA_ID");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clicks");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(letter, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo("1048300");
    assertThat(letter.value()).isEmpty();
    // and the good view is counted, on the original stream thread
    await("the view after it counted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
      UserApi.Answer answer = UserApi.get(app.httpPort(), "alice", T0.plus(Duration.ofDays(1)));
      return answer.status() == 200 && answer.lifetimeCount("views") == 1;
    });
    assertThat(app.streams().metadataForLocalThreads()).extracting(ThreadMetadata::threadName)
        .singleElement().asString().endsWith("-StreamThread-1");
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.read(r.headers(), name);
  }
}
