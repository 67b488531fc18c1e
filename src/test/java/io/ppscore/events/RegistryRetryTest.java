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
 * A registry that is briefly overloaded, restarting or behind a flaky proxy is asked again (backoff from
 * 250 ms doubling to 8 s, Retry-After honoured up to 30 s, for about a minute) before the task is failed;
 * what is still failing then is a retriable registry outage, never a plain registry error or a record fault.
 * The client's clock is a fake one: waits are recorded, not slept.
 */
class RegistryRetryTest {

  private static final String CLICK_SCHEMA = ClickEvent.getClassSchema().toString();

  private final FakeRegistryTime time = new FakeRegistryTime();
  private ScriptedRegistryServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpSchemaRegistryClient clientOf(ScriptedRegistryServer.Answer... answers) {
    server = new ScriptedRegistryServer(answers);
    return HttpSchemaRegistryClient.builder(server.url()).requestTimeout(Duration.ofMillis(500)).time(time).build();
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
  void shouldGiveUpAfterAboutAMinuteWithRetriableUnavailableException() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(503, 50301, "down"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("GET /schemas/ids/7")
        .withMessageContaining("HTTP 503")
        .withMessageContaining("gave up after " + server.requests() + " attempts");
    assertThat(time.slept()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    assertThat(time.sleeps()).startsWith(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void shouldWaitAsLongAsARestartingRegistryAsksInRetryAfter() {
    // Given: a registry restarting for 20 s, as it says in seconds and then as an HTTP-date
    HttpSchemaRegistryClient client = clientOf(error(503, 50301, "restarting").withHeader("Retry-After", "12"),
        error(503, 50301, "restarting").withHeader("Retry-After", "Tue, 21 Oct 2025 07:28:20 GMT"),
        schema(CLICK_SCHEMA));

    // When
    org.apache.avro.Schema answer = client.schemaById(7);

    // Then: 12 s, then until 07:28:20 (12 s after the start at 07:28:00 plus 8 s)
    assertThat(answer.getFullName()).isEqualTo(ClickEvent.getClassSchema().getFullName());
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12), Duration.ofSeconds(8));
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

    // When
    client.schemaById(7);

    // Then
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
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
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void shouldReportRequestTimeoutAnswerAsUnavailable() {
    // Given
    HttpSchemaRegistryClient client = clientOf(error(408, 408, "Request Timeout"));

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(7))
        .withMessageContaining("HTTP 408");
    assertThat(server.requests()).isGreaterThan(3);
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
