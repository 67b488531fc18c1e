package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PreflightTest {

  private final Logger kafkaLogger = (Logger) LoggerFactory.getLogger("org.apache.kafka");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureKafkaLogs() {
    logged.start();
    kafkaLogger.addAppender(logged);
  }

  @AfterEach
  void stopCapturing() {
    kafkaLogger.detachAppender(logged);
  }

  @Test
  void shouldReportAnUnreachableBrokerAfterItsTenSecondWaitWithoutConnectionWarnings() throws IOException {
    // Given a broker address nothing listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port));
    long start = System.nanoTime();

    // When replay's pre-flight checks the topics, then it fails with the one clear error
    assertThatThrownBy(() -> Preflight.checkInputTopics(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot reach Kafka at localhost:" + port + " to check topics (waited 10 s");

    // after the admin client's 10 s (plus its start and close; the bound leaves a loaded CI machine room and
    // still fails the 20 s wait it replaced), and without the once-a-second "Connection to node -1 ... could not
    // be established" WARNs before it
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(19));
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("could not be established") || m.contains("ppscore-preflight"));
  }

  @Test
  void shouldReportATlsMismatchWithTheAdminClientsAuthenticationWarning() throws Exception {
    // Given a listener that accepts and at once closes every connection, as a broker does to TLS it does not
    // speak, and a pre-flight configured for TLS
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread closer = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            socket.accept().close();
          } catch (IOException closed) {
            return;
          }
        }
      }, "accept-and-close");
      closer.setDaemon(true);
      closer.start();
      AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + socket.getLocalPort(),
          "kafka.security.protocol", "SSL"));

      // When replay's pre-flight checks the topics, then its error ends with the client's only clue to the
      // cause, which is also logged (only the "could not be established" WARNs are hidden)
      assertThatThrownBy(() -> Preflight.checkInputTopics(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot reach Kafka at localhost:" + socket.getLocalPort())
          .hasMessageContaining("; the admin client's last warning: Connection to node -1 (localhost/")
          .hasMessageContaining("terminated during authentication");
    }
    // once: the client repeats it about once a second for the whole wait
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("[AdminClient clientId=ppscore-preflight] Connection to node -1")
            && m.contains("terminated during authentication"))
        .hasSize(1);
  }

  @Test
  void shouldHideOnlyThePreflightClientsConnectionFailuresAndOnlyWhileOpen() {
    Logger networkClient = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    String preflight = "[AdminClient clientId=ppscore-preflight] ";
    PreflightLogQuiet quiet = PreflightLogQuiet.forAdminClient("ppscore-preflight");

    // Given the filter open, when the pre-flight client logs a connection failure, another WARN and an ERROR,
    // and another client a connection failure
    try (quiet) {
      networkClient.warn(preflight + "Connection to node {} ({}) could not be established. Node may not be available.",
          -1, "localhost/127.0.0.1:9092");
      networkClient.warn(preflight + "Connection to node {} ({}) terminated during authentication.", -1,
          "localhost/127.0.0.1:9092");
      networkClient.warn(preflight + "Connection to node -1 could not be established.");
      networkClient.warn("[Producer clientId=ppscore-1-producer] Connection to node 1 could not be established.");
      networkClient.error(preflight + "fatal");
    }
    // and once it is closed
    networkClient.warn(preflight + "Connection to node -1 could not be established.");

    // Then only the pre-flight client's connection failures while open are hidden
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        preflight + "Connection to node -1 (localhost/127.0.0.1:9092) terminated during authentication.",
        "[Producer clientId=ppscore-1-producer] Connection to node 1 could not be established.",
        preflight + "fatal",
        preflight + "Connection to node -1 could not be established.");
    // and its last warning is the one naming a cause, not the later connection failure
    assertThat(quiet.lastWarning()).contains("Connection to node -1 (localhost/127.0.0.1:9092) terminated during authentication.");
  }

  @Test
  void shouldKeepTheLastConnectionFailureWhenThereWasNoOtherWarning() {
    Logger networkClient = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    String preflight = "[AdminClient clientId=ppscore-preflight] ";
    PreflightLogQuiet quiet = PreflightLogQuiet.forAdminClient("ppscore-preflight");

    // Given the filter open, when the pre-flight client logs only connection failures
    try (quiet) {
      networkClient.warn(preflight + "Connection to node -1 (a/1.2.3.4:9092) could not be established.");
      networkClient.warn(preflight + "Connection to node -2 (b/1.2.3.5:9092) could not be established.");
    }

    // Then the last of them is kept
    assertThat(quiet.lastWarning()).contains("Connection to node -2 (b/1.2.3.5:9092) could not be established.");
  }

  @Test
  void shouldGiveEachRequestAndConnectionAThirdOfTheWaitKeepingLowerConfiguredOnes() {
    // Given a user who set a lower request timeout and a higher connection set-up timeout
    AppConfig config = new AppConfig(Map.of("kafka.request.timeout.ms", "2000",
        "kafka.socket.connection.setup.timeout.ms", "20000"));

    // When the pre-flight admin client's settings are derived
    Map<String, Object> settings = Preflight.adminSettings(config, "ppscore-preflight");

    // Then the whole wait is 10 s, the lower request timeout is kept, and the set-up timeout, its back-off
    // limit and the wait for metadata before bootstrapping anew are 3 s, so a bootstrap server that never
    // answers leaves time to try another
    assertThat(settings).containsEntry("default.api.timeout.ms", 10_000)
        .containsEntry("request.timeout.ms", "2000")
        .containsEntry("socket.connection.setup.timeout.ms", 3_000)
        .containsEntry("socket.connection.setup.timeout.max.ms", 3_000)
        .containsEntry("metadata.recovery.rebootstrap.trigger.ms", 3_000);
    assertThat(Preflight.adminSettings(new AppConfig(Map.of()), "ppscore-preflight")).containsEntry("request.timeout.ms", 3_000);
  }

  @Test
  void shouldNameThePreflightClientAfterTheApplicationAndKeepOverlappingOnesApart() {
    // Given a configured client id, and an application id without one
    AppConfig withClientId = new AppConfig(Map.of("kafka.client.id", "shop-scorer"));
    AppConfig withApplicationId = new AppConfig(Map.of(AppConfig.APPLICATION_ID_CONFIG, "shop"));

    // When pre-flights take ids while others are open, and after one is released
    String first = Preflight.takeClientId(withClientId);
    String overlapping = Preflight.takeClientId(withClientId);
    Preflight.release(first);
    String next = Preflight.takeClientId(withClientId);
    String fromApplicationId = Preflight.takeClientId(withApplicationId);
    List.of(overlapping, next, fromApplicationId).forEach(Preflight::release);

    // Then they carry the configured id (else the application id), and overlapping ones differ
    assertThat(List.of(first, overlapping, next, fromApplicationId)).containsExactly(
        "shop-scorer-preflight", "shop-scorer-preflight-2", "shop-scorer-preflight", "shop-preflight");
  }

  @Test
  void shouldGiveOverlappingPreflightsTheirOwnAppInfoMbean() throws Exception {
    // Given a broker address nothing listens on, and Kafka's AppInfoParser heard at INFO (Kafka 4.3 skips a
    // client's app-info mbean at INFO when another client of the JVM registered its id; older ones warned)
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port));
    Logger appInfo = (Logger) LoggerFactory.getLogger("org.apache.kafka.common.utils.AppInfoParser");
    Level level = appInfo.getLevel();
    appInfo.setLevel(Level.INFO);

    // When two pre-flights of one JVM overlap
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Throwable>> checks = pool.invokeAll(List.<Callable<Throwable>>of(
          () -> catching(config), () -> catching(config)));
      for (Future<Throwable> check : checks) {
        assertThat(check.get()).isInstanceOf(IllegalStateException.class);
      }
    } finally {
      pool.shutdownNow();
      appInfo.setLevel(level);
    }

    // Then both fail with the clear error, each client under its own id: none was skipped or refused
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("App info kafka.admin.client for ppscore-preflight unregistered"))
        .noneMatch(m -> m.contains("already exists") || m.contains("Error registering AppInfo mbean"));
  }

  private static Throwable catching(AppConfig config) {
    try {
      Preflight.checkInputTopics(config);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
