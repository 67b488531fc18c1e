package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-backed readers when Kafka Streams left RUNNING between locating the user and reading: Kafka
 * Streams then throws {@link IllegalStateException} ("KafkaStreams is not running"), which must be a 503 like
 * a store that is not queryable, not a 500. A closed, never-started client (no broker needed) is in that state.
 */
class StoppedStreamsReadersTest {

  @TempDir
  static Path stateDir;
  private static KafkaStreams stopped;

  @BeforeAll
  static void stopAStreamsClient() {
    stopped = StoppedStreams.create("stopped-readers-test", stateDir);
    assertThat(stopped.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
  }

  @AfterAll
  static void closeStreams() {
    stopped.close();
  }

  @Test
  void shouldAnswerStateUnavailableFromEveryReaderWhenStreamsIsNoLongerRunning() {
    assertThatThrownBy(() -> new StoreBackedUserStateReader(stopped).read("alice", Instant.EPOCH))
        .isInstanceOf(StateUnavailableException.class);
    assertThatThrownBy(() -> new StoreBackedLatestScoreReader(stopped).read("alice"))
        .isInstanceOf(StateUnavailableException.class);
    assertThatThrownBy(() -> new StoreBackedRiskFlagReader(stopped, Duration.ofHours(1)).recent("alice"))
        .isInstanceOf(StateUnavailableException.class);
  }

  @Test
  void shouldAnswer503WithRetryAfterInsteadOf500WhenStreamsStopsAfterTheUserWasLocated() {
    // Given the locator saw RUNNING (local owner), then Kafka Streams stopped before the read
    try (HttpApi api = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(new StoreBackedUserStateReader(stopped)).readiness(() -> true).build().start()) {

      // When
      HttpResponse<String> response = get(api.port(), "/v1/users/alice");

      // Then
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(response)).containsEntry("error", "state unavailable");
    }
  }
}
