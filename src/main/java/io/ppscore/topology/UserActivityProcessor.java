package io.ppscore.topology;

import io.ppscore.events.DeadLetterReason;
import io.ppscore.events.InputEvents;
import io.ppscore.state.Granularity;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserStateWriter;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each user's windowed state. Per event, in order: drop it if its id was seen within the
 * de-duplication horizon; dead-letter it if its event time is more than the grace period behind the
 * task's event-time watermark; otherwise add it to the user's buckets and profile. Forwards only
 * dead-letter records (late events), re-encoded as {@link UserEvent}.
 */
final class UserActivityProcessor implements Processor<String, UserEvent, byte[], byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(UserActivityProcessor.class);
  private static final String WATERMARK_KEY = "watermark";

  private final Duration grace;
  private final Duration dedupHorizon;
  private final String defaultCurrency;
  private final Serializer<UserEvent> deadLetterSerializer;
  private final String deadLetterTopic;
  private final String appVersion;
  private ProcessorContext<byte[], byte[]> context;
  private WindowStore<String, Long> seenEventIds;
  private KeyValueStore<String, Long> watermarks;
  private UserStateWriter writer;
  private DeadLetterMetrics deadLetters;
  private Sensor duplicates;
  private long watermark;

  UserActivityProcessor(TopologySettings settings, Serializer<UserEvent> deadLetterSerializer) {
    this.grace = settings.grace();
    this.dedupHorizon = settings.dedupHorizon();
    this.defaultCurrency = settings.defaultCurrency();
    this.deadLetterSerializer = deadLetterSerializer;
    this.deadLetterTopic = settings.deadLetterTopic();
    this.appVersion = settings.appVersion();
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.seenEventIds = context.getStateStore(StoreNames.EVENT_ID_DEDUP);
    this.watermarks = context.getStateStore(StoreNames.EVENT_TIME_WATERMARK);
    Map<Granularity, WindowStore<String, ActivityBucket>> buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      buckets.put(g, context.getStateStore(g.storeName()));
    }
    this.writer = new UserStateWriter(context.getStateStore(StoreNames.USER_PROFILE), buckets, defaultCurrency);
    this.deadLetters = new DeadLetterMetrics(context.metrics());
    this.duplicates = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "dedup", "duplicate-events",
        RecordingLevel.INFO);
    Long stored = watermarks.get(WATERMARK_KEY);
    this.watermark = stored == null ? Long.MIN_VALUE : stored;
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    UserEvent wrapped = record.value();
    SpecificRecord event = (SpecificRecord) wrapped.getEvent();
    String userId = record.key();
    String eventId = InputEvents.eventId(event);
    long t = InputEvents.eventTime(event).toEpochMilli();
    if (isDuplicate(eventId, t)) {
      LOG.debug("Dropping duplicate event {} of user {}", eventId, userId);
      duplicates.record();
      writer.countRejected(userId, false);
      return;
    }
    if (watermark != Long.MIN_VALUE && t < watermark - grace.toMillis()) {
      deadLetterLate(record, wrapped, t);
      writer.countRejected(userId, true);
      return;
    }
    seenEventIds.put(eventId, t, t);
    writer.apply(userId, event);
    if (t > watermark) {
      watermark = t;
      watermarks.put(WATERMARK_KEY, t);
    }
  }

  private boolean isDuplicate(String eventId, long t) {
    long horizon = dedupHorizon.toMillis();
    try (WindowStoreIterator<Long> seen = seenEventIds.fetch(eventId, t - horizon, t + horizon)) {
      return seen.hasNext();
    }
  }

  private void deadLetterLate(Record<String, UserEvent> record, UserEvent wrapped, long t) {
    String message = "event time " + java.time.Instant.ofEpochMilli(t) + " is more than the grace period " + grace
        + " behind the watermark " + java.time.Instant.ofEpochMilli(watermark);
    LOG.warn("Sending late event to the dead-letter topic: {} topic={} partition={} offset={}", message,
        wrapped.getSourceTopic(), wrapped.getSourcePartition(), wrapped.getSourceOffset());
    deadLetters.record(DeadLetterReason.LATE_EVENT);
    byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
    byte[] value = deadLetterSerializer.serialize(deadLetterTopic, wrapped);
    context.forward(new Record<>(key, value, record.timestamp(),
        DeadLetterHeaders.with(new RecordHeaders(), DeadLetterReason.LATE_EVENT, message, wrapped.getSourceTopic(),
            wrapped.getSourcePartition(), wrapped.getSourceOffset(), appVersion)));
  }
}
