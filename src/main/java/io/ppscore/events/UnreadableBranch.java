package io.ppscore.events;

import io.ppscore.events.ReadCompatibility.Readable;
import java.io.IOException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Names the value that made one record unreadable. A writer schema is accepted when the reader can read
 * some of its values, all but a union branch it has no match for ({@link ReadCompatibility#problemReading}):
 * a producer may make {@code user_id} nullable. Avro then fails only the records that hold such a branch,
 * with a message that does not say where ("Found null, expecting string"); this decodes the record as its
 * writer wrote it and finds the first such value, so the dead letter says which field, and a null user id
 * is {@link DeadLetterReason#MISSING_USER_ID} as when it is blank. Runs only for a record that failed.
 */
final class UnreadableBranch {

  private final Map<Schema, Map<Schema, Readable>> readableByReaderAndBranch = new IdentityHashMap<>();

  private UnreadableBranch() {
  }

  /**
   * Where {@code body} (written with {@code writer}) holds a value {@code reader} cannot read; empty if
   * nowhere, or if that cannot be found out. Never throws: it runs while a record is being dead-lettered,
   * and anything escaping from here (a {@link StackOverflowError} above all, which no exception handler of
   * Kafka Streams catches) would take the stream thread down instead.
   */
  static Optional<Violation> find(Schema reader, Schema writer, byte[] bytes, int offset, int length) {
    try {
      Object written = new GenericDatumReader<>(writer, writer, GenericData.get())
          .read(null, DecoderFactory.get().binaryDecoder(bytes, offset, length, null));
      return new UnreadableBranch().locate(reader, writer, written, "");
    } catch (IOException | RuntimeException e) {
      // not valid binary of its writer schema, so not a question of union branches
      return Optional.empty();
    } catch (StackOverflowError e) {
      // nested deeper than the stack: the caller dead-letters the record without naming a field
      return Optional.empty();
    }
  }

  private Optional<Violation> locate(Schema reader, Schema writer, Object value, String path) {
    if (writer.getType() == Type.UNION) {
      Schema branch = writer.getTypes().get(GenericData.get().resolveUnion(writer, value));
      return readable(reader, branch) == Readable.NONE ? Optional.of(violation(path, reader, branch))
          : locate(reader, branch, value, path);
    }
    if (reader.getType() == Type.UNION) {
      Schema branch = LogicalTypeCompatibility.readerBranchFor(reader, writer);
      return branch == null ? Optional.empty() : locate(branch, writer, value, path);
    }
    if (reader.getType() != writer.getType()) {
      return Optional.empty();
    }
    switch (writer.getType()) {
      case RECORD -> {
        for (Field readerField : reader.getFields()) {
          Field writerField = LogicalTypeCompatibility.writerFieldFor(readerField, writer);
          Optional<Violation> found = writerField == null ? Optional.empty() : locate(readerField.schema(),
              writerField.schema(), ((IndexedRecord) value).get(writerField.pos()), field(path, readerField.name()));
          if (found.isPresent()) {
            return found;
          }
        }
      }
      case ARRAY -> {
        int index = 0;
        for (Object item : (Collection<?>) value) {
          Optional<Violation> found = locate(reader.getElementType(), writer.getElementType(), item, path + "[" + index++ + "]");
          if (found.isPresent()) {
            return found;
          }
        }
      }
      case MAP -> {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          Optional<Violation> found = locate(reader.getValueType(), writer.getValueType(), entry.getValue(),
              path + "['" + abbreviate(String.valueOf(entry.getKey())) + "']");
          if (found.isPresent()) {
            return found;
          }
        }
      }
      default -> {
        // a primitive, enum or fixed the reader resolved: nothing below it
      }
    }
    return Optional.empty();
  }

  private Readable readable(Schema reader, Schema branch) {
    // an array of 100,000 items would otherwise compare the same two schemas 100,000 times
    return readableByReaderAndBranch.computeIfAbsent(reader, r -> new IdentityHashMap<>())
        .computeIfAbsent(branch, b -> ReadCompatibility.readable(reader, b));
  }

  private static Violation violation(String path, Schema reader, Schema branch) {
    String where = path.isEmpty() ? "the record" : path;
    if (path.equals("user_id") && branch.getType() == Type.NULL) {
      return new Violation(DeadLetterReason.MISSING_USER_ID,
          "user_id is missing (null: the writer schema allows it, this version needs a user id)");
    }
    return new Violation(DeadLetterReason.INVALID_FIELD, where + " holds " + describe(branch)
        + ", which the writer schema allows but this version cannot read as " + describe(reader));
  }

  private static String describe(Schema schema) {
    return switch (schema.getType()) {
      case UNION -> schema.getTypes().stream().map(UnreadableBranch::describe).collect(Collectors.joining(" or "));
      case RECORD, ENUM, FIXED -> schema.getFullName();
      default -> schema.getType().getName();
    };
  }

  private static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
