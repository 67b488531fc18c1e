package io.ppscore.topology;

import io.ppscore.events.LogIds;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scoring run does when scoring its batch in one go throws, so that one user whose texts, state or
 * features fail the encoder or the model does not stop the others (the batch would fail again at every run,
 * for ever). Scoring a user here writes nothing; the caller writes what was computed, so a user's writes still
 * happen only with its score.
 *
 * <p>A failure of the infrastructure (a store, the registry, Kafka: {@link
 * DeadLetterProcessingExceptionHandler#isCausedByRecord}) is thrown at once. Otherwise a probe runs the
 * encoder on a text no cache holds and the model on a row of zeros. When the probe fails too, the encoder or
 * the model fails for everyone (a closed session, an outage): the batch's failure is thrown, the run writes
 * nothing, no user is counted, and the users stay dirty for as long as that lasts. A user's success proves
 * nothing here: a user without new texts never reaches the encoder. When the probe passes, the batch is split
 * in halves, and halves that fail are split again, so the users who fail alone are found in a few calls per
 * failing user rather than one call per user of the batch; an infrastructure failure met on the way is thrown
 * too. What is left is the users' own (a text the encoder fails on, a row the model fails on, a feature of
 * theirs), or a bug of this code that every user meets: then every user is dropped after its runs, with its
 * texts kept where they embed and its state untouched, visibly in {@code scoring-failed-users-total}. A user who failed alone in
 * {@value #MAX_CONSECUTIVE_FAILURES} runs in a row (a success in between starts the count again) is handed to
 * the caller's drop action (which keeps the texts it can still embed), logged at WARN with the exception and
 * counted in {@code scoring-failed-users-total}; its next event tries it again. The counts are kept in memory
 * per task, for at most {@value #MAX_COUNTED_USERS} users: a restart, a rebalance or an eviction starts a
 * user's count afresh, and it is then tried a few more times.
 */
final class SoloScoring {

  private static final Logger LOG = LoggerFactory.getLogger(SoloScoring.class);
  /** Runs in a row a user must fail alone, with the probe passing, before its dirty entry is dropped. */
  static final int MAX_CONSECUTIVE_FAILURES = 3;
  /** Most users whose failures are counted at once (the oldest count is forgotten first). */
  static final int MAX_COUNTED_USERS = 10_000;
  /** Metric operation: users dropped unscored ({@code scoring-failed-users-total}, {@code -rate}). */
  static final String FAILED_USERS = "scoring-failed-users";

  private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > MAX_COUNTED_USERS;
    }
  };
  private final Sensor failedUsers;

  SoloScoring(StreamsMetrics metrics) {
    this.failedUsers = metrics.addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", FAILED_USERS, RecordingLevel.INFO);
  }

  /** Forgets the failures of {@code users}: they were scored in one go. */
  void scored(List<KeyValue<String, ScoringDirtyUser>> users) {
    if (!failures.isEmpty()) {
      users.forEach(u -> failures.remove(u.key));
    }
  }

  /**
   * What {@code score} computes for the users of {@code batch} that can be scored without the others, after
   * the whole batch failed with {@code batchFailure}; users whose scoring fails alone are left out, and those
   * that did so {@value #MAX_CONSECUTIVE_FAILURES} runs in a row are handed to {@code drop}.
   *
   * @param probe runs the encoder and the model on inputs of no user; throws when they fail for everyone
   * @throws RuntimeException {@code batchFailure}, when the probe fails
   */
  <T> List<T> score(List<KeyValue<String, ScoringDirtyUser>> batch, RuntimeException batchFailure,
      Function<List<KeyValue<String, ScoringDirtyUser>>, List<T>> score, Runnable probe,
      Consumer<KeyValue<String, ScoringDirtyUser>> drop) {
    if (!DeadLetterProcessingExceptionHandler.isCausedByRecord(batchFailure)) {
      // a store, the registry, Kafka: nothing a user's data did; the task fails and is retried
      throw batchFailure;
    }
    try {
      probe.run();
    } catch (RuntimeException probeFailure) {
      batchFailure.addSuppressed(probeFailure);
      throw batchFailure;
    }
    List<T> out = new ArrayList<>(batch.size());
    Map<KeyValue<String, ScoringDirtyUser>, RuntimeException> failed = new LinkedHashMap<>();
    splitFailed(batch, batchFailure, score, out, failed);
    failed.forEach((user, e) -> failedAlone(user, e, drop));
    return out;
  }

  /** Scores the halves of {@code users}, whose scoring together failed with {@code failure}. */
  private <T> void splitFailed(List<KeyValue<String, ScoringDirtyUser>> users, RuntimeException failure,
      Function<List<KeyValue<String, ScoringDirtyUser>>, List<T>> score, List<T> out,
      Map<KeyValue<String, ScoringDirtyUser>, RuntimeException> failed) {
    if (users.size() == 1) {
      failed.put(users.get(0), failure);
      return;
    }
    int half = users.size() / 2;
    for (List<KeyValue<String, ScoringDirtyUser>> part : List.of(users.subList(0, half), users.subList(half, users.size()))) {
      try {
        out.addAll(score.apply(part));
        scored(part);
      } catch (RuntimeException e) {
        if (!DeadLetterProcessingExceptionHandler.isCausedByRecord(e)) {
          throw e; // the infrastructure failed while a user's own failure was being looked for
        }
        splitFailed(part, e, score, out, failed);
      }
    }
  }

  private void failedAlone(KeyValue<String, ScoringDirtyUser> user, RuntimeException e,
      Consumer<KeyValue<String, ScoringDirtyUser>> drop) {
    int inARow = failures.merge(user.key, 1, Integer::sum);
    if (inARow < MAX_CONSECUTIVE_FAILURES) {
      LOG.warn("Scoring user {} alone failed ({} of {} runs in a row before its pending entry is dropped); it is "
          + "tried again at the next run: {}", LogIds.of(user.key), inARow, MAX_CONSECUTIVE_FAILURES, e.toString());
      return;
    }
    LOG.warn("Scoring user {} alone failed in {} runs in a row: its pending entry is dropped without a score "
        + "(counted in scoring-failed-users-total; its next event scores it again)", LogIds.of(user.key), inARow, e);
    failures.remove(user.key);
    drop.accept(user);
    failedUsers.record();
  }
}
