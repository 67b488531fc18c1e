package io.ppscore.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp of an input record (events, erasure requests) for Kafka Streams: the record's own, or, for a
 * record without a valid one (negative: {@code -1} is "no timestamp", which brokers accept under CreateTime
 * from non-Java clients), the wall clock: it was produced at the latest when it is read. Kafka Streams'
 * default extractor throws on such a record before any processor sees it; the replaced thread reads the same
 * record again, so one record would stop its partition for good. ppscore takes event time from the event
 * itself; the record timestamp stamps the writes the record causes and is the erasure guard's production
 * time. Not the partition's time: on a partition of such records it stays at the first one's, so a returning
 * user's new events would read as produced before their erasure and be dropped.
 */
public final class InputTimestamps implements TimestampExtractor {

  /**
   * {@code timestamp}, or {@code now} (the wall clock that read the record) when it is later: the timestamp of
   * everything a record causes to be written (changelog, repartition and output records) is never ahead of the
   * time it was read. Brokers refuse timestamps more than {@code log.message.timestamp.after.max.ms} ahead, and
   * a consumer keeping the newest value by timestamp would keep a future-stamped write over later ones.
   */
  static long notAfter(long timestamp, long now) {
    return Math.min(timestamp, now);
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return System.currentTimeMillis();
  }
}
