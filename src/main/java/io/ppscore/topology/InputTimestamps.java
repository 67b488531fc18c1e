package io.ppscore.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp of an input record (events, erasure requests) for Kafka Streams: the record's own, or, for a
 * record without a valid one (negative: {@code -1} is "no timestamp", which brokers accept under CreateTime
 * from non-Java clients), its partition's time so far, else the wall clock. Kafka Streams' default extractor
 * throws on such a record before any processor sees it; the replaced thread reads the same record again, so
 * one record would stop its partition for good. ppscore takes event time from the event itself; the record
 * timestamp only stamps the writes the record causes and the erasure guard's production time.
 */
public final class InputTimestamps implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
  }
}
