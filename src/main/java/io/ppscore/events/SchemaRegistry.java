package io.ppscore.events;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the Avro serde needs. Implementations: {@link
 * HttpSchemaRegistryClient} (any Confluent-compatible registry over REST) and {@link
 * InMemorySchemaRegistry} (tests, embedded registry).
 *
 * <p>Failures are {@link SchemaRegistryException}s carrying the registry's error code, except that an
 * unreachable registry throws the retriable {@link SchemaRegistryUnavailableException}.
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and returns
   * its global id; registering a schema the subject already has returns the existing id.
   *
   * @throws IncompatibleSchemaException if the subject's compatibility rule rejects the schema
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} in {@code subject} ({@code POST /subjects/{subject}}), without registering it.
   *
   * @throws SchemaNotFoundException if the subject does not exist or does not contain the schema
   */
  int lookupId(String subject, Schema schema);

  /**
   * The schema with global id {@code id} ({@code GET /schemas/ids/{id}}).
   *
   * @throws UnknownSchemaIdException if no schema has this id (error code 40403), and only then
   */
  Schema schemaById(int id);

  /**
   * The newest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}).
   *
   * @throws SchemaNotFoundException if the subject does not exist
   */
  RegisteredSchema latest(String subject);
}
