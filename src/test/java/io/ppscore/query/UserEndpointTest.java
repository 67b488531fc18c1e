package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserEndpointTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final Map<String, Object> ALICE =
      Map.of("userId", "alice@example.com", "orders7d", 3, "buckets", List.of(Map.of("spend", 12.5)));

  private final FakeReader reader = new FakeReader().with("alice@example.com", ALICE);
  private final AtomicReference<Location> location = new AtomicReference<>(Location.local());
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> location.get())
        .reader(reader)
        .readiness(() -> true)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldAnswerKnownLocalUserWithReaderStateAsJson() {
    // When
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + api.port());
    assertThat(json(response)).isEqualTo(FakeScores.withScore(ALICE, null));
  }

  @Test
  void shouldAnswer404WithUserIdForUnknownUser() {
    HttpResponse<String> response = get(api.port(), "/v1/users/bob");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response)).isEqualTo(Map.of("error", "unknown user", "userId", "bob"));
  }

  @Test
  void shouldAcceptIdOfExactlyMaximumLength() {
    reader.with("a".repeat(128), Map.of("ok", true));

    assertThat(get(api.port(), "/v1/users/" + "a".repeat(128)).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldUseConfiguredMaximumUserIdLength() {
    // Given: validation.max.id.length = 200 on another instance
    reader.with("a".repeat(200), Map.of("ok", true));
    try (HttpApi longIds = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(reader).readiness(() -> true).maxUserIdLength(200).build().start()) {

      // When
      HttpResponse<String> atMaximum = get(longIds.port(), "/v1/users/" + "a".repeat(200));
      HttpResponse<String> overMaximum = get(longIds.port(), "/v1/users/" + "a".repeat(201));

      // Then
      assertThat(atMaximum.statusCode()).isEqualTo(200);
      assertThat(overMaximum.statusCode()).isEqualTo(400);
      assertThat(json(overMaximum).get("error").toString()).contains("1..200");
    }
  }

  @Test
  void shouldRejectNonPositiveMaximumUserIdLength() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HttpApi.builder().maxUserIdLength(0))
        .withMessageContaining("maxUserIdLength");
  }

  static Stream<Arguments> invalidIdPaths() {
    return Stream.of(
        arguments("empty", "/v1/users/"),
        arguments("129 characters", "/v1/users/" + "a".repeat(129)),
        arguments("encoded slash", "/v1/users/a%2Fb"),
        arguments("space", "/v1/users/a%20b"),
        arguments("plus", "/v1/users/a+b"),
        arguments("NUL", "/v1/users/a%00"),
        arguments("SQL-ish quote", "/v1/users/x'%20OR%20'1'%3D'1"),
        arguments("SQL-ish statement", "/v1/users/1;DROP%20TABLE%20users--"),
        arguments("non-ASCII", "/v1/users/%C3%A9"),
        arguments("truncated UTF-8", "/v1/users/%E0%A4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidIdPaths")
  void shouldRejectInvalidIdWith400WithoutTouchingTheStore(String description, String path) {
    HttpResponse<String> response = get(api.port(), path);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response)).containsKey("error");
    assertThat(reader.reads()).isZero();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenLocatorSaysUnavailable() {
    // Given
    location.set(Location.unavailable("streams is REBALANCING"));

    // When
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com");

    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response)).containsEntry("reason", "streams is REBALANCING");
    assertThat(reader.reads()).isZero();
  }

  @Test
  void shouldAnswer503WithRetryAfterAndAFixedReasonWhenLocalStoreIsNotQueryable() {
    // Given the store fails with internal details (store, partition, Kafka's message)
    reader.unavailable("store user-profile partition 3 is NOT_ACTIVE here");

    // When
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com");

    // Then the client gets a fixed reason; the details are only logged
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response)).isEqualTo(Map.of("error", "state unavailable",
        "reason", "the user's state cannot be read right now (rebalancing, restoring or shutting down); retry shortly"));
    assertThat(response.body()).doesNotContain("NOT_ACTIVE").doesNotContain("partition 3");
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenDecodingTheStoredStateNeedsAnUnavailableRegistry() {
    // Given the first read of a schema id after a restart finds the registry down, or timing out inside a serializer
    List<RuntimeException> failures = List.of(
        new io.ppscore.events.SchemaRegistryUnavailableException("registry at http://registry:8081 timed out",
            new java.net.http.HttpTimeoutException("request timed out")),
        new org.apache.kafka.common.errors.SerializationException("Error retrieving Avro schema for id 7",
            new java.net.SocketTimeoutException("Read timed out")));
    for (RuntimeException failure : failures) {
      reader.failing(failure);

      // When
      HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com");

      // Then a retriable 503 without the exception's details, not a 500
      assertThat(response.statusCode()).as("%s", failure).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(response)).isEqualTo(Map.of("error", "state unavailable", "reason",
          "the user's state cannot be decoded right now (the schema registry is unavailable); retry shortly"));
      assertThat(response.body()).doesNotContain("registry:8081").doesNotContain("id 7");
    }
  }

  @Test
  void shouldStillAnswer500WhenAStoredValueCannotBeDecoded() {
    // Given a stored value that is not valid Avro: no retry helps
    reader.failing(new org.apache.kafka.common.errors.SerializationException("not valid Avro binary"));

    // When / Then
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response)).isEqualTo(Map.of("error", "internal error"));
  }

  @Test
  void shouldAnswerForTheDotOnlyIdsSentPercentEncoded() {
    // Given users "." and ".." (valid ids), which clients would remove from a plain path as dot segments
    reader.with(".", Map.of("id", "dot")).with("..", Map.of("id", "dot-dot"));

    // When / Then they are reached percent-encoded, as the README tells
    assertThat(json(get(api.port(), "/v1/users/%2E"))).containsEntry("id", "dot");
    assertThat(json(get(api.port(), "/v1/users/%2E%2E"))).containsEntry("id", "dot-dot");
  }

  @Test
  void shouldReadAsOfNowOnTheClockWhenNoAsOfIsGiven() {
    get(api.port(), "/v1/users/alice@example.com");

    assertThat(reader.lastAsOf()).isEqualTo(NOW);
  }

  @Test
  void shouldParseAsOfAsIsoInstant() {
    get(api.port(), "/v1/users/alice@example.com?asOf=2024-05-01T12:00:00Z");

    assertThat(reader.lastAsOf()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
  }

  @Test
  void shouldParseAsOfAsIsoInstantWithOffset() {
    get(api.port(), "/v1/users/alice@example.com?asOf=2024-05-01T13:00:00%2B01:00");

    assertThat(reader.lastAsOf()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
  }

  @Test
  void shouldParseAsOfWithAnUnencodedPlusOffsetAsTheOffset() {
    // Given a client that writes the offset as typed, unencoded: form decoding would turn '+' into a space

    // When
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com?asOf=2024-05-01T12:00:00+02:00");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(reader.lastAsOf()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void shouldParseAsOfAsEpochMillis() {
    get(api.port(), "/v1/users/alice@example.com?asOf=1714564800000");

    assertThat(reader.lastAsOf()).isEqualTo(Instant.ofEpochMilli(1_714_564_800_000L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "", "-5", "2024-13-01T00:00:00Z", "99999999999999999999"})
  void shouldRejectMalformedAsOfWith400(String asOf) {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com?asOf=" + asOf);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").toString()).contains("asOf");
    assertThat(reader.reads()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"%2B1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
      "%2B10000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "253402300800000", "999999999999999"})
  void shouldRejectAsOfOutsideYears1970To9999With400(String asOf) {
    // Instant.MAX and friends parse, but overflow toEpochMilli further down: a 500 instead of a 400
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com?asOf=" + asOf);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").toString()).contains("asOf").contains("1970").contains("9999");
    assertThat(reader.reads()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "253402300799999"})
  void shouldAcceptAsOfAtTheEdgesOfYears1970To9999(String asOf) {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com?asOf=" + asOf);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRejectAsOfGivenTwice() {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice@example.com?asOf=1&asOf=2");

    assertThat(response.statusCode()).isEqualTo(400);
  }
}
