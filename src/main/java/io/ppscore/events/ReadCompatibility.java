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

  /**
   * Empty if {@code reader} can decode records written with {@code writer}; otherwise why not. Unlike
   * {@link #problemReadingEveryValue}, a writer whose records could take unbounded time or stack to decode
   * ({@link DecodingBounds}) is refused: a record may name any schema id in the registry.
   */
  static Optional<String> problemReading(Schema reader, Schema writer) {
    Optional<String> unbounded = DecodingBounds.problem(writer);
    if (unbounded.isPresent()) {
      return unbounded;
    }
    return problemReadingEveryValue(reader, writer);
  }

  /** Empty if {@code reader} can read every value written with {@code writer}; otherwise why not. */
  static Optional<String> problemReadingEveryValue(Schema reader, Schema writer) {
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
