package io.ppscore.events;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes cannot be turned into the expected Avro type. This is a property of the record, not
 * of the system: retrying cannot help, so the record belongs on the dead-letter topic with
 * {@link #reason()}.
 */
public class AvroDecodingException extends SerializationException {

  private final DeadLetterReason reason;

  /** A decoding failure for {@code reason}, with a message a human on call can act on. */
  public AvroDecodingException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A decoding failure without an underlying exception. */
  public AvroDecodingException(DeadLetterReason reason, String message) {
    this(reason, message, null);
  }

  /** Why the record is rejected; travels in the dead-letter record's headers. */
  public DeadLetterReason reason() {
    return reason;
  }
}
