package io.ppscore.topology;

import io.ppscore.events.AvroDecodingException;
import io.ppscore.events.DeadLetterReason;
import io.ppscore.events.EventValidator;
import io.ppscore.events.InputEvents;
import io.ppscore.events.Violation;
import io.ppscore.state.avro.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates one input topic's raw records. Input is consumed as bytes so that a record that
 * cannot be decoded still reaches the dead-letter topic unchanged, with the reason in headers; a valid
 * event goes on keyed by its user id and stamped with its event time, marked as already in its user's task
 * only when its key is the user id and it arrived on that key's default (murmur2) partition.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, ParsedEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

  /** Metric operation: records read per input topic ({@code events-in-total}, tag {@code topic}). */
  static final String EVENTS_IN = "events-in";

  private final String sourceTopic;
  private final Deserializer<? extends SpecificRecord> deserializer;
  private final EventValidator validator;
  private final String appVersion;
  private final int partitions;
  private final int maxRecordBytes;
  private final Serializer<UserEvent> rekeySerializer;
  private final ErasedUsers erased;
  private ProcessorContext<String, ParsedEvent> context;
  private String rekeyTopic;
  private DeadLetterMetrics metrics;
  private Sensor eventsIn;

  /**
   * @param partitions the input topics' partition count, which places each user's state (see {@link UserPartitions})
   * @param maxRecordBytes the largest record ppscore writes, key, value and headers together ({@link RecordSizeLimit})
   * @param rekeySerializer the rekey topic's value serializer, to measure an event's copy there before sending it
   * @param erased the erasure guard's decision, so that an erased user's rejected in-flight events are dropped
   *     as the guard drops the valid ones, not dead-lettered
   */
  ParseProcessor(String sourceTopic, Deserializer<? extends SpecificRecord> deserializer, EventValidator validator,
      String appVersion, int partitions, int maxRecordBytes, Serializer<UserEvent> rekeySerializer, ErasedUsers erased) {
    this.sourceTopic = sourceTopic;
    this.erased = erased;
    this.rekeySerializer = rekeySerializer;
    this.maxRecordBytes = maxRecordBytes;
    this.partitions = partitions;
    this.deserializer = deserializer;
    this.validator = validator;
    this.appVersion = appVersion;
  }

  @Override
  public void init(ProcessorContext<String, ParsedEvent> context) {
    this.context = context;
    this.rekeyTopic = PurchasingPowerTopology.rekeyTopic(context.applicationId());
    this.metrics = new DeadLetterMetrics(context.metrics());
    erased.init(context);
    this.eventsIn = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "topic-" + sourceTopic, EVENTS_IN,
        RecordingLevel.INFO, "topic", sourceTopic);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    eventsIn.record();
    // refused before decoding: larger than any record the producer sends (the topic allows more than ppscore's
    // producer does), not worth decoding; a record within it is processed (its dead letter is fitted)
    long size = RecordSizeLimit.sizeOf(record.key(), record.value(), record.headers());
    long maxRequestSize = (long) maxRecordBytes + RecordSizeLimit.FRAMING;
    if (size > maxRequestSize) {
      reject(record, source, DeadLetterReason.OVERSIZED_FIELD, "record of " + size + " bytes (key, value and headers), "
          + "more than the producer's max.request.size of " + maxRequestSize);
      return;
    }
    SpecificRecord event;
    try {
      event = deserializer.deserialize(source.topic(), record.headers(), record.value());
    } catch (AvroDecodingException e) {
      reject(record, source, e.reason(), e.getMessage());
      return;
    } catch (SerializationException e) {
      reject(record, source, DeadLetterReason.UNDESERIALIZABLE, String.valueOf(e.getMessage()));
      return;
    }
    if (event == null) {
      reject(record, source, DeadLetterReason.UNDESERIALIZABLE, "empty value (tombstone) on an event topic");
      return;
    }
    Optional<Violation> violation = validator.validate(event, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    if (violation.isPresent()) {
      reject(record, source, violation.get().reason(), violation.get().message(), event);
      return;
    }
    String userId = InputEvents.userId(event);
    boolean keyedByUser = record.key() != null && Arrays.equals(record.key(), userId.getBytes(StandardCharsets.UTF_8));
    // keyed by the user but written by a client with another partitioner (librdkafka's default): the user's
    // state lives in the task of the key's murmur2 partition, so the event takes the rekey topic there too
    boolean onUserPartition = keyedByUser && UserPartitions.isOwnPartition(record.key(), source.partition(), partitions);
    long now = context.currentSystemTimeMs();
    // When it was produced, for the erasure-guard: the input record's own timestamp (create or append time),
    // never later than now, when it was read; the event time is the client's claim and may run ahead.
    Instant producedAt = Instant.ofEpochMilli(InputTimestamps.notAfter(record.timestamp(), now));
    UserEvent wrapped = new UserEvent(event, source.topic(), source.partition(), source.offset(),
        sourceKey(record.key(), keyedByUser), producedAt);
    // The record timestamp becomes the timestamp of changelog and repartition writes: never stamp it in
    // the future (brokers reject timestamps over log.message.timestamp.after.max.ms ahead, 1 h by default).
    long timestamp = InputTimestamps.notAfter(InputEvents.eventTime(event).toEpochMilli(), now);
    if (!onUserPartition) {
      // its copy on the rekey topic, re-encoded with ppscore's schema and wrapped, may be larger than the input
      // record: one the producer refuses would fail the task on every retry
      long rekeyed = RecordSizeLimit.sizeOf(userId.getBytes(StandardCharsets.UTF_8),
          rekeySerializer.serialize(rekeyTopic, record.headers(), wrapped), record.headers());
      if (rekeyed > maxRecordBytes) {
        reject(record, source, DeadLetterReason.OVERSIZED_FIELD, "its copy for the rekey topic (the event keyed by "
            + "its user) takes " + rekeyed + " bytes, more than the " + maxRecordBytes + " the producer accepts "
            + "(max.request.size minus " + RecordSizeLimit.FRAMING + ")", event);
        return;
      }
    }
    context.forward(new Record<String, ParsedEvent>(userId, new ParsedEvent.Valid(wrapped, onUserPartition),
        timestamp, record.headers()));
  }

  /**
   * Whether {@code event} is an erased user's in-flight event, by the erasure guard's rule ({@link ErasedUsers}).
   * Only on the user's own partition: this task holds the erasures of that partition's users alone; elsewhere
   * (a key that is not the user id, another partitioner) it cannot know, and the record is dead-lettered. For
   * an {@link DeadLetterReason#ABSURD_TIMESTAMP} the event time is what validation found meaningless (before
   * 2000, say), so the produced time alone decides.
   */
  private boolean erasedInFlight(SpecificRecord event, Record<byte[], byte[]> record, RecordMetadata source,
      DeadLetterReason reason) {
    if (!erased.enabled()) {
      return false;
    }
    String userId = InputEvents.userId(event);
    if (userId == null || !UserPartitions.isOwnPartition(userId, source.partition(), partitions)) {
      return false;
    }
    Instant eventTime = reason == DeadLetterReason.ABSURD_TIMESTAMP ? null : InputEvents.eventTime(event);
    long producedAt = InputTimestamps.notAfter(record.timestamp(), context.currentSystemTimeMs());
    return erased.dropsInFlight(userId, eventTime == null ? Long.MAX_VALUE : eventTime.toEpochMilli(), producedAt);
  }

  /** What a dead letter of this event needs of its key: null for the user id, empty for no key at all. */
  private static java.nio.ByteBuffer sourceKey(byte[] key, boolean keyedByUser) {
    if (keyedByUser) {
      return null;
    }
    return java.nio.ByteBuffer.wrap(key == null ? new byte[0] : key);
  }

  private void reject(Record<byte[], byte[]> record, RecordMetadata source, DeadLetterReason reason, String message) {
    reject(record, source, reason, message, null);
  }

  /**
   * Dead-letters {@code record}, unless {@code event} (what it decoded to, null when it did not) is an erased
   * user's in-flight event: that is dropped and counted as the erasure-guard drops the valid ones, so the
   * dead-letter topic keeps no copy of the erased user's data.
   */
  private void reject(Record<byte[], byte[]> record, RecordMetadata source, DeadLetterReason reason, String message,
      SpecificRecord event) {
    if (event != null && erasedInFlight(event, record, source, reason)) {
      LOG.debug("Dropping a rejected event ({}) of an erased user produced or stamped before the erasure: topic={} "
          + "partition={} offset={}", reason, source.topic(), source.partition(), source.offset());
      return;
    }
    LOG.warn("Sending record to the dead-letter topic: {} ({}) topic={} partition={} offset={}",
        reason, message, source.topic(), source.partition(), source.offset());
    metrics.record(reason);
    DeadLetterFit dead = DeadLetterFit.of(record.key(), record.value(), DeadLetterHeaders.with(record.headers(), reason,
        message, source.topic(), source.partition(), source.offset(), record.timestamp(), appVersion), maxRecordBytes);
    // stamped when written (the record's own timestamp goes in a header): see DeadLetterHeaders.SOURCE_TIMESTAMP
    context.forward(new Record<String, ParsedEvent>(null, new ParsedEvent.Rejected(dead.key(), dead.value()),
        context.currentSystemTimeMs(), dead.headers()));
  }
}
