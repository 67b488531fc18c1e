package io.ppscore.app;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.TaskMetadataImpl;
import org.apache.kafka.streams.processor.internals.ThreadMetadataImpl;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A RUNNING-looking Kafka Streams client (never started, no broker) with some active tasks, of which some are
 * still restoring: a store query pinned to a restoring task's partition fails, and an unpinned one answers from
 * the running tasks only, as Kafka Streams' own query does while the state updater restores the others.
 */
final class RestoringStreams extends KafkaStreams {

  private final Set<TaskId> active;
  private final Map<Integer, List<String>> runningPartitionKeys;

  /**
   * @param active this instance's active tasks, running or restoring
   * @param runningPartitionKeys the keys of the profile store per partition of the running tasks
   */
  RestoringStreams(Path stateDir, Set<TaskId> active, Map<Integer, List<String>> runningPartitionKeys) {
    super(buildTopology(), props(stateDir));
    this.active = active;
    this.runningPartitionKeys = runningPartitionKeys;
  }

  private static org.apache.kafka.streams.Topology buildTopology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in");
    return builder.build();
  }

  private static Properties props(Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restoring-streams-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }

  @Override
  public State state() {
    return State.RUNNING;
  }

  @Override
  public Set<ThreadMetadata> metadataForLocalThreads() {
    Set<TaskMetadata> tasks = active.stream()
        .map(id -> (TaskMetadata) new TaskMetadataImpl(id, Set.of(), Map.of(), Map.of(), Optional.empty()))
        .collect(Collectors.toSet());
    return Set.of(new ThreadMetadataImpl("thread-1", "RUNNING", "consumer", "restore-consumer", "producer", "admin",
        tasks, Set.of()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T store(StoreQueryParameters<T> parameters) {
    Integer partition = parameters.partition();
    if (partition == null) {
      return (T) new ListStore(runningPartitionKeys.values().stream().flatMap(List::stream).toList());
    }
    List<String> keys = runningPartitionKeys.get(partition);
    if (keys == null) {
      throw new InvalidStateStoreException("The specified partition " + partition + " for store "
          + parameters.storeName() + " does not exist.");
    }
    return (T) new ListStore(keys);
  }

  /** A read-only store holding {@code keys}, each with the value "v". */
  private record ListStore(List<String> keys) implements ReadOnlyKeyValueStore<String, Object> {
    @Override
    public Object get(String key) {
      return keys.contains(key) ? "v" : null;
    }

    @Override
    public KeyValueIterator<String, Object> range(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<String, Object> all() {
      Iterator<String> it = keys.iterator();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<String, Object> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return KeyValue.pair(it.next(), "v");
        }

        @Override
        public String peekNextKey() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public long approximateNumEntries() {
      return keys.size();
    }
  }
}
