package io.ppscore.topology;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.ScoringDirtyUser;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh of stale scores, a wall-clock punctuation of the scoring task: every
 * {@code scoring.refresh.interval.ms} it looks at up to {@code scoring.refresh.max.users} entries of the task's
 * {@code user-latest-score} store, in key order from where the previous sweep stopped (after the last key it
 * starts again at the first; the cursor is kept in memory, so a task that moves or restarts begins at the first
 * key), and marks each user whose latest score was computed more than {@code scoring.refresh.age.ms} ago
 * with a {@link RefreshedScores#entryFor refresh entry} in {@code scoring-dirty-users}. The scoring runs
 * then score them like any other dirty user.
 *
 * <p>A user who already has a dirty entry is left alone: an event's entry (with its texts and the start of its
 * latency) wins, and it gets the user scored anyway. Erased users have no latest score (the erasure deletes it
 * with their dirty entry), so a sweep never marks them.
 */
final class StaleScoreSweep {

  private static final Logger LOG = LoggerFactory.getLogger(StaleScoreSweep.class);

  private final ScoreRefreshSettings settings;
  private final KeyValueStore<String, UserScore> latestScores;
  private final KeyValueStore<String, ScoringDirtyUser> dirty;
  /** The last key the previous sweep looked at; null: start at the first key. */
  private String cursor;

  StaleScoreSweep(ScoreRefreshSettings settings, KeyValueStore<String, UserScore> latestScores,
      KeyValueStore<String, ScoringDirtyUser> dirty) {
    this.settings = settings;
    this.latestScores = latestScores;
    this.dirty = dirty;
  }

  /** Schedules the sweeps on {@code context} when refresh is on (a non-zero age). */
  static void schedule(ProcessorContext<?, ?> context, ScoreRefreshSettings settings,
      KeyValueStore<String, UserScore> latestScores, KeyValueStore<String, ScoringDirtyUser> dirty) {
    if (settings.enabled()) {
      StaleScoreSweep sweep = new StaleScoreSweep(settings, latestScores, dirty);
      context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, sweep::sweep);
    }
  }

  /** One sweep at wall-clock time {@code now}. */
  void sweep(long now) {
    int looked = 0;
    int marked = 0;
    String last = cursor;
    boolean atEnd;
    try (KeyValueIterator<String, UserScore> it = cursor == null ? latestScores.all() : latestScores.range(cursor, null)) {
      while (looked < settings.maxUsers() && it.hasNext()) {
        KeyValue<String, UserScore> next = it.next();
        if (next.key.equals(cursor)) {
          continue; // range() includes its lower bound: the previous sweep looked at it
        }
        looked++;
        last = next.key;
        if (settings.isStale(next.value.getComputedAt().toEpochMilli(), now) && dirty.get(next.key) == null) {
          dirty.put(next.key, RefreshedScores.entryFor(next.value));
          marked++;
        }
      }
      atEnd = !it.hasNext();
    }
    cursor = atEnd ? null : last;
    LOG.debug("Refresh sweep: looked at {} latest scores, marked {} stale ones{}", looked, marked,
        atEnd ? "; the next sweep starts at the first user" : "");
  }
}
