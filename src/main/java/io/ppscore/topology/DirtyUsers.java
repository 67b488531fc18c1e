package io.ppscore.topology;

import io.ppscore.events.InputEvents;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.TextKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Marks users whose state changed in the {@code scoring-dirty-users} store, with the texts their events
 * bring. Texts are not embedded here: the next scoring run embeds the texts of all its users in one call.
 * The entry is a store value, so a crash between an event and its scoring run loses nothing. Texts newly
 * pending are also handed to an {@link EmbeddingPrefetch}, a cache warm-up that never changes the entry.
 *
 * <p>An entry keeps at most {@code maxTexts} distinct texts ({@code scoring.max.batch.texts}, by default more
 * than the lines of the largest valid order) and at most {@value #MAX_PENDING_TEXT_BYTES} bytes of them
 * ({@link #encodedSize}): the entry is a changelogged store value, and a record over the changelog topic's
 * maximum message size (1 MB by default) would fail the task. Texts beyond either bound are dropped and
 * counted, in the entry's {@code dropped_texts} and in the sensor.
 */
final class DirtyUsers {

  /** Most bytes of pending texts one entry keeps ({@link #encodedSize} summed), a quarter of 1 MB. */
  static final int MAX_PENDING_TEXT_BYTES = 256 * 1024;
  /** Bytes a pending text takes in the entry besides its UTF-8 text, rounded up: length, kind, weight. */
  private static final int PER_TEXT_OVERHEAD = 16;

  private final KeyValueStore<String, ScoringDirtyUser> store;
  private final int maxTexts;
  private final Sensor droppedTexts;
  private final EmbeddingPrefetch prefetch;

  DirtyUsers(KeyValueStore<String, ScoringDirtyUser> store, int maxTexts, Sensor droppedTexts,
      EmbeddingPrefetch prefetch) {
    if (maxTexts < 1) {
      throw new IllegalArgumentException("a dirty entry must keep at least one text, got " + maxTexts);
    }
    this.store = store;
    this.maxTexts = maxTexts;
    this.droppedTexts = droppedTexts;
    this.prefetch = prefetch;
  }

  /**
   * Marks {@code userId} as changed by the accepted {@code event}, accepted at wall-clock {@code nowMs}; the
   * first mark's time is kept until the user is scored, so latency counts from the oldest unscored event.
   */
  void mark(String userId, SpecificRecord event, long nowMs) {
    ScoringDirtyUser entry = store.get(userId);
    List<PendingText> texts = entry == null ? new ArrayList<>() : new ArrayList<>(entry.getPendingTexts());
    long dropped = entry == null ? 0 : entry.getDroppedTexts();
    // index by (kind, text), so an event of n texts costs O(pending + n), not O(pending x n)
    Map<Key, Integer> index = new HashMap<>();
    long bytes = 0;
    for (int i = 0; i < texts.size(); i++) {
      index.put(Key.of(texts.get(i)), i);
      bytes += encodedSize(texts.get(i).getText());
    }
    List<String> added = new ArrayList<>();
    for (PendingText text : PendingTexts.of(event)) {
      Integer at = index.get(Key.of(text));
      if (at != null) {
        // the profiles are weighted sums, so adding the weight to the pending text is exact
        PendingText t = texts.get(at);
        texts.set(at, new PendingText(t.getText(), t.getKind(), t.getWeight() + text.getWeight()));
        continue;
      }
      int size = encodedSize(text.getText());
      if (texts.size() < maxTexts && bytes + size <= MAX_PENDING_TEXT_BYTES) {
        index.put(Key.of(text), texts.size());
        texts.add(text);
        bytes += size;
        added.add(text.getText());
      } else {
        dropped++;
        droppedTexts.record();
      }
    }
    Instant firstPendingAt = entry != null && entry.getFirstPendingAt() != null ? entry.getFirstPendingAt()
        : Instant.ofEpochMilli(nowMs);
    if (!added.isEmpty()) {
      prefetch.request(added);
    }
    // the trigger is the newest event the score will include (the later arrival on a tie), so a late event
    // cannot make a score name an older event than its state holds, nor move triggering_event_time back;
    // not a refresh (any more): an event's entry wins over a refresh entry (StaleScoreSweep)
    Instant eventTime = InputEvents.eventTime(event);
    boolean keepTrigger = entry != null && entry.getTriggeringEventTime().isAfter(eventTime);
    store.put(userId, new ScoringDirtyUser(keepTrigger ? entry.getTriggeringEventId() : InputEvents.eventId(event),
        keepTrigger ? entry.getTriggeringEventTime() : eventTime, texts, dropped, firstPendingAt, false));
  }

  /** What a pending text counts against {@link #MAX_PENDING_TEXT_BYTES}: its UTF-8 length and 16 bytes. */
  static int encodedSize(String text) {
    int bytes = PER_TEXT_OVERHEAD;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** A pending text's identity: the same text bought and viewed are two texts. */
  private record Key(TextKind kind, String text) {
    static Key of(PendingText t) {
      return new Key(t.getKind(), t.getText());
    }
  }
}
