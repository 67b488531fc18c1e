package io.ppscore.events;

/**
 * The registry has a schema under the requested id or subject, but it is no Avro schema this app can read:
 * another type ({@code PROTOBUF}, {@code JSON}), text Avro cannot parse, or references to schemas the
 * registry does not have. A property of that registered schema, which never changes: a record written with
 * it is the record's fault (dead-lettered as {@link DeadLetterReason#SCHEMA_MISMATCH}), and asking the
 * registry again cannot help, so the answer is cached per id.
 */
public class UnreadableSchemaException extends SchemaRegistryException {

  /** Why the schema cannot be read, naming the request path. */
  public UnreadableSchemaException(String message) {
    super(message, INVALID_SCHEMA);
  }
}
