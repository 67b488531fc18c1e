package io.ppscore.topology;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
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
 * starts again at the first), and marks each user whose latest score was computed more than
 * {@code scoring.refresh.age.ms} ago with a {@link RefreshedScores#entryFor refresh entry} in
 * {@code scoring-dirty-users}. The scoring runs then score them like any other dirty user.
 *
 * <p>Where the previous sweep stopped is kept in the task's {@code scoring-refresh-cursor} store
 * ({@link ScoringStores#refreshCursor}), written with the refresh entries, so in the same exactly-once
 * transaction: a restart, a rebalance or an aborted transaction (which closes and revives the task) resumes
 * at the last committed position instead of the first key, which with restarts more frequent than a pass
 * would leave the users late in key order never refreshed.
 *
 * <p>A user who already has a dirty entry is left alone: an event's entry (with its texts and the start of its
 * latency) wins, and it gets the user scored anyway. Erased users have no latest score (the erasure deletes it
 * with their dirty entry), so a sweep never marks them. The cursor may hold an erased user's id as a position;
 * the next sweep replaces it, and with refresh off (or scoring off, {@link RefreshCursorCleanup}) a leftover
 * cursor is deleted once ({@link #schedule}), so no erasure needs to touch it.
 */
final class StaleScoreSweep {

  /** The one key of the task's cursor store; its value is the last key the previous sweep looked at. */
  static final String CURSOR_KEY = "last-looked-at";

  private static final Logger LOG = LoggerFactory.getLogger(StaleScoreSweep.class);

  private final ScoreRefreshSettings settings;
  private final KeyValueStore<String, UserScore> latestScores;
  private final KeyValueStore<String, ScoringDirtyUser> dirty;
  private final KeyValueStore<String, String> cursors;

  StaleScoreSweep(ScoreRefreshSettings settings, KeyValueStore<String, UserScore> latestScores,
      KeyValueStore<String, ScoringDirtyUser> dirty, KeyValueStore<String, String> cursors) {
    this.settings = settings;
    this.latestScores = latestScores;
    this.dirty = dirty;
    this.cursors = cursors;
  }

  /**
   * Schedules the sweeps on {@code context} when refresh is on (a non-zero age). With refresh off, a cursor
   * left by an earlier run is deleted at the first interval instead: nothing else would ever replace the user
   * id it holds.
   */
  static void schedule(ProcessorContext<?, ?> context, ScoreRefreshSettings settings,
      KeyValueStore<String, UserScore> latestScores, KeyValueStore<String, ScoringDirtyUser> dirty,
      KeyValueStore<String, String> cursors) {
    if (settings.enabled()) {
      StaleScoreSweep sweep = new StaleScoreSweep(settings, latestScores, dirty, cursors);
      context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, sweep::sweep);
    } else {
      forgetCursorOnce(context, settings.interval(), cursors);
    }
  }

  /** Deletes the task's cursor, if any, once, {@code after} the task starts (also {@link RefreshCursorCleanup}'s). */
  static void forgetCursorOnce(ProcessorContext<?, ?> context, Duration after,
      KeyValueStore<String, String> cursors) {
    AtomicReference<Cancellable> scheduled = new AtomicReference<>();
    scheduled.set(context.schedule(after, PunctuationType.WALL_CLOCK_TIME, now -> {
      if (cursors.get(CURSOR_KEY) != null) {
        cursors.delete(CURSOR_KEY);
      }
      scheduled.get().cancel(); // a punctuator may cancel its own schedule
    }));
  }

  /** One sweep at wall-clock time {@code now}. */
  void sweep(long now) {
    String cursor = cursors.get(CURSOR_KEY);
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
    if (!atEnd) {
      cursors.put(CURSOR_KEY, last);
    } else if (cursor != null) {
      cursors.delete(CURSOR_KEY);
    }
    LOG.debug("Refresh sweep: looked at {} latest scores, marked {} stale ones{}", looked, marked,
        atEnd ? "; the next sweep starts at the first user" : "");
  }
}
