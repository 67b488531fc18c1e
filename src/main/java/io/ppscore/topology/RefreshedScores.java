package io.ppscore.topology;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Scores computed again because the latest one had grown stale ({@link StaleScoreSweep}), not because of an
 * event. Their dirty entry ({@link #entryFor}) carries the triggering event of the latest score, so the
 * refreshed score names the event that last changed the user's state; it has no pending texts and no
 * {@code first_pending_at}, so no event-to-score latency is recorded for it. Sent like any score, with the
 * header {@value #HEADER}{@code =true}, and counted in {@code scores-refreshed-total} (group
 * {@code stream-ppscore-metrics}).
 */
final class RefreshedScores {

  /** Header of a refreshed score on the scores topic (value {@code true}); score collapse does not judge it. */
  static final String HEADER = "ppscore.score.refresh";
  /** Metric operation: refreshed scores sent ({@code scores-refreshed-total}, {@code scores-refreshed-rate}). */
  static final String OPERATION = "scores-refreshed";
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

  private final Sensor refreshed;

  RefreshedScores(StreamsMetrics metrics) {
    this.refreshed = metrics.addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", OPERATION, RecordingLevel.INFO);
  }

  /** The dirty entry that has the user of {@code latest} scored again, as of the same triggering event. */
  static ScoringDirtyUser entryFor(UserScore latest) {
    return ScoringDirtyUser.newBuilder()
        .setTriggeringEventId(latest.getTriggeringEventId())
        .setTriggeringEventTime(latest.getTriggeringEventTime())
        .setPendingTexts(List.of())
        .setDroppedTexts(0)
        .setFirstPendingAt(null)
        .setRefresh(true)
        .build();
  }

  /**
   * The record that sends {@code score}, scored for the dirty entry {@code trigger}, at {@code timestamp};
   * when the entry was a refresh, the record carries {@value #HEADER} and is counted.
   */
  Record<String, UserScore> record(String userId, UserScore score, long timestamp, ScoringDirtyUser trigger) {
    if (!trigger.getRefresh()) {
      return new Record<>(userId, score, timestamp);
    }
    refreshed.record();
    return new Record<>(userId, score, timestamp, new RecordHeaders().add(HEADER, TRUE));
  }

  /** Whether a score record with {@code headers} is a refresh. */
  static boolean isRefresh(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    return header != null && java.util.Arrays.equals(header.value(), TRUE);
  }
}
