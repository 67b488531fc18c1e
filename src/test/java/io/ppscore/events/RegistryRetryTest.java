package io.ppscore.events;

import static io.ppscore.events.ScriptedRegistryServer.Answer.connectionClosed;
import static io.ppscore.events.ScriptedRegistryServer.Answer.error;
import static io.ppscore.events.ScriptedRegistryServer.Answer.json;
import static io.ppscore.events.ScriptedRegistryServer.Answer.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.events.avro.ClickEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry that is briefly overloaded, restarting or behind a flaky proxy is asked again (3 attempts, 100 ms
 * doubling) before the task is failed; what is still failing then is a retriable registry outage, never a
 * plain registry error or a record fault.
 */
class RegistryRetryTest {

  private static final String CLICK_SCHEMA = ClickEvent.getClassSchema().toString();

  private ScriptedRegistryServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpSchemaRegistryClient clientOf(ScriptedRegistryServer.Answer... answers) {
    server = new ScriptedRegistryServer(answers);
    return HttpSchemaRegistryClient.builder(server.url()).requestTimeout(Duration.ofMillis(500)).build();
  }

  @Test
  void shouldAskAgainAfterServiceUnavailableAndReturnTheAnswer() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(503, 50301, "leader election"), error(500, 50001, "store"),
        schema(CLICK_SCHEMA));

    // When
    org.apache.avro.Schema answer = client.schemaById(7);

    // Then
    assertThat(answer.getFullName()).isEqualTo(ClickEvent.getClassSchema().getFullName());
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void shouldGiveUpAfterThreeAttemptsWithRetriableUnavailableException() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(503, 50301, "down"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("GET /schemas/ids/7")
        .withMessageContaining("HTTP 503")
        .withMessageContaining("gave up after 3 attempts");
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void shouldAskAgainWhenConnectionClosesWithoutAnswer() {
    // Given: a POST, which java.net.http never repeats by itself
    HttpSchemaRegistryClient client = clientOf(connectionClosed(), json(200, "{\"id\": 5}"));

    // When
    int id = client.lookupId("clicks-value", ClickEvent.getClassSchema());

    // Then
    assertThat(id).isEqualTo(5);
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void shouldAskAgainWhenAnswerTimesOut() {
    // Given: the first answer comes after the 500 ms request timeout
    HttpSchemaRegistryClient client = clientOf(schema(CLICK_SCHEMA).after(Duration.ofSeconds(2)), schema(CLICK_SCHEMA));

    // When
    org.apache.avro.Schema answer = client.schemaById(7);

    // Then
    assertThat(answer.getFullName()).isEqualTo(ClickEvent.getClassSchema().getFullName());
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void shouldWaitForShortRetryAfterOfTooManyRequests() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(429, 429, "slow down").withHeader("Retry-After", "1"),
        schema(CLICK_SCHEMA));
    long start = System.nanoTime();

    // When
    client.schemaById(7);

    // Then
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void shouldReportTooManyRequestsWithLongRetryAfterAsUnavailableWithoutWaiting() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(429, 42901, "rate limited").withHeader("Retry-After", "120"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("HTTP 429");
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void shouldReportRequestTimeoutAnswerAsUnavailable() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(408, 408, "Request Timeout"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("HTTP 408");
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void shouldNotAskAgainAfterAnswerThatWillNotChange() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(401, 401, "Unauthorized"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("HTTP 401");
    assertThat(server.requests()).isEqualTo(1);
  }
}
