package io.ppscore.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The sizes the Kafka Streams producer accepts. It refuses a record larger than its {@code max.request.size}
 * (1,048,576 bytes by default) with a {@code RecordTooLargeException}, which is not retried and fails the task,
 * so the same record would be read again after every thread replacement. ppscore writes an input record again
 * only as its copy on the rekey topic (measured exactly before it is sent, {@link ParseProcessor}) or as a dead
 * letter (cut down to fit, {@link DeadLetterFit}): both must stay within {@link #maxRecordBytes}, the producer's
 * limit minus {@link #FRAMING} for the batch and record framing that {@link #sizeOf} does not count.
 */
public final class RecordSizeLimit {

  /**
   * Room left under {@code max.request.size} for what the producer adds around key, value and headers: a batch
   * header (61 bytes) and a record's own overhead (at most 21 bytes), generously.
   */
  public static final int FRAMING = 512;
  /** The smallest {@code max.request.size} ppscore starts with: a dead letter's own headers must fit. */
  static final int MIN_MAX_REQUEST_SIZE = 64 * 1024;
  /** The producer's {@code max.request.size} when none is configured. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
  /** Per header, what the record format adds besides its key and value (varint lengths, generously). */
  private static final int HEADER_OVERHEAD = 10;

  private RecordSizeLimit() {
  }

  /**
   * The producer's {@code max.request.size} under the settings {@code settings} ({@code producer.max.request.size}
   * wins over {@code max.request.size}, as in Kafka Streams), in bytes.
   */
  public static int maxRequestSize(Map<String, ?> settings) {
    Object configured = settings.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (configured == null) {
      configured = settings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    int maxRequestSize = configured == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.toString().trim());
    if (maxRequestSize < MIN_MAX_REQUEST_SIZE) {
      throw new IllegalArgumentException("kafka.max.request.size must be at least " + MIN_MAX_REQUEST_SIZE
          + " bytes (a dead letter's headers must fit), got " + maxRequestSize);
    }
    return maxRequestSize;
  }

  /** The largest record (key, value and headers, as {@link #sizeOf} counts them) ppscore writes, in bytes. */
  public static int maxRecordBytes(Map<String, ?> settings) {
    return maxRecordBytes(maxRequestSize(settings));
  }

  /** The largest record ppscore writes under a producer {@code max.request.size} of {@code maxRequestSize}. */
  static int maxRecordBytes(int maxRequestSize) {
    return maxRequestSize - FRAMING;
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
