package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthAndInfoTest {

  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final AtomicBoolean live = new AtomicBoolean(true);
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.local())
        .reader(new FakeReader().with("alice", Map.of("orders7d", 1)))
        .readiness(ready::get)
        .liveness(live::get)
        .state(() -> ready.get() ? "RUNNING" : "REBALANCING")
        .info(() -> Map.of("version", "0.1.0", "instance", "a"))
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldFlipReadinessFrom503To200WhenSupplierFlips() {
    // Given
    HttpResponse<String> before = get(api.port(), "/health/ready");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(before)).isEqualTo(Map.of("status", "DOWN", "state", "REBALANCING"));

    // When
    ready.set(true);

    // Then
    HttpResponse<String> after = get(api.port(), "/health/ready");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(json(after)).isEqualTo(Map.of("status", "UP", "state", "RUNNING"));
  }

  @Test
  void shouldReportLivenessFromSupplier() {
    assertThat(get(api.port(), "/health/live").statusCode()).isEqualTo(200);

    live.set(false);

    assertThat(get(api.port(), "/health/live").statusCode()).isEqualTo(503);
  }

  @Test
  void shouldServeInfoFromSupplier() {
    HttpResponse<String> response = get(api.port(), "/v1/info");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(Map.of("version", "0.1.0", "instance", "a"));
  }

  @Test
  void shouldAnswerUnknownPathWith404Json() {
    HttpResponse<String> response = get(api.port(), "/v2/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(json(response)).containsKey("error");
  }

  @Test
  void shouldAnswerUnknownSubResourceOfUserWith404() {
    assertThat(get(api.port(), "/v1/users/alice/unknown").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswerWrongMethodWith405AndAllow() {
    HttpResponse<String> response = TestHttp.send(api.port(), "DELETE", "/v1/users/alice");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(json(response)).containsKey("error");
  }

  @Test
  void shouldHideExceptionDetailsBehindGeneric500() {
    // Given: an info supplier that fails
    try (HttpApi failing = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(new FakeReader()).readiness(() -> true)
        .info(() -> {
          throw new IllegalStateException("secret internals");
        })
        .build().start()) {

      // When
      HttpResponse<String> response = get(failing.port(), "/v1/info");

      // Then
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(json(response)).isEqualTo(Map.of("error", "internal error"));
    }
  }

  @Test
  void shouldAnswerHeadLikeGetWithTheSameStatusAndHeadersButNoBody() {
    // Given a ready instance that knows alice
    ready.set(true);

    // When the probes and the user are asked with HEAD and with GET
    for (String path : List.of("/health/live", "/health/ready", "/v1/users/alice", "/v1/info", "/v1/users/nobody")) {
      HttpResponse<String> head = TestHttp.send(api.port(), "HEAD", path);
      HttpResponse<String> getResponse = get(api.port(), path);

      // Then HEAD has GET's status, content type and length, and no body (it used to be 405)
      assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(getResponse.statusCode());
      assertThat(head.headers().firstValue("Content-Type")).isEqualTo(getResponse.headers().firstValue("Content-Type"));
      assertThat(head.headers().firstValue("Content-Length"))
          .hasValue(String.valueOf(getResponse.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      assertThat(head.body()).as("HEAD %s", path).isEmpty();
    }
  }

  @Test
  void shouldListHeadBesideGetInAllow() {
    HttpResponse<String> response = TestHttp.send(api.port(), "POST", "/health/live");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
