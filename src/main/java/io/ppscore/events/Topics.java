package io.ppscore.events;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserProfile;
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
 * from configuration, so with auto-registration off the internal subjects must be registered too.
 */
public final class Topics {

  /** Name part of the {@link UserProfile} store-value subject. */
  public static final String PROFILE_SUBJECT_NAME = "user-profile";
  /** Name part of the {@link ActivityBucket} store-value subject. */
  public static final String BUCKET_SUBJECT_NAME = "activity-bucket";

  private final Topic<String, ClickEvent> clicks;
  private final Topic<String, CartEvent> carts;
  private final Topic<String, OrderEvent> orders;
  private final Topic<byte[], byte[]> deadLetter;
  private final AvroSerde<UserEvent> userEventSerde;
  private final AvroSerde<UserProfile> profileSerde;
  private final AvroSerde<ActivityBucket> bucketSerde;

  private Topics(AppConfig config, SchemaRegistry registry, SerdeOptions options) {
    Serde<String> userId = Serdes.String();
    clicks = new Topic<>(config.clicksTopic(), userId, AvroSerde.forValues(ClickEvent.class, registry, options));
    carts = new Topic<>(config.cartsTopic(), userId, AvroSerde.forValues(CartEvent.class, registry, options));
    orders = new Topic<>(config.ordersTopic(), userId, AvroSerde.forValues(OrderEvent.class, registry, options));
    deadLetter = new Topic<>(config.deadLetterTopic(), Serdes.ByteArray(), Serdes.ByteArray());
    userEventSerde = AvroSerde.forValues(UserEvent.class, registry, options);
    profileSerde = AvroSerde.forSubject(storeSubject(config, PROFILE_SUBJECT_NAME), UserProfile.class, registry, options);
    bucketSerde = AvroSerde.forSubject(storeSubject(config, BUCKET_SUBJECT_NAME), ActivityBucket.class, registry, options);
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
}
