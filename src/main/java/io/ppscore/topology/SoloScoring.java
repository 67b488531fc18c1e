package io.ppscore.topology;

import io.ppscore.events.LogIds;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scoring run does when scoring its batch in one go throws: it scores the batch's users one at a time,
 * so that one user whose texts, state or features fail the encoder or the model does not stop the others (the
 * batch would fail again at every run, for ever). Scoring a user alone writes nothing; the caller writes what
 * the users scored alone computed, so a user's writes still happen only with its score.
 *
 * <p>A user's failure alone counts against it when another user of the run was scored alone, or when its
 * previous failure counted (it has been shown to be its own; a success in between starts the count again).
 * Otherwise (the first {@value #SYSTEMIC_FAILURES} users tried alone all failed, or all of them did) the
 * encoder or model may fail for everyone (a closed session, an outage): the batch's failure is thrown, the run
 * writes nothing and its users stay dirty, for as long as that lasts, as before this fallback. Users who failed
 * alone before are tried last, so they cannot make a run look like such a failure. So a failing user who was
 * never in a run with a user that could be scored (alone in an otherwise idle task) is retried at every run
 * until one is. A user who failed alone in
 * {@value #MAX_CONSECUTIVE_FAILURES} runs in a row has its dirty entry deleted, with its pending texts (they
 * may be what fails), logged at WARN with the exception and counted in {@code scoring-failed-users-total}; its
 * next event, or the stale-score refresh, tries it again. The counts are kept in memory per task: a restart or
 * a rebalance starts them afresh, and a user may then be tried a few more times.
 */
final class SoloScoring {

  private static final Logger LOG = LoggerFactory.getLogger(SoloScoring.class);
  /** Runs in a row a user must fail alone, with another user scored, before its dirty entry is dropped. */
  static final int MAX_CONSECUTIVE_FAILURES = 3;
  /** Users failing alone, with none scored, that make a run a failure for everyone. */
  static final int SYSTEMIC_FAILURES = 3;
  /** Metric operation: users dropped unscored ({@code scoring-failed-users-total}, {@code -rate}). */
  static final String FAILED_USERS = "scoring-failed-users";

  private final Map<String, Integer> failures = new HashMap<>();
  private final KeyValueStore<String, ScoringDirtyUser> dirty;
  private final Sensor failedUsers;

  SoloScoring(KeyValueStore<String, ScoringDirtyUser> dirty, StreamsMetrics metrics) {
    this.dirty = dirty;
    this.failedUsers = metrics.addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", FAILED_USERS, RecordingLevel.INFO);
  }

  /** Forgets the failures of {@code users}: they were scored in one go. */
  void scored(List<KeyValue<String, ScoringDirtyUser>> users) {
    if (!failures.isEmpty()) {
      users.forEach(u -> failures.remove(u.key));
    }
  }

  /**
   * What {@code score} computes for each user of {@code batch} alone, after the whole batch failed with
   * {@code batchFailure}; users whose scoring fails alone are left out (see the class comment).
   *
   * @throws RuntimeException {@code batchFailure}, when no user could be scored alone
   */
  <T> List<T> scoreOneAtATime(List<KeyValue<String, ScoringDirtyUser>> batch, RuntimeException batchFailure,
      Function<List<KeyValue<String, ScoringDirtyUser>>, List<T>> score) {
    List<KeyValue<String, ScoringDirtyUser>> ordered = new ArrayList<>(batch);
    ordered.sort(Comparator.comparing(u -> failures.containsKey(u.key)));
    List<T> out = new ArrayList<>(batch.size());
    Map<String, RuntimeException> failed = new HashMap<>();
    int scored = 0;
    for (KeyValue<String, ScoringDirtyUser> user : ordered) {
      try {
        out.addAll(score.apply(List.of(user)));
        failures.remove(user.key);
        scored++;
      } catch (RuntimeException e) {
        failed.put(user.key, e);
        if (scored == 0 && failed.size() >= SYSTEMIC_FAILURES) {
          break;
        }
      }
    }
    if (scored == 0 && failed.keySet().stream().anyMatch(u -> failures.getOrDefault(u, 0) == 0)) {
      // nothing shows these failures to be the users' own: counted nowhere, but tried last next time, and the
      // batch's failure is what the run reports
      failed.keySet().forEach(u -> failures.putIfAbsent(u, 0));
      throw batchFailure;
    }
    failed.forEach(this::failedAlone);
    return out;
  }

  private void failedAlone(String userId, RuntimeException e) {
    int inARow = failures.merge(userId, 1, Integer::sum);
    if (inARow < MAX_CONSECUTIVE_FAILURES) {
      LOG.warn("Scoring user {} alone failed ({} of {} runs in a row before its pending entry is dropped); it is "
          + "tried again at the next run: {}", LogIds.of(userId), inARow, MAX_CONSECUTIVE_FAILURES, e.toString());
      return;
    }
    LOG.warn("Scoring user {} alone failed in {} runs in a row: its pending entry and texts are dropped without a "
        + "score (counted in scoring-failed-users-total; its next event scores it again)", LogIds.of(userId), inARow, e);
    failures.remove(userId);
    dirty.delete(userId);
    failedUsers.record();
  }
}
