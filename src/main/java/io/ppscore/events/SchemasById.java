package io.ppscore.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * {@link HttpSchemaRegistryClient#schemaById}: {@code GET /schemas/ids/{id}} and what is remembered of its
 * answers. A schema is kept for good (ids are immutable), and so is "not Avro" or "unparsable"; "references
 * a schema the registry does not have" only for {@link #MISSING_REFERENCE_TTL}, as it may turn up. An id
 * the registry does not know (40403) is asked about again once after {@link UnknownSchemaIds#RECHECK_DELAY}
 * before it is called unknown, and that verdict is kept briefly ({@link UnknownSchemaIds}). Thread-safe.
 */
final class SchemasById {

  /** How long "references a schema the registry does not have" is remembered for a schema id. */
  static final Duration MISSING_REFERENCE_TTL = Duration.ofSeconds(60);

  /** Why a schema id cannot be read; {@code forGood}, or until {@code expiresAtNanos}. */
  private record Unreadable(String message, boolean forGood, long expiresAtNanos) {}

  private final RegistryTransport transport;
  private final RegisteredSchemaParser parser;
  private final RegistryTime time;
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
  private final Map<Integer, Unreadable> unreadableById = new ConcurrentHashMap<>();
  private final UnknownSchemaIds unknownIds;

  SchemasById(RegistryTransport transport, RegisteredSchemaParser parser, RegistryTime time) {
    this.transport = transport;
    this.parser = parser;
    this.time = time;
    this.unknownIds = new UnknownSchemaIds(time::nanoTime);
  }

  /** The schema with {@code id}, learnt from another answer (a look-up, a latest version). */
  void remember(int id, Schema schema) {
    schemaById.putIfAbsent(id, schema);
  }

  /** See {@link SchemaRegistry#schemaById}. */
  Schema get(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    Unreadable unreadable = unreadableById.get(id);
    if (unreadable != null) {
      if (unreadable.forGood()) {
        throw new UnreadableSchemaException(unreadable.message());
      }
      if (time.nanoTime() - unreadable.expiresAtNanos() < 0) {
        throw new MissingReferenceException(unreadable.message());
      }
      unreadableById.remove(id, unreadable);
    }
    if (unknownIds.contains(id)) {
      throw new UnknownSchemaIdException(id, "Schema id " + id + " not found: the registry answered GET /schemas/ids/"
          + id + " with 40403 less than " + UnknownSchemaIds.TTL.toSeconds() + " s ago");
    }
    Schema schema;
    try {
      schema = parser.parse(answer(id), "/schemas/ids/" + id);
    } catch (MissingReferenceException e) {
      unreadableById.put(id, new Unreadable(e.getMessage(), false, time.nanoTime() + MISSING_REFERENCE_TTL.toNanos()));
      throw e;
    } catch (UnreadableSchemaException e) {
      // its type and text will not change: ids are immutable
      unreadableById.put(id, new Unreadable(e.getMessage(), true, 0));
      throw e;
    }
    schemaById.put(id, schema);
    return schema;
  }

  /**
   * The answer to {@code GET /schemas/ids/{id}}. A 40403 is asked again once after {@link
   * UnknownSchemaIds#RECHECK_DELAY}: the registry (a replica behind a load balancer, Apicurio's storage) may
   * not have seen a schema a producer registered a moment ago, and an unknown id dead-letters the record.
   */
  private JsonNode answer(int id) {
    String path = "/schemas/ids/" + id;
    try {
      return transport.get(path);
    } catch (SchemaNotFoundException first) {
      requireSchemaNotFound(first);
      if (!unknownIds.mayWaitToAskAgain(id) || !transport.hasTimeLeft(UnknownSchemaIds.RECHECK_DELAY.multipliedBy(2))) {
        unknownIds.add(id, false);
        throw new UnknownSchemaIdException(id, first.getMessage() + " (not asked again: a wait for this id less than "
            + UnknownSchemaIds.NO_SECOND_WAIT.toSeconds() + " s ago, or for another less than "
            + UnknownSchemaIds.QUIET_AFTER_WAIT_IN_VAIN.toSeconds() + " s ago, did not help)");
      }
      time.sleep(UnknownSchemaIds.RECHECK_DELAY);
      try {
        return transport.get(path);
      } catch (SchemaNotFoundException second) {
        requireSchemaNotFound(second);
        unknownIds.add(id, true);
        throw new UnknownSchemaIdException(id, second.getMessage() + " (asked twice, "
            + UnknownSchemaIds.RECHECK_DELAY.toMillis() + " ms apart)");
      }
    }
  }

  /** Subject or version not found cannot answer an ids path: the request went to the wrong place. */
  private static void requireSchemaNotFound(SchemaNotFoundException e) {
    if (e.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND) {
      throw RegistryTransport.wrongBaseUrl(e.getMessage(), e.errorCode());
    }
  }
}
