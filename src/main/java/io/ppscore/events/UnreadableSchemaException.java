package io.ppscore.events;

/**
 * The registry has a schema under the requested id or subject, but it is no Avro schema this app can read:
 * another type ({@code PROTOBUF}, {@code JSON}), text Avro cannot parse, or references to schemas the
 * registry does not have ({@link MissingReferenceException}). A record written with it is the record's fault
 * (dead-lettered as {@link DeadLetterReason#SCHEMA_MISMATCH}). The type and text of a registered schema never
 * change, so that answer is cached per id for good; a missing reference may turn up, so that one only for a
 * while.
 */
public class UnreadableSchemaException extends SchemaRegistryException {

  /** Why the schema cannot be read, naming the request path. */
  public UnreadableSchemaException(String message) {
    super(message, INVALID_SCHEMA);
  }
}
