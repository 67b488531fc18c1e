package io.ppscore.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The largest input record ppscore accepts, and the largest dead letter it writes: the Kafka Streams producer's
 * {@code max.request.size} (1,048,576 bytes by default) minus {@link #MARGIN}. The producer refuses a larger
 * record with a {@code RecordTooLargeException}, which is not retried and fails the task, so the same record
 * would be read again after every thread replacement. The margin leaves room for what ppscore adds to an
 * accepted record: the dead-letter headers, or the {@code UserEvent} wrapping on the rekey topic.
 */
public final class RecordSizeLimit {

  /** Room left under {@code max.request.size} for dead-letter headers and the rekey wrapping. */
  public static final int MARGIN = 64 * 1024;
  /** The producer's {@code max.request.size} when none is configured. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
  /** Per header, what the record format adds besides its key and value (varint lengths, generously). */
  private static final int HEADER_OVERHEAD = 10;

  private RecordSizeLimit() {
  }

  /**
   * The limit under the producer settings {@code settings} ({@code producer.max.request.size} wins over
   * {@code max.request.size}, as in Kafka Streams), in bytes.
   */
  public static int maxRecordBytes(Map<String, ?> settings) {
    Object configured = settings.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (configured == null) {
      configured = settings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    int maxRequestSize = configured == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.toString().trim());
    if (maxRequestSize < 2 * MARGIN) {
      throw new IllegalArgumentException("kafka.max.request.size must be at least " + 2 * MARGIN
          + " bytes (ppscore keeps " + MARGIN + " bytes of it for dead-letter headers), got " + maxRequestSize);
    }
    return maxRequestSize - MARGIN;
  }

  /** Roughly the bytes a record with this key, value and headers takes in a produce request. */
  static long sizeOf(byte[] key, byte[] value, Headers headers) {
    long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    for (Header h : headers) {
      size += sizeOf(h);
    }
    return size;
  }

  static long sizeOf(Header header) {
    return header.key().length() * 3L + (header.value() == null ? 0 : header.value().length) + HEADER_OVERHEAD;
  }
}
