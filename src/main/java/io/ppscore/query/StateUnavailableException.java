package io.ppscore.query;

/**
 * The local state store cannot answer right now: Kafka Streams is rebalancing, the store is restoring, or
 * the partition moved to another instance. Transient by nature: callers answer 503 and let clients retry.
 */
public class StateUnavailableException extends RuntimeException {

  /** @param message why the store is unavailable; shown to HTTP clients, so no secrets or stack traces */
  public StateUnavailableException(String message) {
    super(message);
  }

  /** As {@link #StateUnavailableException(String)}, keeping the underlying Kafka Streams exception for logs. */
  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
