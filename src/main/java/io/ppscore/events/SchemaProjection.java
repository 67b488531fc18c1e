package io.ppscore.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;

/**
 * Re-encodes Avro binary from one schema to another by Avro's resolution rules (fields matched by name,
 * defaults filled in, extra fields dropped). Used to write a generated record with a subject's latest
 * schema: writing it directly with another schema would match fields by position, which is wrong as
 * soon as the schemas differ. Thread-safe.
 */
final class SchemaProjection {

  static {
    AvroLimits.install();
  }

  private final GenericDatumReader<Object> reader;
  private final GenericDatumWriter<Object> writer;

  SchemaProjection(Schema from, Schema to) {
    ReadCompatibility.problemReadingEveryValue(to, from).ifPresent(problem -> {
      throw new IllegalArgumentException("Cannot convert " + from.getFullName() + " to the latest schema: " + problem);
    });
    this.reader = new GenericDatumReader<>(from, to);
    this.writer = new GenericDatumWriter<>(to);
  }

  /** {@code body} written with {@code from}, rewritten with {@code to}. */
  byte[] project(byte[] body) {
    try {
      Object datum = reader.read(null, DecoderFactory.get().binaryDecoder(body, null));
      return AvroSerializer.encode(writer, datum);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen reading from memory", e);
    }
  }
}
