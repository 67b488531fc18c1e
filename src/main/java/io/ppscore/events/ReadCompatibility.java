package io.ppscore.events;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.Schema.Type;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Whether data written with one schema can be read with another, in words short enough for a log line:
 * Avro's resolution rules plus {@link LogicalTypeCompatibility} (same decimal scale, same timestamp unit).
 */
final class ReadCompatibility {

  /** How many of the values a writer schema allows a reader schema can read. */
  enum Readable { ALL, SOME, NONE }

  private ReadCompatibility() {}

  /**
   * Empty if {@code reader} can decode records written with {@code writer}, one at a time; otherwise why
   * not. Unlike {@link #problemReadingEveryValue}, a writer is accepted when the only values the reader
   * cannot take are union branches it has no match for (a producer's {@code ["null","string"]} for a
   * {@code string}): Avro resolves each record on its own, and only a record that holds such a branch fails.
   * A writer whose records could take unbounded time or stack to decode ({@link DecodingBounds}) is refused.
   */
  static Optional<String> problemReading(Schema reader, Schema writer) {
    Optional<String> unbounded = DecodingBounds.problem(writer);
    if (unbounded.isPresent()) {
      return unbounded;
    }
    return problem(reader, writer, true);
  }

  /** Empty if {@code reader} can read every value written with {@code writer}; otherwise why not. */
  static Optional<String> problemReadingEveryValue(Schema reader, Schema writer) {
    return problem(reader, writer, false);
  }

  private static Optional<String> problem(Schema reader, Schema writer, boolean recordByRecord) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE
        && !(recordByRecord && readable(reader, writer) == Readable.SOME)) {
      return Optional.of(result.getResult().getIncompatibilities().stream()
          .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
          .collect(Collectors.joining("; ")));
    }
    // Avro ignores logical types: a decimal scale or timestamp unit change would silently change values.
    List<String> changedMeaning = LogicalTypeCompatibility.mismatches(reader, writer);
    return changedMeaning.isEmpty() ? Optional.empty()
        : Optional.of("LOGICAL_TYPE_MISMATCH " + String.join("; ", changedMeaning));
  }

  /**
   * Whether {@code reader} can read all, some or none of the values {@code writer} allows. SOME means
   * that every value fails only where it holds a union branch the reader has no match for; anything else
   * Avro's compatibility check refuses is NONE. Walks the schemas the way Avro resolves them.
   */
  static Readable readable(Schema reader, Schema writer) {
    if (writer.getType() == Type.UNION) {
      boolean all = true;
      boolean any = false;
      for (Schema branch : writer.getTypes()) {
        Readable branchReadable = readable(reader, branch);
        all &= branchReadable == Readable.ALL;
        any |= branchReadable != Readable.NONE;
      }
      return all ? Readable.ALL : any ? Readable.SOME : Readable.NONE;
    }
    if (SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType() == SchemaCompatibilityType.COMPATIBLE) {
      return Readable.ALL;
    }
    if (reader.getType() == Type.UNION) {
      Schema branch = LogicalTypeCompatibility.readerBranchFor(reader, writer);
      return branch == null ? Readable.NONE : readable(branch, writer);
    }
    // From here on Avro found a problem: unless it lies in a union branch below, it is NONE.
    Readable below = switch (reader.getType()) {
      case RECORD -> writer.getType() == Type.RECORD && sameName(reader, writer) ? readableFields(reader, writer) : Readable.NONE;
      case ARRAY -> writer.getType() == Type.ARRAY ? readable(reader.getElementType(), writer.getElementType()) : Readable.NONE;
      case MAP -> writer.getType() == Type.MAP ? readable(reader.getValueType(), writer.getValueType()) : Readable.NONE;
      default -> Readable.NONE;
    };
    return below == Readable.SOME ? Readable.SOME : Readable.NONE;
  }

  private static Readable readableFields(Schema reader, Schema writer) {
    Readable fields = Readable.ALL;
    for (Field readerField : reader.getFields()) {
      Field writerField = LogicalTypeCompatibility.writerFieldFor(readerField, writer);
      Readable field = writerField != null ? readable(readerField.schema(), writerField.schema())
          : readerField.hasDefaultValue() ? Readable.ALL : Readable.NONE;
      if (field == Readable.NONE) {
        return Readable.NONE;
      }
      if (field == Readable.SOME) {
        fields = Readable.SOME;
      }
    }
    return fields;
  }

  /**
   * Avro reads a writer record as a reader record of the same name, whatever its namespace (a producer may
   * use its own), or one the reader lists as an alias, as {@link org.apache.avro.SchemaCompatibility} does.
   */
  private static boolean sameName(Schema reader, Schema writer) {
    return reader.getName().equals(writer.getName()) || reader.getAliases().contains(writer.getFullName());
  }
}
