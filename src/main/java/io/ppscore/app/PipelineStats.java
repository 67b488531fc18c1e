package io.ppscore.app;

import io.ppscore.metrics.AppMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import io.ppscore.state.StoreNames;

/** A snapshot of pipeline counters read from Kafka Streams metrics and the profile store. */
public record PipelineStats(Map<String, Long> eventsInByTopic, Map<String, Long> deadLettersByReason, long usersInState,
    long scoresOut, long riskFlagsOut, double latencyP99Ms) {

  /** Reads the current figures from a running instance, without latency. */
  public static PipelineStats of(KafkaStreams streams) {
    return of(streams, null);
  }

  /** Reads the current figures from a running instance and its meters (the p99 event-to-score latency). */
  public static PipelineStats of(KafkaStreams streams, AppMetrics metrics) {
    return read(streams, metrics, () -> users(streams));
  }

  /** As {@link #of(KafkaStreams, AppMetrics)}, with the users counted by {@code users} (e.g. a {@link UserCountCache}). */
  static PipelineStats of(KafkaStreams streams, AppMetrics metrics, LongSupplier users) {
    return read(streams, metrics, users);
  }

  /**
   * The counters only, for tight polling loops: {@link #usersInState()} is {@link #NOT_COUNTED}. Counting users
   * scans (and decodes) every local profile through an interactive query, which competes with the stream
   * thread for the store; a bench that did that 40 times a second measured itself.
   */
  public static PipelineStats countersOf(KafkaStreams streams) {
    return read(streams, null, () -> NOT_COUNTED);
  }

  /** {@link #usersInState()} of a snapshot taken without counting users. */
  public static final long NOT_COUNTED = -1;

  private static PipelineStats read(KafkaStreams streams, AppMetrics metrics, LongSupplier users) {
    Map<String, Long> eventsIn = new TreeMap<>();
    Map<String, Long> deadLetters = new TreeMap<>();
    long scoresOut = 0;
    long riskFlagsOut = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (!"stream-ppscore-metrics".equals(name.group())) {
        continue;
      }
      long value = ((Number) e.getValue().metricValue()).longValue();
      if ("events-in-total".equals(name.name())) {
        eventsIn.merge(name.tags().get("topic"), value, Long::sum);
      } else if ("dead-letter-records-total".equals(name.name()) && value > 0) {
        deadLetters.merge(name.tags().get("reason"), value, Long::sum);
      } else if ("scores-out-total".equals(name.name())) {
        scoresOut += value;
      } else if ("risk-flags-out-total".equals(name.name())) {
        riskFlagsOut += value;
      }
    }
    double p99 = metrics == null ? Double.NaN : metrics.eventToScorePercentileMs(0.99);
    return new PipelineStats(eventsIn, deadLetters, users.getAsLong(), scoresOut, riskFlagsOut, p99);
  }

  /** Counting exactly costs a scan of the local profiles; above this many, RocksDB's estimate is used. */
  static final long EXACT_COUNT_LIMIT = 200_000;

  /**
   * Users in this instance's profile stores: exact up to {@link #EXACT_COUNT_LIMIT} (RocksDB's own estimate
   * counts overwritten versions too and can be far off), estimated above; {@link #NOT_COUNTED} while the
   * store cannot be queried.
   */
  static long users(KafkaStreams streams) {
    try {
      return count(streams.store(StoreQueryParameters.fromNameAndType(
          StoreNames.USER_PROFILE, QueryableStoreTypes.<String, Object>keyValueStore())), EXACT_COUNT_LIMIT);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // the store is restoring or migrating, or Kafka Streams stopped (IllegalStateException: not running)
      // while /v1/info asked: not counted (left out of the answer), neither a 0 nor a 500
      return NOT_COUNTED;
    }
  }

  /**
   * As {@link #users(KafkaStreams)}, but {@link #NOT_COUNTED} unless Kafka Streams is RUNNING and every local
   * active task of {@code profileSubtopology} (the subtopology holding the profile store, see
   * {@link #subtopologyOf}) can be queried. A query without a partition skips the tasks still restoring (they
   * are not yet among a thread's running tasks), so it counted a part of the users as if it were all of them.
   */
  static long users(KafkaStreams streams, int profileSubtopology) {
    try {
      if (streams.state() != KafkaStreams.State.RUNNING) {
        return NOT_COUNTED;
      }
      SortedSet<Integer> partitions = new TreeSet<>();
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          if (task.taskId().subtopology() == profileSubtopology) {
            partitions.add(task.taskId().partition());
          }
        }
      }
      List<ReadOnlyKeyValueStore<String, Object>> stores = new ArrayList<>();
      for (int partition : partitions) {
        // resolved lazily: count() below throws InvalidStateStoreException while that partition restores or
        // migrates, and the figure is then left out, not partial
        stores.add(streams.store(StoreQueryParameters.fromNameAndType(
            StoreNames.USER_PROFILE, QueryableStoreTypes.<String, Object>keyValueStore()).withPartition(partition)));
      }
      long total = 0;
      long limit = EXACT_COUNT_LIMIT;
      for (ReadOnlyKeyValueStore<String, Object> store : stores) {
        long n = count(store, limit);
        total += n;
        limit = Math.max(0, limit - n);
      }
      return total;
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return NOT_COUNTED;
    }
  }

  /** The id of the subtopology whose processors use {@code storeName}. */
  static int subtopologyOf(TopologyDescription topology, String storeName) {
    for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Processor processor && processor.stores().contains(storeName)) {
          return subtopology.id();
        }
      }
    }
    throw new IllegalArgumentException("no subtopology uses the store " + storeName);
  }

  /** Entries of {@code store}: counted up to {@code exactLimit} entries estimated, RocksDB's estimate above. */
  private static long count(ReadOnlyKeyValueStore<String, Object> store, long exactLimit) {
    long estimate = store.approximateNumEntries();
    if (estimate > exactLimit) {
      return estimate;
    }
    long count = 0;
    try (KeyValueIterator<String, Object> all = store.all()) {
      while (all.hasNext()) {
        all.next();
        count++;
      }
    }
    return count;
  }

  public long eventsIn() {
    return eventsInByTopic.values().stream().mapToLong(Long::longValue).sum();
  }

  public long deadLetters() {
    return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new java.util.LinkedHashMap<>(Map.of("eventsInByTopic", eventsInByTopic,
        "deadLettersByReason", deadLettersByReason, "scoresOut", scoresOut, "riskFlagsOut", riskFlagsOut));
    if (usersInState != NOT_COUNTED) {
      json.put("usersInState", usersInState);
    }
    if (!Double.isNaN(latencyP99Ms)) {
      json.put("eventToScoreLatencyP99Ms", latencyP99Ms);
    }
    return json;
  }
}
