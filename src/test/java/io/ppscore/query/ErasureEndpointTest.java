package io.ppscore.query;

import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/admin/users/{id}/erasure}: checked before anything is recorded, 202 with the request id. */
class ErasureEndpointTest {

  private final List<String> recorded = new ArrayList<>();
  private final AtomicBoolean brokerDown = new AtomicBoolean();
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local()).reader(new FakeReader())
        .readiness(() -> true)
        .erasures((userId, reason) -> {
          if (brokerDown.get()) {
            throw new IllegalStateException("not acknowledged");
          }
          recorded.add(userId + "|" + reason);
          return "req-" + recorded.size();
        })
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldRecordTheRequestAndAnswer202WithItsId() {
    HttpResponse<String> response = TestHttp.send(api.port(), "POST", "/v1/admin/users/alice@example.com/erasure?reason=ticket-4711");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response)).containsEntry("requestId", "req-1").containsEntry("userId", "alice@example.com")
        .containsEntry("status", "accepted");
    assertThat(recorded).containsExactly("alice@example.com|ticket-4711");
  }

  @Test
  void shouldReadAPlusInTheReasonAsASpaceLikeAFormEncoder() {
    // Given a client that form-encodes the reason "ticket 4711" (Python's urlencode, HTML forms)

    // When
    HttpResponse<String> response = TestHttp.send(api.port(), "POST", "/v1/admin/users/alice/erasure?reason=ticket+4711");

    // Then
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(recorded).containsExactly("alice|ticket 4711");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/admin/users/a%20b/erasure", "/v1/admin/users/%C3%A9/erasure",
      "/v1/admin/users/alice/erasure?reason=%3Cscript%3E", "/v1/admin/users/alice/erasure?reason=a&reason=b"})
  void shouldAnswer400WithoutRecordingAnything(String path) {
    HttpResponse<String> response = TestHttp.send(api.port(), "POST", path);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response)).containsKey("error");
    assertThat(recorded).isEmpty();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheRequestCannotBeRecorded() {
    brokerDown.set(true);

    HttpResponse<String> response = TestHttp.send(api.port(), "POST", "/v1/admin/users/alice/erasure");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void shouldAllowOnlyPost() {
    HttpResponse<String> response = TestHttp.get(api.port(), "/v1/admin/users/alice/erasure");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(recorded).isEmpty();
  }
}
