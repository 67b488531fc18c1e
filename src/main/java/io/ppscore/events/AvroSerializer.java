package io.ppscore.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes {@code T} as a Confluent wire-format frame. Thread-safe. */
final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final Schema ownSchema;
  private final DatumWriter<T> ownWriter;
  private final UnaryOperator<String> subjectForTopic;
  private final SchemaRegistry registry;
  private final SerdeOptions options;
  private final Map<String, Integer> ownIdBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, SchemaProjection> projectionByLatestId = new ConcurrentHashMap<>();

  AvroSerializer(Schema ownSchema, SpecificData model, UnaryOperator<String> subjectForTopic,
      SchemaRegistry registry, SerdeOptions options) {
    this.ownSchema = ownSchema;
    this.ownWriter = new SpecificDatumWriter<>(ownSchema, model);
    this.subjectForTopic = subjectForTopic;
    this.registry = registry;
    this.options = options;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    String subject = subjectForTopic.apply(topic);
    try {
      return options.useLatest() ? serializeAsLatest(subject, record) : serializeAsOwn(subject, record);
    } catch (SchemaNotFoundException e) {
      throw new SerializationException("Cannot serialize " + ownSchema.getFullName() + " for subject '" + subject
          + "': " + e.getMessage() + (options.autoRegister() ? "" : " (auto-registration is off)"), e);
    } catch (SchemaRegistryException | AvroRuntimeException | IllegalArgumentException e) {
      throw new SerializationException("Cannot serialize " + ownSchema.getFullName() + " for subject '" + subject
          + "': " + e.getMessage(), e);
    }
  }

  private byte[] serializeAsOwn(String subject, T record) {
    Integer id = ownIdBySubject.get(subject);
    if (id == null) {
      id = options.autoRegister() ? registry.register(subject, ownSchema) : registry.lookupId(subject, ownSchema);
      ownIdBySubject.put(subject, id);
    }
    return WireFormat.frame(id, encode(ownWriter, record));
  }

  private byte[] serializeAsLatest(String subject, T record) {
    RegisteredSchema latest = registry.latest(subject);
    byte[] ownBody = encode(ownWriter, record);
    if (latest.schema().equals(ownSchema)) {
      return WireFormat.frame(latest.id(), ownBody);
    }
    SchemaProjection projection = projectionByLatestId.computeIfAbsent(latest.id(),
        id -> new SchemaProjection(ownSchema, latest.schema()));
    return WireFormat.frame(latest.id(), projection.project(ownBody));
  }

  static <D> byte[] encode(DatumWriter<D> writer, D datum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen writing to memory", e);
    }
    return out.toByteArray();
  }
}
