package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Forwarding between two real instances that both require a token. */
class AuthenticatedForwardingTest {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void shouldForwardWithTheFirstTokenWhenNoPeerTokenIsSet() {
    // Given B requires "client-token"; A accepts the same and forwards with it
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("client-token"), ""));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(), ApiAuth.bearer(List.of("client-token"), ""));

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "Authorization", "Bearer client-token");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + b.port());
    assertThat(readerB.reads()).isEqualTo(1);
  }

  @Test
  void shouldForwardWithTheSeparatePeerToken() {
    // Given clients use "client-token"; instances talk to each other with "peer-token"
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("client-token"), "peer-token"));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(),
        ApiAuth.bearer(List.of("client-token"), "peer-token"));

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "Authorization", "Bearer client-token");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(readerB.reads()).isEqualTo(1);
  }

  @Test
  void shouldRelayTheOwners403WhenPeerTokensDiffer() {
    // Given a misconfigured pair: A forwards with a token B does not accept
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("client-token"), "peer-b"));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(),
        ApiAuth.bearer(List.of("client-token"), "peer-a"));

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "Authorization", "Bearer client-token");

    // Then the operator sees B's refusal, and B's store was never read
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(readerB.reads()).isZero();
  }

  private HttpApi start(UserLocator locator, UserStateReader reader, ApiAuth auth) {
    HttpApi api = HttpApi.builder().host("localhost").port(0).locator(locator).reader(reader)
        .readiness(() -> true).auth(auth).build().start();
    closeables.add(api);
    return api;
  }
}
