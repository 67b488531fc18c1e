package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka pre-flight of {@code run} and {@code replay} against a real broker. */
class PreflightIT {

  /** Each check picks a bootstrap server at random: 8 of them put the stalling one first at least once but
   *  for a 1 in 256 chance. */
  private static final int CHECKS = 8;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 2, "carts", 2, "orders", 2));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldPassWhenTheFirstBootstrapServerAcceptsButNeverAnswers() throws Exception {
    // Given a bootstrap server that accepts connections (the kernel completes them into its backlog) but
    // never reads or answers, listed with the real broker
    try (ServerSocket stalling = new ServerSocket(0)) {
      AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG,
          "localhost:" + stalling.getLocalPort() + "," + kafka.bootstrapServers()));

      for (int i = 0; i < CHECKS; i++) {
        // When replay's pre-flight checks the topics, then it passes within its 10 s wait (it fails at the end of
        // it): a request to the stalling server times out after 3 s and the client bootstraps anew, once or twice
        // (checks took about 0, 3 or 6 s), leaving time to ask the broker (with a 10 s request timeout one
        // stalled request took the whole wait)
        assertThatCode(() -> Preflight.checkInputTopics(config)).doesNotThrowAnyException();
      }
    }
  }
}
