package io.ppscore.events;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * Whether decoding a record written with a schema takes time and stack in proportion to its bytes. A
 * record may name any schema id in the registry, and Avro skips the fields only the writer has without
 * {@link AvroLimits} (Avro 1.12 checks item counts and lengths when it reads a value, not when it skips
 * one). Three writer shapes would let a few bytes cost minutes or the stack:
 * <ul>
 *   <li>an array or map whose items take (almost) no bytes: a 33-byte record claiming 10^12 {@code null}
 *       items keeps the decoder busy for an hour, so items must take at least one byte per
 *       {@value #MAX_STEPS_PER_ITEM_BYTE} values decoded;</li>
 *   <li>a recursive type: each level costs a few bytes and several stack frames, so 200,000 nested
 *       records throw {@link StackOverflowError};</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels, or a record of more than {@value #MAX_VALUES}
 *       values outside arrays and maps (a record type used twice in each of 30 nested records means 2^30
 *       values).</li>
 * </ul>
 * The project's schemas are far inside these bounds. With them, decoding a body of n bytes visits at most
 * {@value #MAX_VALUES} + {@value #MAX_STEPS_PER_ITEM_BYTE} x n values, {@value #MAX_DEPTH} levels deep.
 */
final class DecodingBounds {

  /** Most nested records, arrays, maps and unions. */
  static final int MAX_DEPTH = 32;
  /** Most values one record holds outside arrays and maps (every field, union branch and item counts one). */
  static final int MAX_VALUES = 10_000;
  /** Most values decoded per byte of one array or map item. */
  static final int MAX_STEPS_PER_ITEM_BYTE = 16;

  /** The fewest bytes a value of a schema encodes in and the most values decoding it visits. */
  private record Cost(long minBytes, long maxSteps) {}

  private final Map<Schema, Cost> costOfRecord = new IdentityHashMap<>();
  private final Set<Schema> recordsOnPath = Collections.newSetFromMap(new IdentityHashMap<>());
  private String problem;

  private DecodingBounds() {
  }

  /** Empty if decoding any record written with {@code writer} is bounded by its size; otherwise why not. */
  static Optional<String> problem(Schema writer) {
    DecodingBounds bounds = new DecodingBounds();
    bounds.cost(writer, "", 0);
    return Optional.ofNullable(bounds.problem);
  }

  private Cost cost(Schema schema, String path, int depth) {
    if (problem != null) {
      return new Cost(1, 1);
    }
    if (depth > MAX_DEPTH) {
      return fail(path, "nested more than " + MAX_DEPTH + " levels deep");
    }
    return switch (schema.getType()) {
      case NULL -> new Cost(0, 1);
      case BOOLEAN, INT, LONG, ENUM, STRING, BYTES -> new Cost(1, 1);
      case FLOAT -> new Cost(4, 1);
      case DOUBLE -> new Cost(8, 1);
      case FIXED -> new Cost(schema.getFixedSize(), 1);
      case UNION -> unionCost(schema, path, depth);
      case RECORD -> recordCost(schema, path, depth);
      case ARRAY -> collectionCost(cost(schema.getElementType(), path + "/[]", depth + 1), path + "/[]");
      // a map entry starts with its key, a string of at least one byte
      case MAP -> collectionCost(plus(new Cost(1, 1), cost(schema.getValueType(), path + "/{}", depth + 1)), path + "/{}");
    };
  }

  private Cost unionCost(Schema union, String path, int depth) {
    long minBytes = Long.MAX_VALUE;
    long maxSteps = 0;
    for (Schema branch : union.getTypes()) {
      Cost cost = cost(branch, path, depth + 1);
      minBytes = Math.min(minBytes, cost.minBytes());
      maxSteps = Math.max(maxSteps, cost.maxSteps());
    }
    // the branch index takes at least one byte
    return new Cost(minBytes == Long.MAX_VALUE ? 1 : minBytes + 1, maxSteps + 1);
  }

  private Cost recordCost(Schema record, String path, int depth) {
    if (recordsOnPath.contains(record)) {
      return fail(path, "record " + record.getFullName() + " contains itself; recursive types are not accepted");
    }
    Cost known = costOfRecord.get(record);
    if (known != null) {
      return known;
    }
    recordsOnPath.add(record);
    Cost total = new Cost(0, 1);
    for (Field field : record.getFields()) {
      total = plus(total, cost(field.schema(), path + "/" + field.name(), depth + 1));
      if (total.maxSteps() > MAX_VALUES) {
        return fail(path, "record " + record.getFullName() + " holds more than " + MAX_VALUES
            + " values outside arrays and maps");
      }
    }
    recordsOnPath.remove(record);
    costOfRecord.put(record, total);
    return total;
  }

  /** Checks the items of an array or map; the collection itself counts as one value of at least one byte. */
  private Cost collectionCost(Cost item, String path) {
    if (problem == null && item.minBytes() == 0) {
      fail(path, "an item can be written in 0 bytes, so a short record could claim billions of them");
    } else if (problem == null && item.maxSteps() > MAX_STEPS_PER_ITEM_BYTE * item.minBytes()) {
      fail(path, "an item can be written in " + item.minBytes() + " bytes but take up to " + item.maxSteps()
          + " values to decode (at most " + MAX_STEPS_PER_ITEM_BYTE + " per byte are accepted), so a short record"
          + " could claim more work than its size allows");
    }
    return new Cost(1, 1);
  }

  private Cost fail(String path, String why) {
    if (problem == null) {
      problem = "UNBOUNDED_DECODING at " + (path.isEmpty() ? "/" : path) + ": " + why;
    }
    return new Cost(1, 1);
  }

  private static Cost plus(Cost a, Cost b) {
    // a record stops adding beyond MAX_VALUES values, each of at most 2^31 bytes: no sum can overflow
    return new Cost(a.minBytes() + b.minBytes(), a.maxSteps() + b.maxSteps());
  }
}
