package io.ppscore.bench;

import io.ppscore.events.Topic;
import io.ppscore.output.avro.UserScore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-to-score latency as the recommender sees it: a {@code read_committed} consumer of the scores topic
 * (so a score counts only once its exactly-once transaction committed) takes its receive time of each score.
 * Per event: for every paced send of the score's user at or before the score's triggering event time (the
 * paced phase stamps each event with its send time), the receive time minus that send; each send counts once,
 * with the first visible score that covers it. Per score (as earlier bench runs reported): the receive time
 * minus the triggering event's time, for scores triggered at or after {@code fromMs}; an earlier event of the
 * same user that joined the same score waited longer and is only counted per event. The app's own latency
 * metric stops when the score is forwarded, before the commit.
 */
public final class ScoreVisibilityProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreVisibilityProbe.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Topic<String, UserScore> scores;
  private final LongSupplier clock;
  private final Thread thread;
  private final VisibilityLatencies latencies;
  private volatile boolean running = true;
  private volatile String failure;

  private ScoreVisibilityProbe(String bootstrap, Topic<String, UserScore> scores, PacedSends sends, long fromMs,
      LongSupplier clock) {
    this.scores = scores;
    this.latencies = new VisibilityLatencies(sends, fromMs);
    this.clock = clock;
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(scores.name()).stream()
          .map(p -> new TopicPartition(scores.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end offsets now, before the phase sends anything
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    this.thread = new Thread(this::run, "bench-score-visibility");
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading {@code scores} from its end, matching scores to the sends {@code sends} records, and counting
   * per score those triggered at or after {@code fromMs}.
   */
  public static ScoreVisibilityProbe start(String bootstrap, Topic<String, UserScore> scores, PacedSends sends,
      long fromMs) {
    ScoreVisibilityProbe probe = new ScoreVisibilityProbe(bootstrap, scores, sends, fromMs, System::currentTimeMillis);
    probe.thread.start();
    return probe;
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(20));
        long now = clock.getAsLong(); // once per poll: decoding the batch must not add to its latencies
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.value() == null) {
            continue; // an erasure tombstone
          }
          UserScore score = scores.valueSerde().deserializer().deserialize(r.topic(), r.value());
          latencies.scoreVisible(score.getUserId(), score.getTriggeringEventTime().toEpochMilli(), now);
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e.toString();
      LOG.warn("score visibility probe stopped: {}", failure);
    } finally {
      consumer.close();
    }
  }

  /** Why the probe stopped reading before it was closed, if it did (its figures are then partial). */
  public java.util.Optional<String> failure() {
    return java.util.Optional.ofNullable(failure);
  }

  /** Paced events a visible score covered so far. */
  public int count() {
    return latencies.perEvent().length;
  }

  /** The {@code p} quantile (nearest rank) of the per-event latencies so far, in ms; NaN with none. */
  public double percentileMs(double p) {
    return nearestRank(latencies.perEvent(), p);
  }

  /** Scores counted per score so far. */
  public int perScoreCount() {
    return latencies.perScore().length;
  }

  /** The {@code p} quantile (nearest rank) of the per-score latencies so far, in ms; NaN with none. */
  public double perScorePercentileMs(double p) {
    return nearestRank(latencies.perScore(), p);
  }

  static double nearestRank(long[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
