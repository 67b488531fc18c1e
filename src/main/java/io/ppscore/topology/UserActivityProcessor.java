package io.ppscore.topology;

import io.ppscore.events.DeadLetterReason;
import io.ppscore.events.InputEvents;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserStateWriter;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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
 * Keeps each user's windowed state. Per event, in order: drop it if the same user sent an event with the
 * same id within the de-duplication horizon; dead-letter it if its event time is more than the grace
 * period behind the task's event-time watermark, or if its currency differs from the user's; otherwise
 * add it to the user's buckets and profile and, when scoring is on, mark the user for the next scoring run
 * ({@link DirtyUsers}). Forwards only dead-letter records, the event re-encoded as
 * {@link UserEvent} with its original key and headers, cut down to what the producer accepts ({@link DeadLetterFit}).
 *
 * <p>The watermark never runs ahead of the wall clock: one event stamped in the future must not make
 * every real-time event after it "late".
 */
final class UserActivityProcessor implements Processor<String, UserEvent, byte[], byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(UserActivityProcessor.class);
  static final String WATERMARK_KEY = StoreNames.EVENT_TIME_WATERMARK_KEY;

  private final Duration grace;
  private final Duration dedupHorizon;
  private final String defaultCurrency;
  private final Serializer<UserEvent> deadLetterSerializer;
  private final String deadLetterTopic;
  private final String appVersion;
  private final int maxRecordBytes;
  private final boolean markForScoring;
  private final int maxPendingTexts;
  private final EmbeddingPrefetch prefetch;
  private ProcessorContext<byte[], byte[]> context;
  private WindowStore<String, Long> seenEventIds;
  private KeyValueStore<String, Long> watermarks;
  private UserStateWriter writer;
  private DeadLetterMetrics deadLetters;
  private Sensor duplicates;
  private long watermark;
  private DirtyUsers dirtyUsers;

  UserActivityProcessor(TopologySettings settings, Serializer<UserEvent> deadLetterSerializer) {
    this(settings, deadLetterSerializer, false);
  }

  /** With {@code markForScoring}, every aggregated event also marks its user in {@code scoring-dirty-users}. */
  UserActivityProcessor(TopologySettings settings, Serializer<UserEvent> deadLetterSerializer, boolean markForScoring) {
    this(settings, deadLetterSerializer, markForScoring, EmbeddingPrefetch.NONE);
  }

  /** As above; the texts a marked user's event brings are also handed to {@code prefetch}. */
  UserActivityProcessor(TopologySettings settings, Serializer<UserEvent> deadLetterSerializer, boolean markForScoring,
      EmbeddingPrefetch prefetch) {
    this.markForScoring = markForScoring;
    this.maxPendingTexts = settings.scoringMaxBatchTexts();
    this.prefetch = prefetch;
    this.grace = settings.grace();
    this.dedupHorizon = settings.dedupHorizon();
    this.defaultCurrency = settings.defaultCurrency();
    this.deadLetterSerializer = deadLetterSerializer;
    this.deadLetterTopic = settings.deadLetterTopic();
    this.appVersion = settings.appVersion();
    this.maxRecordBytes = settings.maxRecordBytes();
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
    this.writer = new UserStateWriter(KafkaStores.writable(context.getStateStore(StoreNames.USER_PROFILE), buckets),
        defaultCurrency);
    this.deadLetters = new DeadLetterMetrics(context.metrics());
    this.duplicates = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "dedup", "duplicate-events",
        RecordingLevel.INFO);
    if (markForScoring) {
      this.dirtyUsers = new DirtyUsers(context.getStateStore(StoreNames.SCORING_DIRTY_USERS), maxPendingTexts,
          context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", "dropped-pending-texts",
              RecordingLevel.INFO), prefetch);
    }
    Long stored = watermarks.get(WATERMARK_KEY);
    this.watermark = stored == null ? Long.MIN_VALUE : stored;
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    String userId = record.key();
    SpecificRecord event = (SpecificRecord) record.value().getEvent();
    String dedupKey = dedupKey(userId, InputEvents.eventId(event));
    long t = InputEvents.eventTime(event).toEpochMilli();
    if (isDuplicate(dedupKey, t)) {
      LOG.debug("Dropping duplicate event {} of user {}", InputEvents.eventId(event), io.ppscore.events.LogIds.of(userId));
      duplicates.record();
      writer.countRejected(userId, false);
      return;
    }
    if (watermark != Long.MIN_VALUE && t < watermark - grace.toMillis()) {
      deadLetter(record, DeadLetterReason.LATE_EVENT, "event time " + Instant.ofEpochMilli(t)
          + " is more than the grace period " + grace + " behind the watermark " + Instant.ofEpochMilli(watermark));
      writer.countRejected(userId, true);
      return;
    }
    Optional<String> currencyConflict = writer.currencyConflict(userId, event);
    if (currencyConflict.isPresent()) {
      deadLetter(record, DeadLetterReason.INVALID_FIELD, currencyConflict.get());
      return;
    }
    // Aggregate first: if it throws, nothing below is written and the record can be dead-lettered whole.
    writer.apply(userId, event);
    if (dirtyUsers != null) {
      dirtyUsers.mark(userId, event, context.currentSystemTimeMs());
    }
    seenEventIds.put(dedupKey, t, t);
    long advanced = Math.min(t, context.currentSystemTimeMs());
    if (advanced > watermark) {
      watermark = advanced;
      watermarks.put(WATERMARK_KEY, advanced);
    }
  }

  /** Event ids are unique per user, not necessarily across users. */
  static String dedupKey(String userId, String eventId) {
    return userId + '\u0000' + eventId;
  }

  private boolean isDuplicate(String dedupKey, long t) {
    long horizon = dedupHorizon.toMillis();
    try (WindowStoreIterator<Long> seen = seenEventIds.fetch(dedupKey, t - horizon, t + horizon)) {
      return seen.hasNext();
    }
  }

  private void deadLetter(Record<String, UserEvent> record, DeadLetterReason reason, String message) {
    UserEvent wrapped = record.value();
    LOG.warn("Sending event to the dead-letter topic: {} ({}) topic={} partition={} offset={}", reason, message,
        wrapped.getSourceTopic(), wrapped.getSourcePartition(), wrapped.getSourceOffset());
    deadLetters.record(reason);
    ByteBuffer sourceKey = wrapped.getSourceKey();
    // null: the key was the user id; empty: the record had no key (events wrapped by earlier builds: the user id)
    byte[] key = sourceKey == null ? record.key().getBytes(StandardCharsets.UTF_8)
        : sourceKey.remaining() == 0 ? null : toArray(sourceKey);
    byte[] value = deadLetterSerializer.serialize(deadLetterTopic, wrapped);
    // stamped when written; the header keeps the input record's timestamp (capped at when it was read), or
    // the event time for events wrapped by builds before produced_at
    Instant producedAt = wrapped.getProducedAt();
    long sourceTimestamp = producedAt == null ? record.timestamp() : producedAt.toEpochMilli();
    // the re-encoded event (which carries a key that is not the user id again, as source_key) with the original
    // headers and ppscore's may be over what the producer accepts: cut down to fit (DeadLetterFit)
    DeadLetterFit dead = DeadLetterFit.of(key, value, DeadLetterHeaders.with(record.headers(), reason, message,
        wrapped.getSourceTopic(), wrapped.getSourcePartition(), wrapped.getSourceOffset(), sourceTimestamp, appVersion),
        maxRecordBytes);
    context.forward(new Record<>(dead.key(), dead.value(), context.currentSystemTimeMs(), dead.headers()));
  }

  private static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
