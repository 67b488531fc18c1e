package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.replay.ReplayEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaReplayTargetTest {

  private static final Map<Kind, String> TOPICS = Map.of(Kind.CLICK, "clicks", Kind.CART, "carts", Kind.ORDER, "orders");
  private static final Serializer<SpecificRecord> TO_STRING =
      (topic, value) -> value.toString().getBytes(StandardCharsets.UTF_8);

  private static List<ReplayEvent> events() {
    ReplaySource csv = Fixtures.source(Fixtures.REES46_HEADER + """
        2019-10-01 00:00:00 UTC,view,1,2,,,1.00,u1,s1
        2019-10-01 00:00:01 UTC,cart,1,2,,,1.00,u2,s2
        2019-10-01 00:00:02 UTC,purchase,1,2,,,1.00,u1,s1
        """);
    return Fixtures.readAll(new Rees46Reader(), csv, new ReplayStats());
  }

  @Test
  void shouldSendEachKindToItsTopicKeyedByUserAndLeaveTheTimestampToTheProducer() {
    // Given
    MockProducer<String, SpecificRecord> producer = mockProducer(true);
    KafkaReplayTarget target = new KafkaReplayTarget(producer, TOPICS);

    // When
    events().forEach(target::send);
    target.flush();

    // Then
    List<ProducerRecord<String, SpecificRecord>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsExactly("clicks", "carts", "orders");
    assertThat(sent).extracting(ProducerRecord::key).containsExactly("u1", "u2", "u1");
    // no timestamp: the producer stamps the time of sending, not the 2019 event time (retention deletes by it)
    assertThat(sent).extracting(ProducerRecord::timestamp).containsOnlyNulls();
    assertThat(target.acked()).isEqualTo(3);
  }

  @Test
  void shouldFailLoudlyWithTheCauseOnceASendHasFailed() {
    // Given
    MockProducer<String, SpecificRecord> producer = mockProducer(false);
    KafkaReplayTarget target = new KafkaReplayTarget(producer, TOPICS);
    List<ReplayEvent> events = events();
    target.send(events.get(0));
    target.send(events.get(1));

    // When
    producer.completeNext();
    producer.errorNext(new RecordTooLargeException("too large"));

    // Then
    assertThatThrownBy(() -> target.send(events.get(2)))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("1 were acknowledged")
        .hasCauseInstanceOf(RecordTooLargeException.class);
    assertThatThrownBy(target::flush).isInstanceOf(KafkaException.class);
    assertThat(producer.history()).hasSize(2);
  }

  @Test
  void shouldRefuseATopicMapWithoutEveryKind() {
    MockProducer<String, SpecificRecord> producer = mockProducer(true);
    assertThatThrownBy(() -> new KafkaReplayTarget(producer, Map.of(Kind.CLICK, "clicks")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no topic for CART events");
  }

  private static MockProducer<String, SpecificRecord> mockProducer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), TO_STRING);
  }
}
