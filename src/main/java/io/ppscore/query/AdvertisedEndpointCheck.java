package io.ppscore.query;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when Kafka Streams' metadata does not list this instance's own active partitions under its advertised
 * endpoint. Kafka's assignor maps partitions by host with one entry per {@code application.server}: two
 * instances advertising the same endpoint overwrite each other, and the users of the overwritten one have no
 * owner, so every instance answers them 503 "retry shortly" for good. Checked periodically, off the stream
 * threads; after {@link #PERSISTENT} checks in a row that find such partitions while RUNNING it logs one ERROR
 * and {@link #conflict()} turns true (shown in {@code /v1/info}) until a check finds none. A check while Kafka
 * Streams is not RUNNING, or before its metadata is known, finds nothing either way: it neither counts towards
 * a conflict nor clears one (a rebalance is not an all-clear).
 *
 * <p>The app refuses {@code group.protocol=streams} with more than one stream thread (there kafka-clients 4.3.1
 * keeps the broker's endpoint-to-partitions list in a map keyed by endpoint, which all threads of one instance
 * share, so the metadata lists only one thread's partitions), so this check never sees that metadata.
 */
public final class AdvertisedEndpointCheck implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(AdvertisedEndpointCheck.class);

  /** Checks in a row that must find unlisted partitions: metadata and tasks change together only roughly. */
  static final int PERSISTENT = 3;

  private final Supplier<Optional<Set<TopicPartition>>> unlisted;
  private final String endpoint;
  private int streak;
  private volatile boolean conflict;

  /**
   * @param unlisted this instance's active partitions the metadata does not list under it; no finding (empty
   *     optional) while Kafka Streams is not RUNNING or its metadata is not known
   */
  AdvertisedEndpointCheck(Supplier<Optional<Set<TopicPartition>>> unlisted, String endpoint) {
    this.unlisted = Objects.requireNonNull(unlisted, "unlisted must not be null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
  }

  /** A check of {@code streams} advertised as {@code self}, run every {@code period} on a daemon thread until closed. */
  public static Running start(KafkaStreams streams, HostInfo self, Duration period) {
    AdvertisedEndpointCheck check = new AdvertisedEndpointCheck(() -> unlisted(streams, self),
        self.host() + ":" + self.port());
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ppscore-endpoint-check");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return new Running(check, executor);
  }

  /** Whether the latest persistent finding was that the metadata leaves out partitions this instance runs. */
  public boolean conflict() {
    return conflict;
  }

  @Override
  public synchronized void run() {
    Set<TopicPartition> missing;
    try {
      Optional<Set<TopicPartition>> finding = unlisted.get();
      if (finding.isEmpty()) {
        return; // not RUNNING (a rebalance, a restore) or no metadata yet: no finding either way
      }
      missing = finding.get();
    } catch (RuntimeException e) {
      log.debug("Advertised endpoint check skipped", e);
      return; // Kafka Streams closing or not started: no finding either way
    }
    if (missing.isEmpty()) {
      if (conflict) {
        log.info("Kafka Streams metadata lists this instance's partitions under http.advertised.endpoint={} again",
            endpoint);
      }
      streak = 0;
      conflict = false;
      return;
    }
    streak++;
    if (streak >= PERSISTENT && !conflict) {
      conflict = true;
      log.error("Kafka Streams metadata does not list {} of this instance's active partitions ({}) under"
          + " http.advertised.endpoint={}: another instance may advertise the same endpoint, and the users of these"
          + " partitions get 503 from every instance. Give each instance its own http.advertised.endpoint.",
          missing.size(), missing, endpoint);
    }
  }

  /**
   * The partitions of {@code streams}' local active tasks that its metadata does not list under {@code self};
   * no finding while it is not RUNNING.
   */
  static Optional<Set<TopicPartition>> unlisted(KafkaStreams streams, HostInfo self) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Optional.empty();
    }
    Set<TopicPartition> local = new java.util.HashSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        local.addAll(task.topicPartitions());
      }
    }
    return unlisted(local, streams.metadataForAllStreamsClients(), self);
  }

  /**
   * The partitions of {@code localActive} that {@code metadata} does not list under {@code self}; no finding
   * while the metadata is empty (not known yet).
   */
  static Optional<Set<TopicPartition>> unlisted(Set<TopicPartition> localActive,
      Collection<StreamsMetadata> metadata, HostInfo self) {
    SortedSet<TopicPartition> missing = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
        .thenComparingInt(TopicPartition::partition));
    if (metadata.isEmpty()) {
      return Optional.empty();
    }
    missing.addAll(localActive);
    for (StreamsMetadata host : metadata) {
      if (self.equals(host.hostInfo())) {
        missing.removeAll(host.topicPartitions());
      }
    }
    return Optional.of(missing);
  }

  /** A started check and its thread; closing stops the thread. */
  public record Running(AdvertisedEndpointCheck check, ScheduledExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
