package io.ppscore.events;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not be reached, timed out or answered with a server error (5xx).
 *
 * <p>Deliberately a {@link RetriableException} and not an {@link AvroDecodingException}: it says nothing
 * about the record being processed, so it carries no dead-letter reason. A deserialization exception
 * handler must let it fail the task (and the stream thread be replaced or the app restarted) rather
 * than route the record to the dead-letter topic: an outage must never send good records there.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

  /** The registry is unreachable; {@code cause} says how. */
  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
