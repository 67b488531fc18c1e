package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topic;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.query.ErasureRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records erasure requests on the erasure topic (key: user id), waiting for the broker's acknowledgement
 * so a 202 means the request is durable. One idempotent producer, created lazily on the first request
 * (most instances never get one).
 *
 * <p>An HTTP worker waits for the answer, so the wait is bounded to about 10 s in all: {@code send} blocks at
 * most {@link #MAX_BLOCK_MS} for metadata or buffer space (Kafka's default is 60 s), then serializes the value,
 * which may ask the schema registry (the first request after a start, a new latest version): that client's
 * operations end within {@link #REGISTRY_OPERATION} ({@link #create}), whatever the stream threads' client
 * allows under at-least-once (a minute and more); the record then succeeds or fails within
 * {@link #DELIVERY_TIMEOUT_MS}; {@link #ACK_WAIT_MS} only backs that up.
 */
final class KafkaErasureRequests implements ErasureRequests, AutoCloseable {

  static final String REQUESTED_BY = "http-api";
  static final int MAX_BLOCK_MS = 3_000;
  /** What the erasure value serializer's registry client may take per call, retries included. */
  static final Duration REGISTRY_LIMIT = Duration.ofSeconds(4);
  /** The resulting bound of one registry operation: {@link #REGISTRY_LIMIT} less the client's 2 s margin. */
  static final Duration REGISTRY_OPERATION = HttpSchemaRegistryClient.operationLimitWithin(REGISTRY_LIMIT);
  static final int REQUEST_TIMEOUT_MS = 2_500;
  static final int DELIVERY_TIMEOUT_MS = 5_000;
  static final long ACK_WAIT_MS = DELIVERY_TIMEOUT_MS + 500;

  private final Map<String, Object> producerConfig;
  private final Topic<String, UserErasureRequest> topic;
  private final Clock clock;
  private Producer<String, UserErasureRequest> producer;

  /** Requests on {@code config}'s erasure topic, serialized with a registry client of short limits. */
  static KafkaErasureRequests create(AppConfig config, Clock clock) {
    return new KafkaErasureRequests(config, erasureTopic(config), clock);
  }

  /** The erasure topic with a value serializer whose registry calls end within {@link #REGISTRY_OPERATION}. */
  static Topic<String, UserErasureRequest> erasureTopic(AppConfig config) {
    return Topics.from(config, HttpSchemaRegistryClient.fromConfig(config, REGISTRY_LIMIT)).userErasure();
  }

  KafkaErasureRequests(AppConfig config, Topic<String, UserErasureRequest> topic, Clock clock) {
    Map<String, Object> props = StreamsProperties.clientSettings(config);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-erasure-requests");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producerConfig = Map.copyOf(props);
    this.topic = topic;
    this.clock = clock;
  }

  @Override
  public String request(String userId, String reason) {
    String requestId = UUID.randomUUID().toString();
    UserErasureRequest value = UserErasureRequest.newBuilder()
        .setRequestId(requestId)
        .setRequestedAt(clock.instant())
        .setRequestedBy(REQUESTED_BY)
        .setReason(reason == null || reason.isEmpty() ? null : reason)
        .build();
    try {
      producer().send(new ProducerRecord<>(topic.name(), userId, value)).get(ACK_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("erasure request not acknowledged by the broker: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording an erasure request", e);
    }
    return requestId;
  }

  /** The configuration the producer is built with. */
  Map<String, Object> producerConfig() {
    return producerConfig;
  }

  private synchronized Producer<String, UserErasureRequest> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(producerConfig, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
