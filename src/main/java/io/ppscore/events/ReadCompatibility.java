package io.ppscore.events;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Whether data written with one schema can be read with another, in words short enough for a log line:
 * Avro's resolution rules plus {@link LogicalTypeCompatibility} (same decimal scale, same timestamp unit).
 */
final class ReadCompatibility {

  private ReadCompatibility() {}

  /** Empty if {@code reader} can read data written with {@code writer}; otherwise why not. */
  static Optional<String> problemReading(Schema reader, Schema writer) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      return Optional.of(result.getResult().getIncompatibilities().stream()
          .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
          .collect(Collectors.joining("; ")));
    }
    // Avro ignores logical types: a decimal scale or timestamp unit change would silently change values.
    List<String> changedMeaning = LogicalTypeCompatibility.mismatches(reader, writer);
    return changedMeaning.isEmpty() ? Optional.empty()
        : Optional.of("LOGICAL_TYPE_MISMATCH " + String.join("; ", changedMeaning));
  }
}
