package io.ppscore.events;

import org.apache.avro.SystemLimitException;

/**
 * Caps on what one Avro value may claim to contain. Avro's defaults are about {@code Integer.MAX_VALUE}:
 * a 10-byte record whose string length says 2 GB makes the decoder allocate 2 GB, and the resulting
 * {@link OutOfMemoryError} kills the stream thread instead of dead-lettering the record. With these caps
 * Avro throws {@link SystemLimitException}, which {@link AvroDeserializer} maps to {@link
 * DeadLetterReason#UNDESERIALIZABLE}.
 *
 * <p>Avro reads the system properties once, when {@link SystemLimitException} initializes, so {@link
 * #install()} must run before any Avro decoding: {@code Main} calls it first, and {@link AvroDeserializer}
 * and {@link SchemaProjection} call it from their static initializers. A value already set (for example
 * with {@code -Dorg.apache.avro.limits.string.maxLength=...}) is kept.
 *
 * <p>Avro (1.12) checks these limits only for values it reads, not for the fields of a writer schema the
 * reader does not have, which it skips: {@code skipArray}, {@code skipMap}, {@code skipString} and
 * {@code skipBytes} take any count or length, and Avro offers no hook to bound them. A skipped length
 * allocates nothing and ends at the body's end; a skipped item count is bounded by the body only when
 * each item takes at least a byte, which {@link DecodingBounds} requires of every writer schema.
 */
public final class AvroLimits {

  /** Longest string one value may hold: 1 MiB, the default Kafka record size limit. */
  public static final int MAX_STRING_BYTES = 1 << 20;
  /** Longest {@code bytes} value: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;
  /** Most items in one array or map: 100,000 (an order has at most a few hundred lines). */
  public static final int MAX_COLLECTION_ITEMS = 100_000;

  private AvroLimits() {
  }

  /** Sets the limits that are not set yet; idempotent and cheap. */
  public static void install() {
    setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
    setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
    setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }
}
