package io.ppscore.events;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserProfile;
import io.ppscore.state.avro.UserRiskState;
import io.ppscore.state.avro.UserTextProfile;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of ppscore and the serdes of its internal data, built once from configuration. Immutable;
 * the serdes are thread-safe and shared.
 *
 * <p>Input keys are the user id as plain UTF-8; input values Avro in the Confluent wire format with
 * subjects {@code <topic>-value}. The dead-letter topic keeps the original bytes. State-store values use
 * fixed subjects {@code <application.id>-user-profile-value} and {@code <application.id>-activity-bucket-value}
 * (changelog style): one subject per type even where several stores share it, and independent of the
 * changelog topic name Kafka Streams happens to pass. Every serde follows the same {@link SerdeOptions}
 * from configuration, so with auto-registration off the internal subjects must be registered too; internal
 * data never takes the subject's latest version ({@link SerdeOptions#forInternalData()}).
 */
public final class Topics {

  /** Name part of the {@link UserProfile} store-value subject. */
  public static final String PROFILE_SUBJECT_NAME = "user-profile";
  /** Name part of the {@link ActivityBucket} store-value subject. */
  public static final String BUCKET_SUBJECT_NAME = "activity-bucket";
  /** Name part of the {@link UserTextProfile} store-value subject. */
  public static final String TEXT_PROFILE_SUBJECT_NAME = "user-text-profile";
  /** Name part of the {@link ScoringDirtyUser} store-value subject. */
  public static final String DIRTY_USER_SUBJECT_NAME = "scoring-dirty-user";
  /** Name part of the {@link UserScore} store-value subject (the user-latest-score store). */
  public static final String LATEST_SCORE_SUBJECT_NAME = "user-latest-score";
  /** Name part of the {@link UserRiskState} store-value subject (the user-risk-state store). */
  public static final String RISK_STATE_SUBJECT_NAME = "user-risk-state";

  private final Topic<String, ClickEvent> clicks;
  private final Topic<String, CartEvent> carts;
  private final Topic<String, OrderEvent> orders;
  private final Topic<byte[], byte[]> deadLetter;
  private final Topic<String, UserScore> scores;
  private final AvroSerde<UserEvent> userEventSerde;
  private final AvroSerde<UserProfile> profileSerde;
  private final AvroSerde<ActivityBucket> bucketSerde;
  private final AvroSerde<UserTextProfile> textProfileSerde;
  private final AvroSerde<ScoringDirtyUser> dirtyUserSerde;
  private final AvroSerde<UserScore> latestScoreSerde;
  private final Topic<String, RiskFlag> riskFlags;
  private final AvroSerde<UserRiskState> riskStateSerde;
  private final Topic<String, UserErasureRequest> userErasure;

  private Topics(AppConfig config, SchemaRegistry registry, SerdeOptions options) {
    Serde<String> userId = Serdes.String();
    clicks = new Topic<>(config.clicksTopic(), userId, AvroSerde.forValues(ClickEvent.class, registry, options));
    carts = new Topic<>(config.cartsTopic(), userId, AvroSerde.forValues(CartEvent.class, registry, options));
    orders = new Topic<>(config.ordersTopic(), userId, AvroSerde.forValues(OrderEvent.class, registry, options));
    deadLetter = new Topic<>(config.deadLetterTopic(), Serdes.ByteArray(), Serdes.ByteArray());
    scores = new Topic<>(config.scoresTopic(), userId, AvroSerde.forValues(UserScore.class, registry, options));
    // internal data is written with its own schema, never converted to the latest version (SerdeOptions)
    SerdeOptions internal = options.forInternalData();
    userEventSerde = AvroSerde.forValues(UserEvent.class, registry, internal);
    profileSerde = AvroSerde.forSubject(storeSubject(config, PROFILE_SUBJECT_NAME), UserProfile.class, registry, internal);
    bucketSerde = AvroSerde.forSubject(storeSubject(config, BUCKET_SUBJECT_NAME), ActivityBucket.class, registry, internal);
    textProfileSerde = AvroSerde.forSubject(storeSubject(config, TEXT_PROFILE_SUBJECT_NAME), UserTextProfile.class,
        registry, internal);
    dirtyUserSerde = AvroSerde.forSubject(storeSubject(config, DIRTY_USER_SUBJECT_NAME), ScoringDirtyUser.class,
        registry, internal);
    latestScoreSerde = AvroSerde.forSubject(storeSubject(config, LATEST_SCORE_SUBJECT_NAME), UserScore.class,
        registry, internal);
    riskFlags = new Topic<>(config.riskFlagsTopic(), userId, AvroSerde.forValues(RiskFlag.class, registry, options));
    riskStateSerde = AvroSerde.forSubject(storeSubject(config, RISK_STATE_SUBJECT_NAME), UserRiskState.class,
        registry, internal);
    userErasure = new Topic<>(config.userErasureTopic(), userId,
        AvroSerde.forValues(UserErasureRequest.class, registry, options));
  }

  /** All topics and serdes, with serde options from {@code config}. */
  public static Topics from(AppConfig config, SchemaRegistry registry) {
    return new Topics(config, registry, SerdeOptions.fromConfig(config));
  }

  /** The changelog-style subject {@code <application.id>-<name>-value} of a state-store value serde. */
  public static String storeSubject(AppConfig config, String name) {
    return config.applicationId() + "-" + name + "-value";
  }

  /** Product views and searches. */
  public Topic<String, ClickEvent> clicks() {
    return clicks;
  }

  /** Cart additions and removals. */
  public Topic<String, CartEvent> carts() {
    return carts;
  }

  /** Placed, cancelled and refunded orders. */
  public Topic<String, OrderEvent> orders() {
    return orders;
  }

  /** Rejected records: original key and value bytes, reason in headers. */
  public Topic<byte[], byte[]> deadLetter() {
    return deadLetter;
  }

  /** Purchasing-power scores: key user id, value {@link UserScore}. */
  public Topic<String, UserScore> scores() {
    return scores;
  }

  /** Values of the user-keyed repartition topic; subject {@code <repartition topic>-value}. */
  public AvroSerde<UserEvent> userEventSerde() {
    return userEventSerde;
  }

  /** Values of the user-profile store. */
  public AvroSerde<UserProfile> profileSerde() {
    return profileSerde;
  }

  /** Values of the activity-bucket window stores. */
  public AvroSerde<ActivityBucket> bucketSerde() {
    return bucketSerde;
  }

  /** Values of the user-text-profile store. */
  public AvroSerde<UserTextProfile> textProfileSerde() {
    return textProfileSerde;
  }

  /** Values of the scoring-dirty-users store. */
  public AvroSerde<ScoringDirtyUser> dirtyUserSerde() {
    return dirtyUserSerde;
  }

  /** Right-to-be-forgotten requests: key user id, value {@link UserErasureRequest} (the key alone decides). */
  public Topic<String, UserErasureRequest> userErasure() {
    return userErasure;
  }

  /** Values of the user-latest-score store. */
  public AvroSerde<UserScore> latestScoreSerde() {
    return latestScoreSerde;
  }

  /** Risk flags: key user id, value {@link RiskFlag}. */
  public Topic<String, RiskFlag> riskFlags() {
    return riskFlags;
  }

  /** Values of the user-risk-state store. */
  public AvroSerde<UserRiskState> riskStateSerde() {
    return riskStateSerde;
  }
}
