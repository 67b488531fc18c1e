package io.ppscore.events;

/**
 * A registered schema references a schema the registry does not have, or does not have yet: unlike the
 * other {@link UnreadableSchemaException}s this may change (a referenced subject restored, a lagging replica
 * catching up), so the verdict is remembered only for a while.
 */
public class MissingReferenceException extends UnreadableSchemaException {

  /** Why the schema cannot be read, naming the request path and the reference. */
  public MissingReferenceException(String message) {
    super(message);
  }
}
