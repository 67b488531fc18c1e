package io.ppscore.topology;

import io.ppscore.events.InputEvents;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Marks users whose state changed in the {@code scoring-dirty-users} store, with the texts their events
 * bring. Texts are not embedded here: the next scoring run embeds the texts of all its users in one call.
 * The entry is a store value, so a crash between an event and its scoring run loses nothing. Texts newly
 * pending are also handed to an {@link EmbeddingPrefetch}, a cache warm-up that never changes the entry.
 */
final class DirtyUsers {

  /** Most distinct pending texts kept per user between two scoring runs; extras are dropped and counted. */
  static final int MAX_PENDING_TEXTS = 64;

  private final KeyValueStore<String, ScoringDirtyUser> store;
  private final Sensor droppedTexts;
  private final EmbeddingPrefetch prefetch;

  DirtyUsers(KeyValueStore<String, ScoringDirtyUser> store, Sensor droppedTexts, EmbeddingPrefetch prefetch) {
    this.store = store;
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
    List<String> added = new ArrayList<>();
    for (PendingText text : PendingTexts.of(event)) {
      if (!mergeInto(texts, text)) {
        if (texts.size() < MAX_PENDING_TEXTS) {
          texts.add(text);
          added.add(text.getText());
        } else {
          dropped++;
          droppedTexts.record();
        }
      }
    }
    java.time.Instant firstPendingAt = entry != null && entry.getFirstPendingAt() != null ? entry.getFirstPendingAt()
        : java.time.Instant.ofEpochMilli(nowMs);
    if (!added.isEmpty()) {
      prefetch.request(added);
    }
    // not a refresh (any more): an event's entry wins over a refresh entry (StaleScoreSweep)
    store.put(userId, new ScoringDirtyUser(InputEvents.eventId(event), InputEvents.eventTime(event), texts, dropped,
        firstPendingAt, false));
  }

  /** Adds the weight of a text already pending with the same kind (the profiles are weighted sums, so this is exact). */
  private static boolean mergeInto(List<PendingText> texts, PendingText text) {
    for (int i = 0; i < texts.size(); i++) {
      PendingText t = texts.get(i);
      if (t.getKind() == text.getKind() && t.getText().equals(text.getText())) {
        texts.set(i, new PendingText(t.getText(), t.getKind(), t.getWeight() + text.getWeight()));
        return true;
      }
    }
    return false;
  }
}
