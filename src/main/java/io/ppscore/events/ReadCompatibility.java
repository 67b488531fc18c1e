package io.ppscore.events;

import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Whether data written with one schema can be read with another, in words short enough for a log line. */
final class ReadCompatibility {

  private ReadCompatibility() {}

  /** Empty if {@code reader} can read data written with {@code writer}; otherwise why not. */
  static Optional<String> problemReading(Schema reader, Schema writer) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return Optional.empty();
    }
    return Optional.of(result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .collect(Collectors.joining("; ")));
  }
}
