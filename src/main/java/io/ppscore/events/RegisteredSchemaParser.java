package io.ppscore.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The Avro schema in a registry answer ({@code schema}, with {@code schemaType} and {@code references} when
 * present). Referenced schemas ({@code {"name", "subject", "version"}}, as Confluent, Redpanda, Karapace and
 * Apicurio's ccompat API give them) are fetched with {@code GET /subjects/{subject}/versions/{version}},
 * their own references first, each once, and parsed into the same parser before the schema itself, so that
 * the named types it uses are defined. Anything that makes the answer no readable Avro schema is an {@link
 * UnreadableSchemaException}; registry failures while fetching references are thrown unchanged.
 */
final class RegisteredSchemaParser {

  /** At most this many referenced schemas per schema, nested ones included (a cycle ends here too). */
  static final int MAX_REFERENCES = 100;

  private final RegistryTransport transport;

  RegisteredSchemaParser(RegistryTransport transport) {
    this.transport = transport;
  }

  /**
   * The schema in {@code answer}, the registry's answer to {@code path}.
   *
   * @throws UnreadableSchemaException if it is not Avro, cannot be parsed, or references what cannot be found
   */
  Schema parse(JsonNode answer, String path) {
    Schema.Parser parser = new Schema.Parser();
    defineReferences(parser, answer, path, new HashSet<>());
    return parse(parser, answer, path);
  }

  private void defineReferences(Schema.Parser parser, JsonNode answer, String path, Set<String> defined) {
    for (JsonNode reference : answer.path("references")) {
      String subject = reference.path("subject").asText("");
      if (subject.isEmpty() || !reference.path("version").canConvertToInt()) {
        throw new UnreadableSchemaException("Schema registry answered " + path + " with a reference without subject"
            + " and version: " + reference);
      }
      String referencePath = "/subjects/" + RegistryTransport.segment(subject) + "/versions/" + reference.get("version").asInt();
      if (!defined.add(referencePath)) {
        continue;
      }
      if (defined.size() > MAX_REFERENCES) {
        throw new UnreadableSchemaException("Schema registry answered " + path + " with a schema that references more"
            + " than " + MAX_REFERENCES + " schemas");
      }
      JsonNode referenced = fetch(referencePath, path, reference);
      defineReferences(parser, referenced, referencePath, defined);
      parse(parser, referenced, referencePath);
    }
  }

  private JsonNode fetch(String referencePath, String path, JsonNode reference) {
    try {
      return transport.get(referencePath);
    } catch (SchemaNotFoundException e) {
      throw new UnreadableSchemaException("Schema registry answered " + path + " with a schema that references "
          + reference + ", which the registry does not have: " + e.getMessage());
    }
  }

  private static Schema parse(Schema.Parser parser, JsonNode answer, String path) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new UnreadableSchemaException("Schema registry answered " + path + " with a " + type
          + " schema; only AVRO is supported");
    }
    try {
      return parser.parse(answer.path("schema").asText());
    } catch (RuntimeException e) {
      // Not just SchemaParseException: Avro 1.12 throws NullPointerException for an undefined type name.
      throw new UnreadableSchemaException("Schema registry answered " + path + " with an unparsable Avro schema: "
          + e.getMessage());
    }
  }
}
