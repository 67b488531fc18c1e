package io.ppscore.topology;

import io.ppscore.events.LogIds;
import io.ppscore.events.UserIds;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a user (right to be forgotten): for a request keyed by a user id, deletes the user's entries in
 * every connected {@link PerUserStores per-user store} (each deletion also goes to the store's changelog as
 * a tombstone) and, when {@code tombstoneScores}, forwards a tombstone (null score) for the user to the
 * scores topic, so a compacted scores topic eventually forgets the user too.
 *
 * <p>The request's key alone decides who is erased: a value that cannot be read is logged and the user is
 * still erased. A request whose key is not a valid user id cannot match any state; it is logged with its
 * offset, counted and skipped. The erasure is remembered in {@code user-erasures} (for at least
 * {@code erasure.suppression.ms}): the {@link ErasureGuardProcessor} then drops the user's in-flight events
 * produced or stamped before the erasure. Events produced and stamped after it build new state.
 */
final class UserErasureProcessor implements Processor<String, byte[], String, UserScore> {

  private static final Logger LOG = LoggerFactory.getLogger(UserErasureProcessor.class);
  /** Metric operation: erasures done ({@code user-erasures-total}). */
  static final String ERASURES = "user-erasures";

  /** Beyond retention, a margin for a bucket's start lagging its events and for future-stamped events. */
  private static final long MARGIN_MS = Duration.ofDays(2).toMillis();

  private final List<PerUserStores.Entry> stores;
  private final Map<String, Duration> retentions;
  private KeyValueStore<String, Long> watermarks;
  private final Deserializer<UserErasureRequest> requests;
  private final int maxIdLength;
  private final boolean tombstoneScores;
  private final Duration suppression;
  private KeyValueStore<String, Long> recentErasures;
  private final List<Object> handles = new ArrayList<>();
  private ProcessorContext<String, UserScore> context;
  private Sensor erasures;
  private Sensor invalid;

  /**
   * @param retentions retention of the window stores; a window store without one is searched from time 0
   * @param tombstoneScores whether to forward a tombstone for the scores topic
   */
  UserErasureProcessor(List<PerUserStores.Entry> stores, Map<String, Duration> retentions,
      Deserializer<UserErasureRequest> requests, int maxIdLength, boolean tombstoneScores, Duration suppression) {
    this.suppression = suppression;
    this.stores = List.copyOf(stores);
    this.retentions = Map.copyOf(retentions);
    this.requests = requests;
    this.maxIdLength = maxIdLength;
    this.tombstoneScores = tombstoneScores;
  }

  @Override
  public void init(ProcessorContext<String, UserScore> context) {
    this.context = context;
    for (PerUserStores.Entry entry : stores) {
      handles.add(context.getStateStore(entry.name()));
    }
    this.watermarks = context.getStateStore(StoreNames.EVENT_TIME_WATERMARK);
    this.recentErasures = context.getStateStore(StoreNames.USER_ERASURES);
    this.erasures = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "erasure", ERASURES, RecordingLevel.INFO);
    this.invalid = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "erasure", "invalid-erasure-requests",
        RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String userId = record.key();
    if (!UserIds.isValid(userId, maxIdLength)) {
      LOG.warn("Skipping an erasure request whose key is not a valid user id ({}); {}", LogIds.of(userId), where());
      invalid.record();
      return;
    }
    long started = System.nanoTime(); // for the log line only
    int deleted = 0;
    Long watermark = watermarks.get(UserActivityProcessor.WATERMARK_KEY);
    for (int i = 0; i < stores.size(); i++) {
      deleted += erase(stores.get(i), handles.get(i), userId, searchFrom(stores.get(i).name(), watermark));
    }
    if (!suppression.isZero()) {
      // remembered for the erasure-guard: the user's events produced or stamped up to now (this wall clock) that
      // are still in flight are dropped. Not the request's own timestamp: a request stamped in the future by a skewed
      // producer would then block the user's new activity, and keep their id, until that time had passed.
      long cutoff = context.currentSystemTimeMs();
      Long earlier = recentErasures.get(userId);
      recentErasures.put(userId, earlier == null ? cutoff : Math.max(earlier, cutoff));
    }
    if (tombstoneScores) {
      // stamped when the erasure was processed, as scores, dead letters and risk flags are: the request's own
      // timestamp can be older than a score written while it waited (a consumer keeping the newest value by
      // timestamp would keep the score) or, from a skewed producer, in the future
      context.forward(new Record<>(userId, null, context.currentSystemTimeMs()));
    }
    erasures.record();
    LOG.info("Erased user {}: {} entries in {} stores in {} ms{} (request {})", LogIds.of(userId), deleted, stores.size(),
        (System.nanoTime() - started) / 1_000_000, tombstoneScores ? ", score tombstone sent" : "", requestId(record.value()));
  }

  /**
   * The earliest window start a window store can still show. Every window put was at most a bucket before
   * an event that also moved the task's event-time watermark (or was stamped ahead of it), and a window
   * store hides windows older than its newest put minus retention; searching from time 0 instead costs
   * the caching layer (with state.record.cache.enabled) one lookup per segment interval since 1970
   * (hundreds of milliseconds per erasure).
   */
  private long searchFrom(String store, Long watermark) {
    Duration retention = retentions.get(store);
    if (watermark == null || retention == null) {
      return 0L;
    }
    return Math.max(0L, watermark - retention.toMillis() - MARGIN_MS);
  }

  @SuppressWarnings("unchecked")
  private static int erase(PerUserStores.Entry entry, Object store, String userId, long from) {
    return switch (entry.layout()) {
      case KEY_VALUE -> ((KeyValueStore<String, Object>) store).delete(userId) == null ? 0 : 1;
      case WINDOW -> eraseWindows((WindowStore<String, Object>) store, userId, from);
      case WINDOW_USER_PREFIX -> erasePrefixed((WindowStore<String, Object>) store, userId, from);
    };
  }

  private static int eraseWindows(WindowStore<String, Object> store, String userId, long from) {
    List<Long> starts = new ArrayList<>();
    try (WindowStoreIterator<Object> it = store.fetch(userId, from, Long.MAX_VALUE)) {
      it.forEachRemaining(kv -> starts.add(kv.key));
    }
    starts.forEach(start -> store.put(userId, null, start));
    return starts.size();
  }

  private static int erasePrefixed(WindowStore<String, Object> store, String userId, long from) {
    String prefix = UserActivityProcessor.dedupKey(userId, "");
    List<KeyValue<String, Long>> found = new ArrayList<>();
    // the prefix ends in U+0000, so every key that starts with it sorts before userId + U+0001 (UTF-8 bytes)
    String upper = userId + '\u0001';
    try (KeyValueIterator<Windowed<String>, Object> it = store.fetch(prefix, upper, from, Long.MAX_VALUE)) {
      it.forEachRemaining(kv -> {
        if (kv.key.key().startsWith(prefix)) {
          found.add(KeyValue.pair(kv.key.key(), kv.key.window().start()));
        }
      });
    }
    found.forEach(kv -> store.put(kv.key, null, kv.value));
    return found.size();
  }

  private String requestId(byte[] value) {
    if (value == null) {
      return "none: null value";
    }
    try {
      UserErasureRequest request = requests.deserialize(context.recordMetadata().map(RecordMetadata::topic).orElse(""), value);
      return request == null ? "none" : request.getRequestId();
    } catch (RuntimeException e) {
      return "unreadable: " + e.getClass().getSimpleName();
    }
  }

  private String where() {
    return context.recordMetadata()
        .map(m -> "topic=" + m.topic() + " partition=" + m.partition() + " offset=" + m.offset())
        .orElse("no record metadata");
  }
}
