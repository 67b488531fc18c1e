package io.ppscore.topology;

import io.ppscore.state.avro.ScoringDirtyUser;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The users each scoring run of a task takes from its {@code scoring-dirty-users} store: at most
 * {@code scoring.max.batch.users}, with at most {@code scoring.max.batch.texts} pending texts in all.
 */
final class ScoringBatches {

  private final KeyValueStore<String, ScoringDirtyUser> dirty;
  private final int maxUsers;
  private final int maxTexts;
  private String resumeAfter;

  ScoringBatches(KeyValueStore<String, ScoringDirtyUser> dirty, int maxUsers, int maxTexts) {
    this.dirty = dirty;
    this.maxUsers = maxUsers;
    this.maxTexts = maxTexts;
  }

  /**
   * Up to the batch size of dirty users, continuing after the last user of the previous full batch, so
   * users late in key order are not starved by a steady stream of users early in it.
   */
  List<KeyValue<String, ScoringDirtyUser>> next() {
    Batch batch = new Batch(maxUsers, maxTexts);
    if (resumeAfter != null) {
      try (KeyValueIterator<String, ScoringDirtyUser> it = dirty.range(resumeAfter, null)) {
        while (it.hasNext() && !batch.full) {
          KeyValue<String, ScoringDirtyUser> next = it.next();
          if (!next.key.equals(resumeAfter)) {
            batch.offer(next);
          }
        }
      }
    }
    try (KeyValueIterator<String, ScoringDirtyUser> it = dirty.all()) {
      while (it.hasNext() && !batch.full) {
        KeyValue<String, ScoringDirtyUser> next = it.next();
        // up to and including the previous batch's last user: skipped by the first pass, marked again since
        if (resumeAfter != null && next.key.compareTo(resumeAfter) > 0) {
          break;
        }
        batch.offer(next);
      }
    }
    resumeAfter = batch.full && !batch.users.isEmpty() ? batch.users.get(batch.users.size() - 1).key : null;
    return batch.users;
  }

  /**
   * The users of one run: at most {@code maxUsers}, and no more pending texts in all than {@code maxTexts}
   * (a user who would pass it waits for the next run, unless the run has no user yet). {@code full} once
   * either limit stopped it: the next run resumes after its last user.
   */
  private static final class Batch {
    private final int maxUsers;
    private final int maxTexts;
    private final List<KeyValue<String, ScoringDirtyUser>> users = new ArrayList<>();
    private int texts;
    private boolean full;

    Batch(int maxUsers, int maxTexts) {
      this.maxUsers = maxUsers;
      this.maxTexts = maxTexts;
    }

    void offer(KeyValue<String, ScoringDirtyUser> user) {
      int more = user.value.getPendingTexts().size();
      if (!users.isEmpty() && texts + more > maxTexts) {
        full = true;
        return;
      }
      users.add(user);
      texts += more;
      full = users.size() >= maxUsers || texts >= maxTexts;
    }
  }
}
