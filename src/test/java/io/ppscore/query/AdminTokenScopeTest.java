package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With {@code http.admin.token}, only admin tokens may erase users; they may read too. */
class AdminTokenScopeTest {

  private static final String TOKEN = "reader-token-A";
  private static final String PEER = "peer-token-B";
  private static final String ADMIN = "admin-token-C";
  private static final String ERASURE = "/v1/admin/users/alice/erasure";

  private final FakeReader reader = new FakeReader().with("alice", Map.of("orders7d", 1));
  private final List<String> erased = new ArrayList<>();
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.local())
        .reader(reader)
        .readiness(() -> true)
        .auth(ApiAuth.bearer(List.of(TOKEN), PEER).withAdminTokens(List.of(ADMIN)))
        .erasures((userId, reason) -> {
          erased.add(userId);
          return "req-1";
        })
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldRefuseErasureWithAReaderOrPeerToken() {
    for (String token : List.of(TOKEN, PEER)) {
      HttpResponse<String> response = send("POST", ERASURE, token);

      assertThat(response.statusCode()).as("with %s", token).isEqualTo(403);
      assertThat(response.body()).contains("this path needs an admin token (http.admin.token)");
    }
    assertThat(erased).isEmpty();
  }

  @Test
  void shouldEraseWithTheAdminToken() {
    HttpResponse<String> response = send("POST", ERASURE, ADMIN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(erased).containsExactly("alice");
  }

  @Test
  void shouldServeReadsWithEitherToken() {
    assertThat(send("GET", "/v1/users/alice", TOKEN).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/users/alice", ADMIN).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/users/alice", "wrong").statusCode()).isEqualTo(403);
  }

  @Test
  void shouldKeepTheAuthenticationAsItWasWithoutAnAdminToken() {
    ApiAuth auth = ApiAuth.bearer(List.of(TOKEN), PEER);

    assertThat(auth.withAdminTokens(ApiAuth.splitTokens(" , "))).isSameAs(auth);
    assertThat(auth.adminScoped()).isFalse();
    assertThat(auth.withAdminTokens(List.of(ADMIN)).adminScoped()).isTrue();
  }

  @Test
  void shouldRefuseAnAdminTokenWithoutAuthentication() {
    assertThatIllegalStateException().isThrownBy(() -> ApiAuth.open().withAdminTokens(List.of(ADMIN)))
        .withMessageContaining("admin tokens need authentication on");
  }

  @Test
  void shouldNotPrintTokensInToString() {
    assertThat(ApiAuth.bearer(List.of(TOKEN), PEER).withAdminTokens(List.of(ADMIN)).toString())
        .isEqualTo("ApiAuth[bearer, 1 token(s), 1 admin token(s)]").doesNotContain(TOKEN, PEER, ADMIN);
  }

  private HttpResponse<String> send(String method, String path, String token) {
    return TestHttp.send(api.port(), method, path, "Authorization", "Bearer " + token);
  }
}
