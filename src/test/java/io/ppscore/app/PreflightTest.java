package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
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
        .noneMatch(m -> m.contains("could not be established") || m.contains(Preflight.CLIENT_ID));
  }

  @Test
  void shouldHideOnlyThePreflightClientsLinesBelowErrorAndOnlyWhileOpen() {
    Logger networkClient = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");

    // Given the filter open, when the pre-flight client, another client and the pre-flight client at ERROR log
    try (PreflightLogQuiet quiet = PreflightLogQuiet.forAdminClient(Preflight.CLIENT_ID)) {
      networkClient.warn("[AdminClient clientId=" + Preflight.CLIENT_ID + "] Connection to node -1 could not be established.");
      networkClient.warn("[Producer clientId=ppscore-1-producer] Connection to node 1 could not be established.");
      networkClient.error("[AdminClient clientId=" + Preflight.CLIENT_ID + "] fatal");
    }
    // and once it is closed
    networkClient.warn("[AdminClient clientId=" + Preflight.CLIENT_ID + "] after the check");

    // Then only the pre-flight client's WARN while open is hidden
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "[Producer clientId=ppscore-1-producer] Connection to node 1 could not be established.",
        "[AdminClient clientId=" + Preflight.CLIENT_ID + "] fatal",
        "[AdminClient clientId=" + Preflight.CLIENT_ID + "] after the check");
  }
}
