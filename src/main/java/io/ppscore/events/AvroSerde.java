package io.ppscore.events;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for a generated Avro type in the Confluent wire format (see {@link WireFormat} and the package
 * documentation for why this is not Confluent's own serde). Thread-safe: one instance may be shared by
 * all stream threads.
 *
 * <p>The serializer writes the record type's own schema (registered or looked up, see {@link
 * SerdeOptions}) or the subject's latest. The deserializer reads any writer schema the registry knows
 * into {@code T}, resolving schema evolution (added fields with defaults, removed fields); records that
 * cannot be read throw {@link AvroDecodingException} with the dead-letter reason. {@code null} is
 * passed through both ways (tombstones).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  private AvroSerde(Class<T> type, UnaryOperator<String> subjectForTopic, SchemaRegistry registry,
      SerdeOptions options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    SpecificData model = SpecificData.getForClass(type);
    this.serializer = new AvroSerializer<>(model.getSchema(type), model, subjectForTopic, registry, options);
    this.deserializer = new AvroDeserializer<>(model.getSchema(type), model, registry);
  }

  /** Serde for record values; subject {@code <topic>-value} (Confluent's TopicNameStrategy). */
  public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistry registry,
      SerdeOptions options) {
    return new AvroSerde<>(type, topic -> requireTopic(topic) + "-value", registry, options);
  }

  /** Serde for record keys; subject {@code <topic>-key} (Confluent's TopicNameStrategy). */
  public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, SchemaRegistry registry,
      SerdeOptions options) {
    return new AvroSerde<>(type, topic -> requireTopic(topic) + "-key", registry, options);
  }

  /**
   * Serde with one fixed subject whatever the topic, for state-store values whose changelog topic name
   * is an implementation detail (see {@link Topics#profileSerde()}).
   */
  public static <T extends SpecificRecord> AvroSerde<T> forSubject(String subject, Class<T> type,
      SchemaRegistry registry, SerdeOptions options) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be blank");
    }
    return new AvroSerde<>(type, topic -> subject, registry, options);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  /** The subject this serde writes to for {@code topic} (any topic for a fixed-subject serde). */
  public String subject(String topic) {
    return serializer.subject(topic);
  }

  /**
   * The id the serializer writes its own schema with for {@code topic}, found as the serializer finds it (registered
   * first with auto-registration on, looked up otherwise), and cached for it.
   *
   * @throws SchemaNotFoundException with auto-registration off, if the subject lacks this type's schema
   */
  public int ownSchemaId(String topic) {
    return serializer.ownId(serializer.subject(topic));
  }

  private static String requireTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a topic is needed to name the subject (TopicNameStrategy)");
    }
    return topic;
  }
}
