package io.ppscore.events;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
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

/**
 * Writes {@code T} as a Confluent wire-format frame. The schema registered, looked up and compared with the
 * subject's latest is the class's schema without its Java-only properties ({@link JavaProperties}), so it
 * matches the {@code .avsc} it was generated from. Thread-safe.
 */
final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final Schema ownSchema;
  private final Schema portableSchema;
  private final DatumWriter<T> ownWriter;
  private final UnaryOperator<String> subjectForTopic;
  private final SchemaRegistry registry;
  private final SerdeOptions options;
  private final Map<String, Integer> ownIdBySubject = new ConcurrentHashMap<>();
  /** Per latest schema id: how to write into it; empty when it is this serializer's own schema. */
  private final Map<Integer, Optional<SchemaProjection>> projectionByLatestId = new ConcurrentHashMap<>();

  AvroSerializer(Schema ownSchema, SpecificData model, UnaryOperator<String> subjectForTopic,
      SchemaRegistry registry, SerdeOptions options) {
    this.ownSchema = ownSchema;
    this.portableSchema = JavaProperties.strip(ownSchema);
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
    return frame(ownId(subject), ownWriter, record);
  }

  /** The subject written to for {@code topic}. */
  String subject(String topic) {
    return subjectForTopic.apply(topic);
  }

  /** The id of this serializer's own schema in {@code subject}: registered, or looked up without auto-registration. */
  int ownId(String subject) {
    Integer id = ownIdBySubject.get(subject);
    if (id == null) {
      id = options.autoRegister() ? registry.register(subject, portableSchema) : lookUpOwn(subject);
      ownIdBySubject.put(subject, id);
    }
    return id;
  }

  private int lookUpOwn(String subject) {
    try {
      return registry.lookupId(subject, portableSchema);
    } catch (SchemaNotFoundException e) {
      if (portableSchema == ownSchema || e.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw e;
      }
      // registered by an earlier ppscore, which sent the Java-only properties too
      try {
        return registry.lookupId(subject, ownSchema);
      } catch (SchemaNotFoundException withJavaProperties) {
        throw e;
      }
    }
  }

  private byte[] serializeAsLatest(String subject, T record) {
    RegisteredSchema latest = registry.latest(subject);
    // decided once per latest id: comparing schemas per record cost two deep comparisons when they differ
    Optional<SchemaProjection> projection = projectionByLatestId.computeIfAbsent(latest.id(),
        id -> latest.schema().equals(portableSchema) || latest.schema().equals(ownSchema)
            ? Optional.empty() : Optional.of(new SchemaProjection(ownSchema, latest.schema())));
    if (projection.isEmpty()) {
      return frame(latest.id(), ownWriter, record);
    }
    return WireFormat.frame(latest.id(), projection.get().project(encode(ownWriter, record)));
  }

  private static final byte[] NO_HEADER = new byte[0];

  /** The Avro binary encoding of {@code datum}, without a frame. */
  static <D> byte[] encode(DatumWriter<D> writer, D datum) {
    return Scratch.get().write(writer, datum, NO_HEADER);
  }

  /**
   * The wire-format frame of {@code datum}: the header and the body written into one buffer, copied out
   * once (a state value of a few kilobytes, such as a text profile, used to grow a fresh buffer five times
   * and then be copied twice more).
   */
  static <D> byte[] frame(int schemaId, DatumWriter<D> writer, D datum) {
    return Scratch.get().write(writer, datum, WireFormat.header(schemaId));
  }

  /**
   * A buffer and a buffered encoder over it, one per thread and reused by every call on that thread (a
   * serializer is shared by the tasks and stream threads of its store or topic). Not re-entrant, which
   * writing a datum never is. A buffer grown past {@link #KEEP_BYTES} by an unusually large record is
   * dropped after it, so an idle thread holds at most that much; so are the buffer and the encoder after a
   * failed write (the encoder may still hold the failed record's bytes, which it would flush into the next).
   */
  private static final class Scratch {
    private static final int KEEP_BYTES = 1 << 16;
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private Buffer out = new Buffer();
    private BinaryEncoder encoder;

    static Scratch get() {
      return PER_THREAD.get();
    }

    /** {@code header} followed by the body ({@code header} may be empty: the bare body). */
    <D> byte[] write(DatumWriter<D> writer, D datum, byte[] header) {
      out.reset();
      out.write(header, 0, header.length);
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      boolean written = false;
      try {
        writer.write(datum, encoder);
        encoder.flush();
        written = true;
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot happen writing to memory", e);
      } finally {
        if (!written || out.capacity() > KEEP_BYTES) {
          out = new Buffer();
          encoder = null;
        }
      }
    }
  }

  /** An unsynchronised growable byte buffer (ByteArrayOutputStream locks on every write). */
  private static final class Buffer extends OutputStream {
    private byte[] bytes = new byte[1024];
    private int count;

    void reset() {
      count = 0;
    }

    int capacity() {
      return bytes.length;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(bytes, count);
    }

    private void ensure(int more) {
      if (count + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }
  }
}
