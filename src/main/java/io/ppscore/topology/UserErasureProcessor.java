package io.ppscore.topology;

import io.ppscore.events.LogIds;
import io.ppscore.events.UserIds;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.UserScore;
import java.util.ArrayList;
import java.util.List;
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
 * offset, counted and skipped. Events of the user that arrive after the erasure build new state.
 */
final class UserErasureProcessor implements Processor<String, byte[], String, UserScore> {

  private static final Logger LOG = LoggerFactory.getLogger(UserErasureProcessor.class);
  /** Metric operation: erasures done ({@code user-erasures-total}). */
  static final String ERASURES = "user-erasures";

  private final List<PerUserStores.Entry> stores;
  private final Deserializer<UserErasureRequest> requests;
  private final int maxIdLength;
  private final boolean tombstoneScores;
  private final List<Object> handles = new ArrayList<>();
  private ProcessorContext<String, UserScore> context;
  private Sensor erasures;
  private Sensor invalid;

  UserErasureProcessor(List<PerUserStores.Entry> stores, Deserializer<UserErasureRequest> requests, int maxIdLength,
      boolean tombstoneScores) {
    this.stores = List.copyOf(stores);
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
    int deleted = 0;
    for (int i = 0; i < stores.size(); i++) {
      deleted += erase(stores.get(i), handles.get(i), userId);
    }
    if (tombstoneScores) {
      context.forward(new Record<>(userId, null, record.timestamp()));
    }
    erasures.record();
    LOG.info("Erased user {}: {} entries in {} stores{} (request {})", LogIds.of(userId), deleted, stores.size(),
        tombstoneScores ? ", score tombstone sent" : "", requestId(record.value()));
  }

  @SuppressWarnings("unchecked")
  private static int erase(PerUserStores.Entry entry, Object store, String userId) {
    return switch (entry.layout()) {
      case KEY_VALUE -> ((KeyValueStore<String, Object>) store).delete(userId) == null ? 0 : 1;
      case WINDOW -> eraseWindows((WindowStore<String, Object>) store, userId);
      case WINDOW_USER_PREFIX -> erasePrefixed((WindowStore<String, Object>) store, userId);
    };
  }

  private static int eraseWindows(WindowStore<String, Object> store, String userId) {
    List<Long> starts = new ArrayList<>();
    try (WindowStoreIterator<Object> it = store.fetch(userId, 0L, Long.MAX_VALUE)) {
      it.forEachRemaining(kv -> starts.add(kv.key));
    }
    starts.forEach(start -> store.put(userId, null, start));
    return starts.size();
  }

  private static int erasePrefixed(WindowStore<String, Object> store, String userId) {
    String prefix = UserActivityProcessor.dedupKey(userId, "");
    List<KeyValue<String, Long>> found = new ArrayList<>();
    // the prefix ends in U+0000, so every key that starts with it sorts before userId + U+0001 (UTF-8 bytes)
    String upper = userId + '\u0001';
    try (KeyValueIterator<Windowed<String>, Object> it = store.fetch(prefix, upper, 0L, Long.MAX_VALUE)) {
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
