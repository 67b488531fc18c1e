package io.ppscore.events;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Confluent wire-format frame into {@code T}, whatever compatible schema it was written with.
 * Thread-safe; one resolving reader is cached per writer schema id.
 *
 * <p>Every failure that is the record's fault is an {@link AvroDecodingException} with its {@link
 * DeadLetterReason}. Registry failures ({@link SchemaRegistryUnavailableException}, authentication
 * errors) are rethrown unchanged: they are not the record's fault and must not dead-letter it.
 */
final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  static {
    // Before Avro's SystemLimitException reads its limits, so a huge claimed length cannot cause an OOM.
    AvroLimits.install();
  }

  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaRegistry registry;
  private final Map<Integer, Resolution<T>> resolutionByWriterId = new ConcurrentHashMap<>();

  AvroDeserializer(Schema readerSchema, SpecificData model, SchemaRegistry registry) {
    this.readerSchema = readerSchema;
    this.model = model;
    this.registry = registry;
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    WireFormat.Frame frame = WireFormat.parse(bytes);
    Resolution<T> resolution = resolutionFor(topic, frame.schemaId());
    if (resolution.reader() == null) {
      throw new AvroDecodingException(DeadLetterReason.SCHEMA_MISMATCH, "Record on topic '" + topic
          + "' with schema id " + frame.schemaId() + " cannot be decoded: " + resolution.mismatch());
    }
    try {
      return resolution.reader().read(null,
          DecoderFactory.get().binaryDecoder(bytes, frame.bodyOffset(), frame.bodyLength(), null));
    } catch (AvroTypeException e) {
      // The sibling catch blocks do not cover what this one throws: the diagnosis never throws (see
      // UnreadableBranch.find), so a record it cannot explain is still a SCHEMA_MISMATCH.
      throw unresolvable(topic, frame, bytes, resolution.reader(), e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
        | IllegalArgumentException | ClassCastException | UnsupportedOperationException e) {
      // IOException is EOFException in practice (truncated body): nothing else reads from a byte array.
      // AvroRuntimeException includes SystemLimitException (a length or item count over AvroLimits);
      // Avro throws UnsupportedOperationException for a length no Java array can hold.
      throw failure(DeadLetterReason.UNDESERIALIZABLE, topic, frame, "is not valid Avro binary", e);
    } catch (StackOverflowError e) {
      // Writer schemas that nest without bound are refused (DecodingBounds); should a record still nest
      // deeper than the thread's stack, it is that record's fault: an Error would escape the exception
      // handlers, and the replaced thread would read the same record again.
      throw failure(DeadLetterReason.UNDESERIALIZABLE, topic, frame, "nests deeper than the decoder's stack", e);
    }
  }

  private Resolution<T> resolutionFor(String topic, int writerId) {
    Resolution<T> cached = resolutionByWriterId.get(writerId);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = registry.schemaById(writerId);
    } catch (UnknownSchemaIdException e) {
      throw new AvroDecodingException(DeadLetterReason.UNKNOWN_SCHEMA_ID,
          "Record on topic '" + topic + "' has schema id " + writerId + ", which the schema registry does not know", e);
    } catch (UnreadableSchemaException e) {
      // the id names a Protobuf or JSON schema, one Avro cannot parse, or one whose references the registry
      // lacks: the record's fault. Cached like a mismatch, except the last case, which the registry client
      // remembers only for a while, as a missing reference may turn up.
      Resolution<T> unreadable = new Resolution<>(null, e.getMessage());
      if (!(e instanceof MissingReferenceException)) {
        resolutionByWriterId.put(writerId, unreadable);
      }
      return unreadable;
    }
    Optional<String> problem = ReadCompatibility.problemReading(readerSchema, writer);
    Resolution<T> resolution = problem.isPresent()
        ? new Resolution<>(null, writer.getFullName() + " cannot be read as " + readerSchema.getFullName() + ": " + problem.get())
        : new Resolution<>(new SpecificDatumReader<>(writer, readerSchema, model), null);
    resolutionByWriterId.put(writerId, resolution);
    return resolution;
  }

  /**
   * A record Avro could not resolve: where it holds a union branch the reader has no match for (a writer
   * schema may allow those, see {@link ReadCompatibility#problemReading}), that field is named; otherwise
   * the record does not match its writer schema.
   */
  private AvroDecodingException unresolvable(String topic, WireFormat.Frame frame, byte[] bytes,
      SpecificDatumReader<T> reader, AvroTypeException e) {
    // the reader's schema is the writer's (it resolves that into readerSchema)
    Optional<Violation> branch = UnreadableBranch.find(readerSchema, reader.getSchema(), bytes, frame.bodyOffset(),
        frame.bodyLength());
    if (branch.isEmpty()) {
      return failure(DeadLetterReason.SCHEMA_MISMATCH, topic, frame, "does not match its writer schema", e);
    }
    return new AvroDecodingException(branch.get().reason(), "Record on topic '" + topic + "' with schema id "
        + frame.schemaId() + ": " + branch.get().message(), e);
  }

  private AvroDecodingException failure(DeadLetterReason reason, String topic, WireFormat.Frame frame,
      String what, Throwable cause) {
    return new AvroDecodingException(reason, "Record on topic '" + topic + "' with schema id " + frame.schemaId()
        + " (" + frame.bodyLength() + " body bytes) " + what + ": " + cause, cause);
  }

  /**
   * Either a reader for one writer schema, or why there can be none; cached, unless the registry could not
   * read the schema.
   */
  private record Resolution<T>(SpecificDatumReader<T> reader, String mismatch) {}
}
