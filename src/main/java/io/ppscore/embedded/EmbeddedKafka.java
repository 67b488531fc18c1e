package io.ppscore.embedded;

import io.ppscore.files.OwnedTempDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running inside this JVM, in KRaft mode: one node that is both broker and
 * controller, built on Kafka's own {@link KafkaClusterTestKit}. For the demo and integration tests only;
 * its log directory is a temporary directory that {@link #close()} deletes.
 *
 * <p>Topics are never auto-created: create them with {@link #createTopics} or {@link #createCompactedTopic}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  /** Listener names the test kit gives its nodes by default. */
  private static final String BROKER_LISTENER = "EXTERNAL";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Extra listener for a fixed port: the kit binds its own listeners to pre-opened ephemeral sockets. */
  private static final String FIXED_LISTENER = "FIXED";

  private final KafkaClusterTestKit cluster;
  private final OwnedTempDirectory baseDir;
  private final int fixedPort;
  private final Admin admin;

  private EmbeddedKafka(KafkaClusterTestKit cluster, OwnedTempDirectory baseDir, int fixedPort) {
    this.cluster = cluster;
    this.baseDir = baseDir;
    this.fixedPort = fixedPort;
    this.admin = cluster.admin();
  }

  /** Starts a single-node broker on an ephemeral port; returns once it accepts clients. */
  public static EmbeddedKafka start() {
    return start(0);
  }

  /**
   * Starts a single-node broker that also accepts clients on {@code localhost:port} (0 = ephemeral only);
   * returns once it accepts clients. The test kit pre-binds its own broker and controller listeners to
   * ephemeral sockets whatever port is configured, so a fixed port is served by a third listener.
   *
   * @throws IllegalStateException if the broker cannot start, for example because the port is taken
   */
  public static EmbeddedKafka start(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    long startNanos = System.nanoTime();
    // Owned: the directory of a run that was killed is deleted by the next run (OwnedTempDirectory).
    OwnedTempDirectory baseDir = OwnedTempDirectory.create("ppscore-kafka-");
    KafkaClusterTestKit cluster = null;
    try {
      cluster = builder(baseDir.path(), port).build();
      format(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(cluster, baseDir, port);
      log.info("Embedded Kafka ready at {} in {} ms", kafka.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
      return kafka;
    } catch (Exception e) {
      closeQuietly(cluster);
      baseDir.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("embedded Kafka failed to start on port " + port, e);
    }
  }

  /**
   * Formats the node's directories. Kafka's formatter prints its bootstrap metadata records and "Formatting
   * metadata directory" to {@code System.out} (the kit gives it no other stream): they are logged instead, so
   * the demo's console shows the demo's own lines.
   */
  private static void format(KafkaClusterTestKit cluster) throws Exception {
    synchronized (System.class) {
      java.io.PrintStream stdout = System.out;
      java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        cluster.format();
      } finally {
        System.setOut(stdout);
        printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().forEach(line -> log.info("{}", line));
      }
    }
  }

  private static KafkaClusterTestKit.Builder builder(Path baseDir, int port) {
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(baseDir)
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
    if (port > 0) {
      // The kit sets these two only when absent.
      builder.setConfigProp("listeners", BROKER_LISTENER + "://localhost:0," + CONTROLLER_LISTENER
          + "://localhost:0," + FIXED_LISTENER + "://localhost:" + port);
      builder.setConfigProp("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT,"
          + CONTROLLER_LISTENER + ":PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
    }
    return builder
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("min.insync.replicas", "1")
        .setConfigProp("default.replication.factor", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        // Tests produce records stamped with historical event times (2009-2011, 2019; `replay` stamps the
        // time of sending, other producers may not): with the default 7-day time retention the broker
        // would delete them while they are being consumed.
        .setConfigProp("log.retention.ms", "-1");
  }

  /** The {@code host:port} clients use to reach this broker: the fixed port when one was asked for. */
  public String bootstrapServers() {
    return fixedPort > 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }

  /** Creates topics (replication 1) with the given partition counts and waits until they are usable. */
  public void createTopics(Map<String, Integer> partitionsByName) {
    Objects.requireNonNull(partitionsByName, "partitionsByName");
    create(partitionsByName.entrySet().stream()
        .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
        .toList());
  }

  /** Creates one log-compacted topic (replication 1) and waits until it is usable. */
  public void createCompactedTopic(String name, int partitions) {
    create(List.of(new NewTopic(name, partitions, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
  }

  private void create(List<NewTopic> topics) {
    List<String> names = topics.stream().map(NewTopic::name).toList();
    try {
      admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      awaitMetadata(names);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topics " + names, e);
    }
  }

  /**
   * Creation is acknowledged by the controller; describing proves the broker has the metadata too. The
   * broker may learn of the topics a moment after the acknowledgement, so "unknown topic" is retried.
   */
  private void awaitMetadata(List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Stops the broker and deletes its log directory. */
  @Override
  public void close() {
    closeQuietly(admin);
    closeQuietly(cluster);
    baseDir.close();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Error while stopping embedded Kafka", e);
    }
  }
}
