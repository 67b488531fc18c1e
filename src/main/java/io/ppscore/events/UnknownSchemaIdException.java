package io.ppscore.events;

/** No schema has the requested global id (HTTP 404, error code 40403). */
public class UnknownSchemaIdException extends SchemaNotFoundException {

  private final int schemaId;

  /** The id is unknown to the registry. */
  public UnknownSchemaIdException(int schemaId, String message) {
    super(message, SCHEMA_NOT_FOUND);
    this.schemaId = schemaId;
  }

  /** The id that was asked for. */
  public int schemaId() {
    return schemaId;
  }
}
