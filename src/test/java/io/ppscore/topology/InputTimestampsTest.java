package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * An input record without a valid timestamp is processed (its event time is in the event), stamped when
 * read, instead of failing its task on every retry as Kafka Streams' default extractor does.
 */
class InputTimestampsTest {

  private static final long PARTITION_TIME = 1_700_000_000_000L;

  @Test
  void shouldKeepAValidRecordTimestamp() {
    assertThat(new InputTimestamps().extract(record(1_600_000_000_000L), PARTITION_TIME)).isEqualTo(1_600_000_000_000L);
    assertThat(new InputTimestamps().extract(record(0L), PARTITION_TIME)).isZero();
  }

  @Test
  void shouldTakeTheWallClockForARecordWithoutATimestampNotAnOlderPartitionTime() {
    // Given
    long before = System.currentTimeMillis();

    // When
    long extracted = new InputTimestamps().extract(record(-1L), PARTITION_TIME);
    long negative = new InputTimestamps().extract(record(-42L), -1L);

    // Then
    assertThat(extracted).isBetween(before, System.currentTimeMillis());
    assertThat(negative).isBetween(before, System.currentTimeMillis());
  }

  private static ConsumerRecord<Object, Object> record(long timestamp) {
    return new ConsumerRecord<>("clicks", 0, 7L, timestamp, TimestampType.CREATE_TIME, 0, 0, new byte[0], new byte[0],
        new RecordHeaders(), java.util.Optional.empty());
  }
}
