package io.ppscore.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import org.apache.avro.Schema;

/**
 * Removes the Java-only properties from a schema: {@code avro.java.string}, which avro-maven-plugin's
 * {@code stringType=String} puts on every string of a generated class's schema, and any {@code java-*}
 * ({@code java-class}, {@code java-key-class}, ...), as Confluent's serializer does with {@code
 * avro.remove.java.properties}. They mean nothing to other languages, but they are part of the schema text
 * a registry compares: with them, the generated schema does not match the same {@code .avsc} registered by
 * CI (a look-up answers 40403, auto-registration adds a version). Only schema properties are touched, never
 * default values.
 */
final class JavaProperties {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JAVA_STRING = "avro.java.string";
  private static final String JAVA_PREFIX = "java-";

  private JavaProperties() {
  }

  /** {@code schema} without Java-only properties; {@code schema} itself when it has none. */
  static Schema strip(Schema schema) {
    JsonNode tree;
    try {
      tree = JSON.readTree(schema.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Avro wrote a schema that is not JSON", e);
    }
    return stripSchema(tree) ? new Schema.Parser().parse(tree.toString()) : schema;
  }

  /** Strips one schema node (a name, a union, or a schema object) and what it contains; true if anything went. */
  private static boolean stripSchema(JsonNode node) {
    boolean removed = false;
    if (node.isArray()) {
      for (JsonNode branch : node) {
        removed |= stripSchema(branch);
      }
      return removed;
    }
    if (!node.isObject()) {
      return false;
    }
    ObjectNode schema = (ObjectNode) node;
    removed |= removeJavaKeys(schema);
    removed |= stripSchema(schema.path("type")); // {"type": {"type": "string", ...}} nests a schema
    removed |= stripSchema(schema.path("items"));
    removed |= stripSchema(schema.path("values"));
    for (JsonNode field : schema.path("fields")) {
      removed |= field.isObject() && removeJavaKeys((ObjectNode) field);
      removed |= stripSchema(field.path("type"));
    }
    return removed;
  }

  private static boolean removeJavaKeys(ObjectNode object) {
    boolean removed = false;
    for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equals(JAVA_STRING) || key.startsWith(JAVA_PREFIX)) {
        keys.remove();
        removed = true;
      }
    }
    return removed;
  }
}
