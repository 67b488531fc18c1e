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
 *   <li>an array or map whose items can take more values to decode than {@value #MAX_STEPS_PER_ITEM_BYTE}
 *       per byte they are written in: a 33-byte record claiming 10^12 {@code null} items keeps the decoder
 *       busy for an hour;</li>
 *   <li>a recursive type: each level costs a few bytes and several stack frames, so 200,000 nested
 *       records throw {@link StackOverflowError};</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels (a named record type counts at its full depth
 *       wherever it is used again), or a record of more than {@value #MAX_VALUES} values outside arrays and
 *       maps (a record type used twice in each of 30 nested records means 2^30 values).</li>
 * </ul>
 *
 * <p>The item check is a sound bound that still accepts evolved schemas: for every schema it computes the
 * largest <em>excess</em> any value can have, values decoded minus {@value #MAX_STEPS_PER_ITEM_BYTE} x bytes
 * read. A record's excess is one (the record) plus its fields' excesses; a union's is one value for at least
 * one byte (the branch index) plus its largest branch excess, so the branch that takes the fewest bytes and
 * the one that takes the most values are not mixed up: {@code ["null", record of 16 strings]}, the way
 * Kafka Connect writes optional items, has excess -14 (null: 2 values in 1 byte) and is accepted. An array
 * or map item must have an excess of at most 0.
 *
 * <p>The project's schemas are far inside these bounds. With them, decoding a body of n bytes visits at most
 * {@value #MAX_VALUES} + {@value #MAX_STEPS_PER_ITEM_BYTE} x n values, {@value #MAX_DEPTH} levels deep.
 */
final class DecodingBounds {

  /** Most nested records, arrays, maps and unions. */
  static final int MAX_DEPTH = 32;
  /** Most values one record holds outside arrays and maps (every field, union branch and item counts one). */
  static final int MAX_VALUES = 10_000;
  /** Most values decoded per byte of one array or map item. */
  static final int MAX_STEPS_PER_ITEM_BYTE = 16;

  /**
   * What decoding one value of a schema can cost.
   *
   * @param minBytes the fewest bytes a value encodes in
   * @param maxSteps the most values decoding one visits, arrays and maps counting one each
   * @param excess the largest (values decoded - {@value #MAX_STEPS_PER_ITEM_BYTE} x bytes read) of any value
   * @param height how many levels the schema nests below itself
   */
  private record Cost(long minBytes, long maxSteps, long excess, int height) {

    static Cost leaf(long minBytes) {
      return new Cost(minBytes, 1, 1 - MAX_STEPS_PER_ITEM_BYTE * minBytes, 0);
    }
  }

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
      return Cost.leaf(1);
    }
    if (depth > MAX_DEPTH) {
      return tooDeep(path);
    }
    return switch (schema.getType()) {
      case NULL -> Cost.leaf(0);
      case BOOLEAN, INT, LONG, ENUM, STRING, BYTES -> Cost.leaf(1);
      case FLOAT -> Cost.leaf(4);
      case DOUBLE -> Cost.leaf(8);
      case FIXED -> Cost.leaf(schema.getFixedSize());
      case UNION -> unionCost(schema, path, depth);
      case RECORD -> recordCost(schema, path, depth);
      case ARRAY -> collectionCost(cost(schema.getElementType(), path + "/[]", depth + 1), path + "/[]");
      // a map entry starts with its key, a string of at least one byte
      case MAP -> collectionCost(plus(Cost.leaf(1), cost(schema.getValueType(), path + "/{}", depth + 1)), path + "/{}");
    };
  }

  private Cost unionCost(Schema union, String path, int depth) {
    long minBytes = Long.MAX_VALUE;
    long maxSteps = 0;
    long maxExcess = Long.MIN_VALUE;
    int height = 0;
    for (Schema branch : union.getTypes()) {
      Cost cost = cost(branch, path, depth + 1);
      minBytes = Math.min(minBytes, cost.minBytes());
      maxSteps = Math.max(maxSteps, cost.maxSteps());
      maxExcess = Math.max(maxExcess, cost.excess());
      height = Math.max(height, cost.height() + 1);
    }
    if (minBytes == Long.MAX_VALUE) {
      // a union without branches: no value can be written, reading one fails at its index byte
      return Cost.leaf(1);
    }
    // the branch index takes at least one byte and counts one value
    return new Cost(minBytes + 1, maxSteps + 1, 1 - MAX_STEPS_PER_ITEM_BYTE + maxExcess, height);
  }

  private Cost recordCost(Schema record, String path, int depth) {
    if (recordsOnPath.contains(record)) {
      return fail(path, "record " + record.getFullName() + " contains itself; recursive types are not accepted");
    }
    Cost known = costOfRecord.get(record);
    if (known != null) {
      // used again, maybe deeper than the first time: it nests as deep below itself as it did then
      return depth + known.height() > MAX_DEPTH ? tooDeep(path) : known;
    }
    recordsOnPath.add(record);
    Cost total = new Cost(0, 1, 1, 0);
    for (Field field : record.getFields()) {
      Cost fieldCost = cost(field.schema(), path + "/" + field.name(), depth + 1);
      total = new Cost(total.minBytes() + fieldCost.minBytes(), total.maxSteps() + fieldCost.maxSteps(),
          total.excess() + fieldCost.excess(), Math.max(total.height(), fieldCost.height() + 1));
      if (total.maxSteps() > MAX_VALUES) {
        return fail(path, "record " + record.getFullName() + " holds more than " + MAX_VALUES
            + " values outside arrays and maps");
      }
    }
    recordsOnPath.remove(record);
    costOfRecord.put(record, total);
    return total;
  }

  /**
   * Checks the items of an array or map; the collection itself counts as one value of at least one byte (its
   * item count, or the 0 that ends it).
   */
  private Cost collectionCost(Cost item, String path) {
    if (problem == null && item.minBytes() == 0) {
      fail(path, "an item can be written in 0 bytes, so a short record could claim billions of them");
    } else if (problem == null && item.excess() > 0) {
      fail(path, "decoding an item can take up to " + item.excess() + " values more than the "
          + MAX_STEPS_PER_ITEM_BYTE + " per byte it is written in that are accepted (an item can be as short as "
          + item.minBytes() + " bytes), so a short record could claim more work than its size allows");
    }
    return new Cost(1, 1, 1 - MAX_STEPS_PER_ITEM_BYTE, item.height() + 1);
  }

  private Cost tooDeep(String path) {
    return fail(path, "nested more than " + MAX_DEPTH + " levels deep");
  }

  private Cost fail(String path, String why) {
    if (problem == null) {
      problem = "UNBOUNDED_DECODING at " + (path.isEmpty() ? "/" : path) + ": " + why;
    }
    return Cost.leaf(1);
  }

  private static Cost plus(Cost key, Cost value) {
    // a record stops adding beyond MAX_VALUES values, each of at most 2^31 bytes: no sum can overflow
    return new Cost(key.minBytes() + value.minBytes(), key.maxSteps() + value.maxSteps(), key.excess() + value.excess(),
        Math.max(key.height(), value.height()));
  }
}
