package io.ppscore.topology;

import io.ppscore.config.AppConfig;
import io.ppscore.config.AppVersion;
import io.ppscore.events.ValidationLimits;
import java.time.Duration;

/**
 * The settings the topology is built from, taken from {@link AppConfig} once; {@code recordCache}: Kafka
 * Streams' record cache on the per-user stores ({@link PerUserStores#cached}); {@code commitAfterScoringRun}: a
 * scoring run that sent scores requests a commit ({@link ScoringProcessor}); {@code scoreRefresh}: when stale
 * scores are computed again ({@link StaleScoreSweep}); {@code inputPartitions}: the partition count of the input
 * and erasure topics (equal, checked at start-up), which tells a record on its user's default partition from one
 * that must be moved there ({@link UserPartitions}); {@code maxRecordBytes}: the largest record ppscore writes, a
 * dead letter or an event's copy on the rekey topic ({@link RecordSizeLimit}).
 */
public record TopologySettings(String deadLetterTopic, Duration grace, Duration dedupHorizon, String defaultCurrency,
    ValidationLimits limits, String appVersion, Duration scoringInterval, int scoringMaxBatchUsers,
    int scoringMaxBatchTexts, Duration erasureSuppression, boolean recordCache, boolean commitAfterScoringRun,
    ScoreRefreshSettings scoreRefresh, int inputPartitions, int maxRecordBytes) {

  public TopologySettings {
    if (inputPartitions < 1) {
      throw new IllegalArgumentException("input topics have at least one partition, got " + inputPartitions);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
      throw new IllegalArgumentException("dedup horizon must be positive");
    }
    if (scoringInterval.isNegative() || scoringInterval.isZero()) {
      throw new IllegalArgumentException("scoring interval must be positive");
    }
    if (erasureSuppression.isNegative()) {
      throw new IllegalArgumentException("erasure suppression must not be negative");
    }
    if (scoringMaxBatchUsers < 1) {
      throw new IllegalArgumentException("scoring batch must allow at least one user, got " + scoringMaxBatchUsers);
    }
    if (scoringMaxBatchTexts < 1) {
      throw new IllegalArgumentException("scoring batch must allow at least one text, got " + scoringMaxBatchTexts);
    }
    java.util.Objects.requireNonNull(scoreRefresh, "scoreRefresh");
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("the record size limit must be positive, got " + maxRecordBytes);
    }
  }

  /**
   * How far behind a window store's own stream time an event the late check accepts can lie: the grace
   * period behind the task's watermark (which never passes the wall clock), plus how far past the wall clock
   * an event may be stamped ({@code validation.max.future.ms}). Such an event is bucketed at its own time,
   * which moves every window store's stream time (though not the watermark), and a store hides and drops
   * what lies further back than its retention from there: the stores' retentions include this slack, so one
   * future-stamped event cannot hide the buckets and dedup entries that on-time events read and update.
   */
  public Duration storeSlack() {
    return grace.plus(limits.maxFuture());
  }

  /**
   * The settings of {@code config} for input topics of one partition, as in {@code TopologyTestDriver}; a
   * running instance uses {@link #from(AppConfig, int)} with the topics' real count.
   */
  public static TopologySettings from(AppConfig config) {
    return from(config, 1);
  }

  /** The settings of {@code config} for input (and erasure) topics of {@code inputPartitions} partitions. */
  public static TopologySettings from(AppConfig config, int inputPartitions) {
    return new TopologySettings(config.deadLetterTopic(), config.grace(), config.dedupHorizon(),
        config.defaultCurrency(), ValidationLimits.from(config), AppVersion.get(), config.scoringInterval(),
        config.scoringMaxBatchUsers(), config.scoringMaxBatchTexts(), config.erasureSuppression(), config.stateRecordCache(),
        config.scoringCommitAfterRun(), ScoreRefreshSettings.from(config), inputPartitions,
        RecordSizeLimit.maxRecordBytes(config.kafkaOverrides()));
  }
}
