package io.ppscore.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.RegisteredSchema;
import io.ppscore.events.SchemaNotFoundException;
import io.ppscore.events.SchemaRegistryException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Schemas registered with Confluent {@code references} ({@code [{"name", "subject", "version"}]}): resolved
 * into one Avro schema for the {@link InMemorySchemaRegistry} (ids, compatibility), and remembered as given
 * so that {@code GET /schemas/ids/{id}} and {@code GET /subjects/{s}/versions/{v}} answer with the text and
 * references that were registered, as Confluent does. Thread-safe.
 */
final class SchemaReferences {

  /** A schema's registered text and references. */
  record Registered(String schema, JsonNode references) {}

  private final InMemorySchemaRegistry registry;
  private final Map<Integer, Registered> byId = new ConcurrentHashMap<>();

  SchemaReferences(InMemorySchemaRegistry registry) {
    this.registry = registry;
  }

  /**
   * {@code schema} parsed after the schemas it references (and theirs), each name once.
   *
   * @throws SchemaRegistryException 42201 if a reference cannot be found or the result cannot be parsed
   */
  Schema resolve(String schema, JsonNode references) {
    Schema.Parser parser = new Schema.Parser();
    define(parser, references, new HashSet<>());
    return parse(parser, schema);
  }

  /** Remembers what was registered as {@code id}, when it had references. */
  void remember(int id, String schema, JsonNode references) {
    if (references.size() > 0) {
      byId.putIfAbsent(id, new Registered(schema, references));
    }
  }

  /** The text and references {@code id} was registered with, if it had references. */
  Optional<Registered> of(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  private void define(Schema.Parser parser, JsonNode references, Set<String> defined) {
    for (JsonNode reference : references) {
      String subject = reference.path("subject").asText();
      int version = reference.path("version").asInt();
      // as Confluent's AbstractSchemaProvider: by name, the first one met wins (a diamond may reach two
      // versions of one type, which Avro cannot both define)
      String name = reference.path("name").asText("");
      if (!defined.add(name.isEmpty() ? subject + "/" + version : "name:" + name)) {
        continue;
      }
      RegisteredSchema target;
      try {
        target = version == -1 ? registry.latest(subject) : registry.version(subject, version);
      } catch (SchemaNotFoundException e) {
        throw new SchemaRegistryException("Invalid schema: reference " + reference + " not found: " + e.getMessage(),
            SchemaRegistryException.INVALID_SCHEMA);
      }
      Optional<Registered> registered = of(target.id());
      if (registered.isPresent()) {
        define(parser, registered.get().references(), defined);
        parse(parser, registered.get().schema());
      } else {
        parse(parser, target.schema().toString());
      }
    }
  }

  private static Schema parse(Schema.Parser parser, String schema) {
    try {
      return parser.parse(schema);
    } catch (RuntimeException e) {
      // Not just SchemaParseException: Avro 1.12 throws NullPointerException for an undefined type name.
      throw new SchemaRegistryException("Invalid schema: " + e.getMessage(), SchemaRegistryException.INVALID_SCHEMA);
    }
  }
}
