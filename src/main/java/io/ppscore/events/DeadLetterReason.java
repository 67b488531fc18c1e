package io.ppscore.events;

/**
 * Why a record was sent to the dead-letter topic. The name travels in the {@code ppscore.dlq.reason}
 * header; the set is part of the contract with whoever drains the dead-letter topic.
 */
public enum DeadLetterReason {
  /**
   * The value is empty, truncated, claims a string, bytes or collection over {@link AvroLimits}, nests deeper
   * than the decoder's stack, or is otherwise not valid Avro binary.
   */
  UNDESERIALIZABLE,
  /** The first byte is not the Confluent wire-format magic byte 0. */
  WRONG_MAGIC_BYTE,
  /** The 4-byte schema id is not known to the schema registry. */
  UNKNOWN_SCHEMA_ID,
  /**
   * The writer schema cannot be read as the topic's event type (wrong record on the topic, incompatible
   * change), its records could take unbounded time or stack to decode (see {@link DecodingBounds}), or
   * the schema id names no Avro schema this app can read (a Protobuf or JSON schema, unparsable text,
   * references the registry cannot resolve).
   */
  SCHEMA_MISMATCH,
  /** The event has no user id (guest, blank, or null where the producer's schema made it nullable). */
  MISSING_USER_ID,
  /** A price, total or quantity is negative, zero where it must be positive, not finite, or absurdly large. */
  INVALID_AMOUNT,
  /** The event time is before the configured minimum or too far in the future. */
  ABSURD_TIMESTAMP,
  /**
   * A text or id field is longer than configured, the whole record is larger than the producer's
   * {@code max.request.size}, or the event's copy for the rekey topic would be larger than the producer accepts.
   */
  OVERSIZED_FIELD,
  /**
   * A required field is missing or malformed (no event id, an order without lines, a null where the
   * producer's schema made a required field nullable, ...).
   */
  INVALID_FIELD,
  /** The event arrived after the grace period of the windows it belongs to. */
  LATE_EVENT,
  /** An unexpected exception while processing an otherwise valid record. */
  PROCESSING_ERROR
}
