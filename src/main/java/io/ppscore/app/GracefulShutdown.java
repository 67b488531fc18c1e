package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.query.HttpApi;
import io.ppscore.state.RocksDBMemoryPool;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order in which a running instance stops (see {@link PpscoreApp#close()}). Native resources the
 * stream threads use (ONNX sessions, the shared RocksDB cache) are freed only once Kafka Streams has
 * stopped within its timeout: freeing them under a thread that is still running would crash the JVM,
 * and a process that is exiting gets that memory back anyway. The embedding prefetch thread is stopped
 * right after Kafka Streams, in either case, and so always before the encoder's session is closed.
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {
  }

  /** Stops everything; returns whether Kafka Streams stopped within {@code shutdown.timeout.ms}. */
  static boolean stop(AppConfig config, HttpApi http, KafkaStreams streams, ScoringComponents scoring,
      RocksDBMemoryPool memory) {
    long started = System.nanoTime();
    LOG.info("ppscore stopping: closing Kafka Streams within {} ms", config.shutdownTimeout().toMillis());
    http.close();
    boolean stopped = streams.close(closeOptions(config));
    // harmless even if a stream thread still runs, and no prefetch thread outlives the app either way
    scoring.stopPrefetch();
    if (stopped) {
      scoring.close();
      if (memory != null) {
        memory.close();
      }
      LOG.info("ppscore stopped in {} ms (state {})", (System.nanoTime() - started) / 1_000_000, streams.state());
    } else {
      LOG.warn("Kafka Streams did not stop within {} ({}); leaving the model and RocksDB memory to the exiting process",
          AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, config.shutdownTimeout());
    }
    return stopped;
  }

  static CloseOptions closeOptions(AppConfig config) {
    GroupMembershipOperation membership = config.shutdownLeavesGroup()
        ? GroupMembershipOperation.LEAVE_GROUP : GroupMembershipOperation.REMAIN_IN_GROUP;
    return CloseOptions.groupMembershipOperation(membership).withTimeout(config.shutdownTimeout());
  }
}
