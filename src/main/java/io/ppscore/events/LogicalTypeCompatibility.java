package io.ppscore.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.Schema.Type;

/**
 * What Avro's {@code SchemaCompatibility} does not check: that a value keeps its meaning. It ignores
 * logical types, so {@code decimal(18,2)} read as {@code decimal(18,4)} (every amount 100 times smaller)
 * or {@code timestamp-micros} read as {@code timestamp-millis} pass as compatible. This walks the two
 * schemas the way Avro resolves them (record fields by name or alias, union branches, array items, map
 * values) and reports every place where the logical type, the decimal scale or the timestamp unit
 * differs, or the decimal precision shrinks (a wider precision reads every written value unchanged).
 */
final class LogicalTypeCompatibility {

  private final List<String> mismatches = new ArrayList<>();
  private final Set<List<Schema>> visited = new HashSet<>();

  private LogicalTypeCompatibility() {
  }

  /** Where and how reading data written with {@code writer} as {@code reader} changes its meaning. */
  static List<String> mismatches(Schema reader, Schema writer) {
    LogicalTypeCompatibility check = new LogicalTypeCompatibility();
    check.compare(reader, writer, "");
    return check.mismatches;
  }

  private void compare(Schema reader, Schema writer, String path) {
    if (writer.getType() == Type.UNION) {
      for (Schema branch : writer.getTypes()) {
        compare(reader, branch, path);
      }
      return;
    }
    if (reader.getType() == Type.UNION) {
      Schema branch = readerBranchFor(reader, writer);
      if (branch != null) {
        compare(branch, writer, path);
      }
      return;
    }
    compareLogicalTypes(reader, writer, path.isEmpty() ? "/" : path);
    // Pairs of record schemas already walked: recursive schemas would otherwise never end.
    if (!visited.add(List.of(reader, writer))) {
      return;
    }
    if (reader.getType() == Type.RECORD && writer.getType() == Type.RECORD) {
      for (Field readerField : reader.getFields()) {
        Field writerField = writerFieldFor(readerField, writer);
        if (writerField != null) {
          compare(readerField.schema(), writerField.schema(), path + "/" + readerField.name());
        }
      }
    } else if (reader.getType() == Type.ARRAY && writer.getType() == Type.ARRAY) {
      compare(reader.getElementType(), writer.getElementType(), path + "/[]");
    } else if (reader.getType() == Type.MAP && writer.getType() == Type.MAP) {
      compare(reader.getValueType(), writer.getValueType(), path + "/{}");
    }
  }

  private void compareLogicalTypes(Schema reader, Schema writer, String path) {
    LogicalType read = reader.getLogicalType();
    LogicalType written = writer.getLogicalType();
    if (read == null && written == null) {
      return;
    }
    String readName = describe(read);
    String writtenName = describe(written);
    boolean sameMeaning;
    if (read instanceof LogicalTypes.Decimal r && written instanceof LogicalTypes.Decimal w) {
      sameMeaning = r.getScale() == w.getScale() && r.getPrecision() >= w.getPrecision();
    } else {
      sameMeaning = Objects.equals(readName, writtenName);
    }
    if (!sameMeaning) {
      mismatches.add("at " + path + ": written as " + writtenName + ", read as " + readName);
    }
  }

  private static String describe(LogicalType type) {
    if (type == null) {
      return "no logical type";
    }
    if (type instanceof LogicalTypes.Decimal decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    return type.getName();
  }

  /** The reader field Avro fills from {@code writer}'s data: same name, or one of the reader field's aliases. */
  static Field writerFieldFor(Field readerField, Schema writer) {
    Field byName = writer.getField(readerField.name());
    if (byName != null) {
      return byName;
    }
    for (String alias : readerField.aliases()) {
      Field byAlias = writer.getField(alias);
      if (byAlias != null) {
        return byAlias;
      }
    }
    return null;
  }

  /**
   * The union branch Avro picks for {@code writer} (its {@code Resolver.bestBranch}): the same type (and full
   * name), else a named type of the same name in another namespace, else the first promotion.
   */
  static Schema readerBranchFor(Schema union, Schema writer) {
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == writer.getType() && (!isNamed(branch) || branch.getFullName().equals(writer.getFullName()))) {
        return branch;
      }
    }
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == writer.getType() && isNamed(branch) && branch.getName().equals(writer.getName())) {
        return branch;
      }
    }
    for (Schema branch : union.getTypes()) {
      if (isPromotion(writer.getType(), branch.getType())) {
        return branch;
      }
    }
    return null;
  }

  private static boolean isNamed(Schema schema) {
    return schema.getType() == Type.RECORD || schema.getType() == Type.ENUM || schema.getType() == Type.FIXED;
  }

  private static boolean isPromotion(Type written, Type read) {
    return switch (written) {
      case INT -> read == Type.LONG || read == Type.FLOAT || read == Type.DOUBLE;
      case LONG -> read == Type.FLOAT || read == Type.DOUBLE;
      case FLOAT -> read == Type.DOUBLE;
      case STRING -> read == Type.BYTES;
      case BYTES -> read == Type.STRING;
      default -> false;
    };
  }
}
