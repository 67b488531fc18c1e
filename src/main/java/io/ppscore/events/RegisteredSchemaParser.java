package io.ppscore.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The Avro schema in a registry answer ({@code schema}, with {@code schemaType} and {@code references} when
 * present). Referenced schemas ({@code {"name", "subject", "version"}}, as Confluent, Redpanda, Karapace and
 * Apicurio's ccompat API give them) are fetched with {@code GET /subjects/{subject}/versions/{version}
 * ?deleted=true}, their own references first, and parsed into the same parser before the schema itself, so
 * that the named types it uses are defined. As in Confluent's {@code AbstractSchemaProvider}:
 * <ul>
 *   <li>a reference whose {@code name} was met before is skipped, the first one wins: in a diamond where one
 *       branch uses {@code Money} version 1 and the other version 2, Avro would refuse to define the type
 *       twice;</li>
 *   <li>a soft-deleted version is still fetched ({@code deleted=true}): a schema keeps working when a version
 *       it references is deleted from its subject.</li>
 * </ul>
 * Anything that makes the answer no readable Avro schema is an {@link UnreadableSchemaException}, a
 * {@link MissingReferenceException} when a referenced schema cannot be found; registry failures while
 * fetching references are thrown unchanged. Answers for numbered versions are cached: a version's schema
 * never changes. Thread-safe.
 */
final class RegisteredSchemaParser {

  /** At most this many referenced schemas per schema, nested ones included (a cycle ends here too). */
  static final int MAX_REFERENCES = 100;
  /** At most this many referenced versions are cached. */
  static final int MAX_CACHED_REFERENCES = 1_000;

  private final RegistryTransport transport;
  private final Map<String, JsonNode> referencedByPath = new ConcurrentHashMap<>();

  RegisteredSchemaParser(RegistryTransport transport) {
    this.transport = transport;
  }

  /**
   * The schema in {@code answer}, the registry's answer to {@code path}.
   *
   * @throws UnreadableSchemaException if it is not Avro or cannot be parsed
   * @throws MissingReferenceException if it references a schema the registry does not have (now)
   */
  Schema parse(JsonNode answer, String path) {
    // Defaults of a registered schema are not validated, as Confluent's deserializer parses registered
    // (not new) schemas: decoding only ever uses the reader's defaults, and a registry that never validated
    // them may hold a writer schema with one invalid default, whose every record would be dead-lettered.
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
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
      int version = reference.get("version").asInt();
      String referencePath = "/subjects/" + RegistryTransport.segment(subject) + "/versions/" + version;
      // Confluent resolves references by name, the first one met wins; a reference without one, by version
      String name = reference.path("name").asText("");
      if (!defined.add(name.isEmpty() ? referencePath : "name:" + name)) {
        continue;
      }
      if (defined.size() > MAX_REFERENCES) {
        throw new UnreadableSchemaException("Schema registry answered " + path + " with a schema that references more"
            + " than " + MAX_REFERENCES + " schemas");
      }
      JsonNode referenced = fetch(referencePath, version, path, reference);
      defineReferences(parser, referenced, referencePath, defined);
      parse(parser, referenced, referencePath);
    }
  }

  private JsonNode fetch(String referencePath, int version, String path, JsonNode reference) {
    JsonNode cached = referencedByPath.get(referencePath);
    if (cached != null) {
      return cached;
    }
    JsonNode referenced;
    try {
      referenced = transport.get(referencePath + "?deleted=true");
    } catch (SchemaNotFoundException e) {
      throw new MissingReferenceException("Schema registry answered " + path + " with a schema that references "
          + reference + ", which the registry does not have: " + e.getMessage());
    }
    // "latest" (-1) changes; a numbered version does not
    if (version > 0 && referencedByPath.size() < MAX_CACHED_REFERENCES) {
      referencedByPath.put(referencePath, referenced);
    }
    return referenced;
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
