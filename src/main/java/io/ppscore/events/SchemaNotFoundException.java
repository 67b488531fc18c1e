package io.ppscore.events;

/** The subject, the version or the schema within a subject is not registered (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {

  /** A 404 with one of the codes 40401, 40402 or 40403. */
  public SchemaNotFoundException(String message, int errorCode) {
    super(message, errorCode);
  }
}
