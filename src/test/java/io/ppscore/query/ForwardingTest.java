package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real instances on ephemeral ports, each with its own locator. */
class ForwardingTest {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void shouldRelayOwnersBodyAndStatusForKnownUser() {
    // Given
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB);
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol?asOf=1714564800000");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(FakeScores.withScore(Map.of("orders7d", 7), null));
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + b.port());
    assertThat(readerB.lastAsOf()).as("query string forwarded").isEqualTo(Instant.ofEpochMilli(1_714_564_800_000L));
  }

  @Test
  void shouldAnswerAForwardedHeadWithTheOwnersStatusAndNoBody() {
    // Given carol on instance B, asked on instance A
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB);
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    // When a monitor probes her with HEAD
    HttpResponse<String> response = TestHttp.send(a.port(), "HEAD", "/v1/users/carol");

    // Then B's status, no body (it used to be 405 without asking B)
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(readerB.reads()).isEqualTo(1);
  }

  @Test
  void shouldRelayOwners404ForUnknownUser() {
    HttpApi b = start(userId -> Location.local(), new FakeReader());
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    HttpResponse<String> response = get(a.port(), "/v1/users/nobody");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response)).isEqualTo(Map.of("error", "unknown user", "userId", "nobody"));
  }

  @Test
  void shouldAnswer503InsteadOfLoopingWhenInstancesPointAtEachOther() {
    // Given: A thinks B owns the user, B thinks A does (stale metadata mid-rebalance)
    AtomicReference<HostInfo> aEndpoint = new AtomicReference<>();
    FakeReader readerA = new FakeReader();
    FakeReader readerB = new FakeReader();
    HttpApi b = start(userId -> Location.remote(aEndpoint.get()), readerB);
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), readerA);
    aEndpoint.set(a.selfEndpoint());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");

    // Then: exactly one hop, answered by B
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + b.port());
    assertThat(readerA.reads() + readerB.reads()).isZero();
  }

  @Test
  void shouldNotForwardARequestThatWasAlreadyForwarded() {
    HttpApi b = start(userId -> Location.local(), new FakeReader().with("carol", Map.of()));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "X-PPScore-Forwarded", "1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + a.port());
  }

  @Test
  void shouldAnswer503WhenOwnerIsDown() {
    // Given: B started and stopped, so its port refuses connections
    HttpApi b = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(new FakeReader()).readiness(() -> true).build().start();
    HostInfo deadOwner = b.selfEndpoint();
    b.close();
    HttpApi a = start(userId -> Location.remote(deadOwner), new FakeReader());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");

    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response)).containsEntry("error", "owner unreachable");
  }

  @Test
  void shouldAnswer503WhenOwnerDoesNotAnswerInTime() throws IOException {
    // Given: a socket that accepts connections (kernel backlog) but never answers
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(silent);
    HttpApi a = track(HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.remote(new HostInfo("127.0.0.1", silent.getLocalPort())))
        .reader(new FakeReader()).readiness(() -> true)
        .forwardTimeout(Duration.ofMillis(300))
        .build().start());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");

    // Then: a fixed reason; the owner's host and port are in the log, not in the answer
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response)).isEqualTo(Map.of("error", "owner unreachable",
        "reason", "the instance that owns the user could not be reached or did not answer in time; retry shortly"));
    assertThat(response.body()).doesNotContain(String.valueOf(silent.getLocalPort()));
  }

  @Test
  void shouldForwardScoreRequestToTheOwnerAndRelayItsScore() {
    // Given the owner b has a score for carol, a does not own her
    FakeScores scoresB = new FakeScores().with("carol", FakeScores.score("carol", 88.5));
    HttpApi b = track(HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(new FakeReader()).scores(scoresB).readiness(() -> true).build().start());
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol/score");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(FakeScores.score("carol", 88.5));
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + b.port());
  }

  private HttpApi start(UserLocator locator, UserStateReader reader) {
    return track(HttpApi.builder().host("localhost").port(0).locator(locator).reader(reader)
        .readiness(() -> true).build().start());
  }

  private HttpApi track(HttpApi api) {
    closeables.add(api);
    return api;
  }
}
