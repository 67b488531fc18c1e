package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
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
  void shouldAnswer502PeerAuthenticationFailedWhenTheOwnerRefusesThePeerToken() {
    // Given a misconfigured pair: A forwards with a token B does not accept
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("client-token"), "peer-b"));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(),
        ApiAuth.bearer(List.of("client-token"), "peer-a"));

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "Authorization", "Bearer client-token");

    // Then the client, whose token A accepted, gets 502 rather than B's 403 (which would blame its token);
    // B's store was never read
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json(response)).isEqualTo(Map.of("error", "peer authentication failed"));
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + a.port());
    assertThat(readerB.reads()).isZero();
  }

  @Test
  void shouldAnswer502PeerAuthenticationFailedWhenTheOwnerWantsATokenTheForwarderDoesNotSend() {
    // Given B requires a token, A runs open and so forwards without one: B answers 401
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("client-token"), ""));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(), ApiAuth.open());

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");

    // Then
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json(response)).isEqualTo(Map.of("error", "peer authentication failed"));
    assertThat(readerB.reads()).isZero();
  }

  @Test
  void shouldKeepForwardingMidRotationWhenThePeerTokenIsSetExplicitly() {
    // Given a rotation under way: A already accepts the new client token first, B only the old one;
    // both keep the same explicit peer token
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("old-token"), "peer-token"));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(),
        ApiAuth.bearer(List.of("new-token", "old-token"), "peer-token"));

    // When clients call A with either token
    HttpResponse<String> withNew = get(a.port(), "/v1/users/carol", "Authorization", "Bearer new-token");
    HttpResponse<String> withOld = get(a.port(), "/v1/users/carol", "Authorization", "Bearer old-token");

    // Then both are forwarded to and answered by B
    assertThat(withNew.statusCode()).isEqualTo(200);
    assertThat(withOld.statusCode()).isEqualTo(200);
    assertThat(readerB.reads()).isEqualTo(2);
  }

  @Test
  void shouldFailToForwardMidRotationWithoutAPeerTokenAsTheReadmeWarns() {
    // Given the same rotation without http.peer.token: A forwards with its first token, which B does not know yet
    FakeReader readerB = new FakeReader().with("carol", Map.of("orders7d", 7));
    HttpApi b = start(userId -> Location.local(), readerB, ApiAuth.bearer(List.of("old-token"), ""));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader(),
        ApiAuth.bearer(List.of("new-token", "old-token"), ""));

    // When
    HttpResponse<String> response = get(a.port(), "/v1/users/carol", "Authorization", "Bearer old-token");

    // Then
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(readerB.reads()).isZero();
  }

  private HttpApi start(UserLocator locator, UserStateReader reader, ApiAuth auth) {
    HttpApi api = HttpApi.builder().host("localhost").port(0).locator(locator).reader(reader)
        .readiness(() -> true).auth(auth).build().start();
    closeables.add(api);
    return api;
  }
}
