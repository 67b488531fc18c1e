package io.ppscore.topology;

import io.ppscore.events.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers ppscore puts on every dead-letter record it writes itself. Records rejected by Kafka Streams'
 * own exception handlers (KIP-1034) carry Kafka's {@code __streams.errors.*} headers instead.
 */
public final class DeadLetterHeaders {
  public static final String REASON = "ppscore.dlq.reason";
  public static final String MESSAGE = "ppscore.dlq.message";
  public static final String SOURCE_TOPIC = "ppscore.dlq.source.topic";
  public static final String SOURCE_PARTITION = "ppscore.dlq.source.partition";
  public static final String SOURCE_OFFSET = "ppscore.dlq.source.offset";
  public static final String APP_VERSION = "ppscore.dlq.app.version";
  /**
   * The timestamp the rejected record had, in epoch milliseconds. The dead letter itself is stamped with the
   * time it was written: Kafka's retention and segment rolls go by record timestamps, so a dead letter that
   * kept a late event's or a replayed year-old record's timestamp would be deleted within minutes.
   */
  public static final String SOURCE_TIMESTAMP = "ppscore.dlq.source.timestamp";
  /**
   * Set when the dead letter would have been too large to write ({@link DeadLetterFit}): the size, in bytes, of
   * the original value left out (the dead letter's value is then empty).
   */
  public static final String VALUE_OMITTED_BYTES = "ppscore.dlq.value.omitted.bytes";
  /** As {@link #VALUE_OMITTED_BYTES}, for the original key (the dead letter then has none). */
  public static final String KEY_OMITTED_BYTES = "ppscore.dlq.key.omitted.bytes";
  /** As {@link #VALUE_OMITTED_BYTES}, for the original record's own headers (then left out). */
  public static final String HEADERS_OMITTED_BYTES = "ppscore.dlq.headers.omitted.bytes";
  /** The headers {@link #with} sets. */
  static final java.util.Set<String> OWN = java.util.Set.of(REASON, MESSAGE, SOURCE_TOPIC, SOURCE_PARTITION,
      SOURCE_OFFSET, APP_VERSION, SOURCE_TIMESTAMP);

  private static final int MAX_MESSAGE_LENGTH = 1_000;

  private DeadLetterHeaders() {
  }

  /** A copy of {@code original} with the dead-letter headers added. */
  public static Headers with(Headers original, DeadLetterReason reason, String message, String topic, int partition,
      long offset, long sourceTimestamp, String appVersion) {
    Headers headers = new RecordHeaders(original.toArray());
    put(headers, REASON, reason.name());
    put(headers, MESSAGE, message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) : message);
    put(headers, SOURCE_TOPIC, topic);
    put(headers, SOURCE_PARTITION, Integer.toString(partition));
    put(headers, SOURCE_OFFSET, Long.toString(offset));
    put(headers, SOURCE_TIMESTAMP, Long.toString(sourceTimestamp));
    put(headers, APP_VERSION, appVersion);
    return headers;
  }

  /** The value of header {@code name} as UTF-8, or null. */
  public static String read(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
