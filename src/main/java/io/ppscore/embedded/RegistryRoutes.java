package io.ppscore.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.RegisteredSchema;
import io.ppscore.events.SchemaRegistryException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** The Confluent REST subset the serde needs, answered from an {@link InMemorySchemaRegistry}. */
final class RegistryRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemorySchemaRegistry registry;
  private final SchemaReferences references;

  RegistryRoutes(InMemorySchemaRegistry registry) {
    this.registry = registry;
    this.references = new SchemaReferences(registry);
  }

  /** The answer to {@code method rawPath} with request {@code body}. */
  RegistryResponse answer(String method, String rawPath, String body) {
    try {
      return route(method, segments(rawPath), body);
    } catch (SchemaRegistryException e) {
      return RegistryResponse.error(e.httpStatus(), e.errorCode(), e.getMessage());
    }
  }

  private RegistryResponse route(String method, List<String> path, String body) {
    boolean get = "GET".equals(method);
    boolean post = "POST".equals(method);
    String first = path.isEmpty() ? "" : path.get(0);
    if (path.size() == 1 && first.equals("config") && get) {
      return RegistryResponse.ok(Map.of("compatibilityLevel", "BACKWARD"));
    }
    if (path.size() == 1 && first.equals("subjects") && get) {
      return RegistryResponse.ok(registry.subjects());
    }
    if (path.size() == 2 && first.equals("subjects") && post) {
      return RegistryResponse.ok(versionJson(registry.lookup(path.get(1), requestIn(body).schema())));
    }
    if (path.size() == 3 && first.equals("subjects") && path.get(2).equals("versions")) {
      if (post) {
        SchemaRequest request = requestIn(body);
        int id = registry.register(path.get(1), request.schema());
        references.remember(id, request.text(), request.references());
        return RegistryResponse.ok(Map.of("id", id));
      }
      if (get) {
        return RegistryResponse.ok(registry.versions(path.get(1)));
      }
    }
    if (path.size() == 4 && first.equals("subjects") && path.get(2).equals("versions") && get) {
      String subject = path.get(1);
      String version = path.get(3);
      boolean latest = version.equals("latest") || version.equals("-1");
      return RegistryResponse.ok(versionJson(latest ? registry.latest(subject) : registry.version(subject, versionNumber(version))));
    }
    if (path.size() == 3 && first.equals("schemas") && path.get(1).equals("ids") && get) {
      int id = idNumber(path.get(2));
      Schema schema = registry.schemaById(id);
      return RegistryResponse.ok(references.of(id)
          .<Map<String, Object>>map(r -> Map.of("schema", r.schema(), "references", r.references()))
          .orElse(Map.of("schema", schema.toString())));
    }
    return RegistryResponse.error(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", path));
  }

  private Map<String, Object> versionJson(RegisteredSchema version) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("subject", version.subject());
    json.put("version", version.version());
    json.put("id", version.id());
    json.put("schema", version.schema().toString());
    references.of(version.id()).ifPresent(r -> {
      json.put("schema", r.schema());
      json.put("references", r.references());
    });
    return json;
  }

  /** A register or look-up request: the schema as sent, its references, and the schema they resolve to. */
  private record SchemaRequest(String text, JsonNode references, Schema schema) {}

  private SchemaRequest requestIn(String body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException("Request body is not JSON: " + e.getOriginalMessage(), 400);
    }
    if (request == null || !request.path("schema").isTextual()) {
      throw invalidSchema("Request body has no \"schema\" string");
    }
    if (!request.path("schemaType").asText("AVRO").equals("AVRO")) {
      throw invalidSchema("Only AVRO schemas are supported");
    }
    String text = request.get("schema").asText();
    JsonNode refs = request.path("references").isArray() ? request.get("references") : JSON.createArrayNode();
    return new SchemaRequest(text, refs, references.resolve(text, refs));
  }

  private static int versionNumber(String text) {
    try {
      int version = Integer.parseInt(text);
      if (version > 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // fall through to the Confluent error
    }
    throw new SchemaRegistryException("The specified version '" + text + "' is not a valid version id. "
        + "Allowed values are between [1, 2^31-1] and the string \"latest\"", SchemaRegistryException.INVALID_VERSION);
  }

  private static int idNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException("Schema id '" + text + "' is not a number", 404);
    }
  }

  private static SchemaRegistryException invalidSchema(String message) {
    return new SchemaRegistryException(message, SchemaRegistryException.INVALID_SCHEMA);
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        // URLDecoder treats '+' as a space, which is form encoding, not path encoding.
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }
}
