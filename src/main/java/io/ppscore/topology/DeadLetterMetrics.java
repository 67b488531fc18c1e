package io.ppscore.topology;

import io.ppscore.events.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts dead-letter records by reason as Kafka Streams custom metrics: group
 * {@code stream-ppscore-metrics}, names {@code dead-letter-records-total} and
 * {@code dead-letter-records-rate}, tag {@code reason}. Visible through JMX and
 * {@code KafkaStreams#metrics()}.
 */
final class DeadLetterMetrics {

  static final String SCOPE = "ppscore";
  static final String OPERATION = "dead-letter-records";
  private final Map<DeadLetterReason, Sensor> sensors = new EnumMap<>(DeadLetterReason.class);

  DeadLetterMetrics(StreamsMetrics metrics) {
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      sensors.put(reason, metrics.addRateTotalSensor(SCOPE, "reason-" + reason.name(), OPERATION,
          RecordingLevel.INFO, "reason", reason.name()));
    }
  }

  void record(DeadLetterReason reason) {
    sensors.get(reason).record();
  }
}
