package io.ppscore.events;

/**
 * The bytes are not a Confluent wire-format frame: missing, too short ({@link
 * DeadLetterReason#UNDESERIALIZABLE}) or not starting with the magic byte ({@link
 * DeadLetterReason#WRONG_MAGIC_BYTE}).
 */
public class WireFormatException extends AvroDecodingException {

  /** A framing failure for {@code reason}. */
  public WireFormatException(DeadLetterReason reason, String message) {
    super(reason, message);
  }
}
