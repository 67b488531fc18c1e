package io.ppscore.events;

/** A new schema breaks the subject's compatibility rule (HTTP 409, error code 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {

  /** The registry rejected the schema as incompatible. */
  public IncompatibleSchemaException(String message) {
    super(message, INCOMPATIBLE_SCHEMA);
  }
}
