package io.ppscore.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, with Confluent's semantics: global ids from 1 shared by all subjects
 * (the same schema gets the same id everywhere), versions from 1 per subject, registering a schema the
 * subject already has returns its id, and BACKWARD compatibility: a new version must be able to read
 * data written with the subject's latest version.
 *
 * <p>Thread-safe (every method is synchronized; this is for tests and demos, not for throughput).
 * Schemas are compared with {@link Schema#equals}, which ignores documentation.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final List<Schema> schemasById = new ArrayList<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, List<Integer>> idsBySubjectVersion = new LinkedHashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = idsBySubjectVersion.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(schema);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    if (!versions.isEmpty()) {
      requireBackwardCompatible(subject, schema, schemasById.get(versions.get(versions.size() - 1) - 1));
    }
    int id = existing != null ? existing : newId(schema);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int lookupId(String subject, Schema schema) {
    return lookup(subject, schema).id();
  }

  /**
   * The version of {@code subject} holding {@code schema} ({@code POST /subjects/{subject}}).
   *
   * @throws SchemaNotFoundException 40401 if the subject does not exist, 40403 if it lacks the schema
   */
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    List<Integer> versions = versionsOf(subject);
    Integer id = idsBySchema.get(schema);
    int index = id == null ? -1 : versions.indexOf(id);
    if (index < 0) {
      throw new SchemaNotFoundException("Schema " + schema.getFullName() + " is not registered under subject '"
          + subject + "'", SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return new RegisteredSchema(subject, id, index + 1, schema);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    if (id < 1 || id > schemasById.size()) {
      throw new UnknownSchemaIdException(id, "Schema id " + id + " not found");
    }
    return schemasById.get(id - 1);
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    return version(subject, versionsOf(subject).size());
  }

  /** Version {@code version} (from 1) of {@code subject}. */
  public synchronized RegisteredSchema version(String subject, int version) {
    List<Integer> versions = versionsOf(subject);
    if (version < 1 || version > versions.size()) {
      throw new SchemaNotFoundException("Version " + version + " of subject '" + subject + "' not found",
          SchemaRegistryException.VERSION_NOT_FOUND);
    }
    int id = versions.get(version - 1);
    return new RegisteredSchema(subject, id, version, schemasById.get(id - 1));
  }

  /** The version numbers of {@code subject}: 1..n. */
  public synchronized List<Integer> versions(String subject) {
    int count = versionsOf(subject).size();
    List<Integer> numbers = new ArrayList<>(count);
    for (int v = 1; v <= count; v++) {
      numbers.add(v);
    }
    return numbers;
  }

  /** All subjects with at least one version, in registration order. */
  public synchronized List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    idsBySubjectVersion.forEach((subject, ids) -> {
      if (!ids.isEmpty()) {
        subjects.add(subject);
      }
    });
    return subjects;
  }

  private List<Integer> versionsOf(String subject) {
    List<Integer> versions = idsBySubjectVersion.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaNotFoundException("Subject '" + subject + "' not found",
          SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    return versions;
  }

  private int newId(Schema schema) {
    schemasById.add(schema);
    int id = schemasById.size();
    idsBySchema.put(schema, id);
    return id;
  }

  private static void requireBackwardCompatible(String subject, Schema candidate, Schema latest) {
    ReadCompatibility.problemReadingEveryValue(candidate, latest).ifPresent(problem -> {
      throw new IncompatibleSchemaException("Schema being registered is incompatible with the latest version of subject '"
          + subject + "' (BACKWARD): " + problem);
    });
  }
}
