package io.ppscore.replay;

import io.ppscore.replay.ReplayEvent.Kind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replayed events to Kafka: key = user id (UTF-8 string), value = the Avro record through the
 * caller's serializer (the Confluent wire-format serde in the app), one topic per {@link Kind}. The record
 * timestamp is left to the producer, which stamps the time of sending: brokers roll and delete log segments
 * by record timestamps (7-day retention by default), so records stamped with the event time of a replayed
 * history would be deleted at the next retention check, before any consumer read them. ppscore takes the
 * event time from the value. The producer is idempotent with {@code acks=all}.
 *
 * <p>The first failed send is fatal: it is logged, and the next {@link #send}, {@link #flush} or
 * {@link #close} throws a {@link KafkaException} carrying it, so a replay never loses events quietly.
 */
public final class KafkaReplayTarget implements ReplayTarget {

  private static final Logger log = LoggerFactory.getLogger(KafkaReplayTarget.class);

  private final Producer<String, SpecificRecord> producer;
  private final Map<Kind, String> topics;
  private final LongAdder acked = new LongAdder();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  KafkaReplayTarget(Producer<String, SpecificRecord> producer, Map<Kind, String> topics) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topics = new EnumMap<>(Objects.requireNonNull(topics, "topics"));
    for (Kind kind : Kind.values()) {
      if (!this.topics.containsKey(kind)) {
        throw new IllegalArgumentException("no topic for " + kind + " events in " + topics);
      }
    }
  }

  /**
   * A target producing to {@code bootstrapServers}.
   *
   * @param valueSerializer serializes the Avro values (configured by the caller, for values)
   * @param topics the topic of each kind of event; every kind needs one
   */
  public static KafkaReplayTarget create(String bootstrapServers, Serializer<SpecificRecord> valueSerializer,
      Map<Kind, String> topics) {
    return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), valueSerializer, topics);
  }

  /**
   * A target with extra producer settings ({@code bootstrap.servers} at least, security as needed);
   * {@code acks}, idempotence and {@code linger.ms} default as the class says unless given.
   */
  public static KafkaReplayTarget create(Map<String, Object> producerConfig,
      Serializer<SpecificRecord> valueSerializer, Map<Kind, String> topics) {
    Objects.requireNonNull(valueSerializer, "valueSerializer");
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "ppscore-replay");
    config.putAll(producerConfig);
    return new KafkaReplayTarget(new KafkaProducer<>(config, new StringSerializer(), valueSerializer), topics);
  }

  @Override
  public void send(ReplayEvent event) {
    throwIfFailed();
    String topic = topics.get(event.kind());
    // no timestamp: the producer stamps the time of sending (see the class comment)
    producer.send(new ProducerRecord<>(topic, event.userId(), event.value()),
        (metadata, exception) -> {
          if (exception == null) {
            acked.increment();
          } else if (failure.compareAndSet(null, exception)) {
            log.error("Send to {} failed for user {}; the replay stops", topic, io.ppscore.events.LogIds.of(event.userId()), exception);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  /** Events Kafka has acknowledged so far. */
  public long acked() {
    return acked.sum();
  }

  /** Flushes, then closes the producer; throws if a send had failed. */
  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception cause = failure.get();
    if (cause != null) {
      throw new KafkaException("a replayed event could not be sent (" + acked() + " were acknowledged)", cause);
    }
  }
}
