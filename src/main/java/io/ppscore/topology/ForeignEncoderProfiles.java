package io.ppscore.topology;

import io.ppscore.events.LogIds;
import io.ppscore.state.avro.UserTextProfile;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text profiles in {@code user-text-profile} that were accumulated with another encoder than the running
 * model's (a model upgrade that changed the encoder). Vectors of two embedding spaces can neither be mixed
 * nor converted, so {@link TextProfileRecords#restore} reads such a profile as empty and the user's text
 * profile starts afresh. When a scoring run writes a user whose stored profile is foreign, the profile is
 * deleted here (the run then stores the user's new texts, if any), counted once per user in
 * {@code text-profiles-foreign-encoder-total} (group {@code stream-ppscore-metrics}) and, for the first such
 * user of the task, logged at WARN.
 */
final class ForeignEncoderProfiles {

  private static final Logger LOG = LoggerFactory.getLogger(ForeignEncoderProfiles.class);
  /** Metric operation: stored text profiles discarded for a foreign encoder ({@code -total}, {@code -rate}). */
  static final String OPERATION = "text-profiles-foreign-encoder";
  private static final String WARNING = "Text profile of user {} was accumulated with encoder {}, the model's is {}: "
      + "discarded, the user's text profile starts afresh, as does every such user's (counted in "
      + "ppscore_text_profiles_foreign_encoder_total; logged once per task)";

  private final KeyValueStore<String, UserTextProfile> profiles;
  private final String encoderId;
  private final Sensor discarded;
  private boolean warned;

  ForeignEncoderProfiles(KeyValueStore<String, UserTextProfile> profiles, String encoderId, StreamsMetrics metrics) {
    this.profiles = profiles;
    this.encoderId = encoderId;
    this.discarded = metrics.addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", OPERATION, RecordingLevel.INFO);
  }

  /**
   * Deletes and counts {@code userId}'s stored text profile when another encoder accumulated it;
   * {@code storedEncoderId} is the stored profile's encoder as the scoring run read it (null: none stored), so
   * the profile is not read twice.
   */
  void discardIfForeign(String userId, String storedEncoderId) {
    if (storedEncoderId == null || storedEncoderId.equals(encoderId)) {
      return;
    }
    profiles.delete(userId);
    discarded.record();
    if (!warned) {
      warned = true;
      LOG.warn(WARNING, LogIds.of(userId), storedEncoderId, encoderId);
    }
  }
}
