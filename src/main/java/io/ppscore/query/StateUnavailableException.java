package io.ppscore.query;

/**
 * The local state store cannot answer right now: Kafka Streams is rebalancing, the store is restoring, or
 * the partition moved to another instance. Transient by nature: callers answer 503 and let clients retry.
 */
public class StateUnavailableException extends RuntimeException {

  /**
   * @param message why the store is unavailable, for the log (at DEBUG); clients get a fixed reason instead,
   *     so it may name stores, partitions and Kafka's own message
   */
  public StateUnavailableException(String message) {
    super(message);
  }

  /** As {@link #StateUnavailableException(String)}, keeping the underlying Kafka Streams exception for logs. */
  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
