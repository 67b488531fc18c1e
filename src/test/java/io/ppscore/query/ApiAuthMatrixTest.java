package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint of a real {@link HttpApi} with bearer authentication, with no, malformed, wrong and right tokens. */
class ApiAuthMatrixTest {

  private static final String TOKEN = "s3cret-token-A";
  private static final String ROTATED = "s3cret-token-B";
  private static final String PEER = "peer-token-C";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FakeReader reader = new FakeReader().with("alice", Map.of("orders7d", 1));
  private final List<String> erased = new ArrayList<>();
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.local())
        .reader(reader)
        .readiness(() -> true)
        .auth(ApiAuth.bearer(List.of(TOKEN, ROTATED), PEER))
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

  /** Every protected route, plus paths that do not exist (yet): all require a token. */
  static Stream<Arguments> protectedRequests() {
    return Stream.of(
        arguments("GET", "/v1/users/alice", 200),
        arguments("GET", "/v1/users/alice?asOf=2025-01-01T00:00:00Z", 200),
        arguments("GET", "/v1/users/alice/score", 404),
        arguments("GET", "/v1/info", 200),
        arguments("POST", "/v1/admin/users/alice/erasure", 202),
        arguments("GET", "/v1/users/alice/flags", 404), // risk rules off here
        arguments("GET", "/v1/no-such-endpoint", 404),
        arguments("GET", "/health/live/", 404),
        arguments("GET", "/", 404));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedRequests")
  void shouldAnswer401WithChallengeWithoutAuthorization(String method, String path, int authorizedStatus) {
    HttpResponse<String> response = send(method, path, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ppscore\"");
    assertThat(json(response)).containsKey("error");
    assertThat(response.headers().firstValue(ExchangeHandler.SERVED_BY_HEADER)).as("instance name to a stranger").isEmpty();
    assertThat(reader.reads()).isZero();
    assertThat(erased).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedRequests")
  void shouldAnswer401ForMalformedAuthorization(String method, String path, int authorizedStatus) {
    for (String malformed : List.of("Basic dXNlcjpwYXNz", TOKEN, "Bearer", "Bearer    ", "Token " + TOKEN)) {
      HttpResponse<String> response = send(method, path, malformed);

      assertThat(response.statusCode()).as("Authorization: %s", malformed).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ppscore\"");
    }
    assertThat(reader.reads()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedRequests")
  void shouldAnswer403ForWrongToken(String method, String path, int authorizedStatus) {
    for (String wrong : List.of("Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer s3cret")) {
      HttpResponse<String> response = send(method, path, wrong);

      assertThat(response.statusCode()).as("Authorization: %s", wrong).isEqualTo(403);
      assertThat(json(response)).containsEntry("error", "token not accepted");
      assertThat(response.headers().firstValue(ExchangeHandler.SERVED_BY_HEADER)).as("instance name to a stranger").isEmpty();
    }
    assertThat(reader.reads()).isZero();
    assertThat(erased).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedRequests")
  void shouldServeWithAnyAcceptedToken(String method, String path, int authorizedStatus) {
    for (String token : List.of(TOKEN, ROTATED, PEER)) {
      HttpResponse<String> response = send(method, path, "Bearer " + token);

      assertThat(response.statusCode()).as("with token %s", token).isEqualTo(authorizedStatus);
      assertThat(response.headers().firstValue(ExchangeHandler.SERVED_BY_HEADER)).hasValue("localhost:" + api.port());
    }
  }

  /** The protected GET routes and unknown paths, asked with HEAD: the same rules as GET. */
  static Stream<Arguments> protectedHeadRequests() {
    return Stream.of(
        arguments("/v1/users/alice", 200),
        arguments("/v1/users/alice/score", 404),
        arguments("/v1/info", 200),
        arguments("/v1/no-such-endpoint", 404),
        arguments("/v1/admin/users/alice/erasure", 405));
  }

  @ParameterizedTest(name = "HEAD {0}")
  @MethodSource("protectedHeadRequests")
  void shouldApplyTheSameTokenRulesToHeadAsToGet(String path, int authorizedStatus) {
    // When HEAD is sent without a token, with a wrong one and with an accepted one
    HttpResponse<String> none = send("HEAD", path, null);
    HttpResponse<String> wrong = send("HEAD", path, "Bearer wrong");
    HttpResponse<String> right = send("HEAD", path, "Bearer " + TOKEN);

    // Then 401 with the challenge, 403, and the authorized status, none with a body; no read without a token
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ppscore\"");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(right.statusCode()).isEqualTo(authorizedStatus);
    assertThat(List.of(none.body(), wrong.body(), right.body())).containsOnly("");
    assertThat(reader.reads()).isLessThanOrEqualTo(1);
    assertThat(erased).isEmpty();
  }

  @Test
  void shouldServeHeadOnTheProbesWithoutToken() {
    assertThat(send("HEAD", "/health/live", null).statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptTheSchemeCaseInsensitively() {
    assertThat(send("GET", "/v1/users/alice", "bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldNotNameTheInstanceWhenAnAdminPathRefusesAClientToken() {
    // Given admin tokens on an instance
    try (HttpApi scoped = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(reader).readiness(() -> true).erasures((userId, reason) -> "req-1")
        .auth(ApiAuth.bearer(List.of(TOKEN), PEER).withAdminTokens(List.of("admin-token-D"))).build().start()) {
      // When a client token asks for an erasure
      HttpResponse<String> response = TestHttp.send(scoped.port(), "POST", "/v1/admin/users/alice/erasure",
          "Authorization", "Bearer " + TOKEN);

      // Then 403 without the instance's name
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue(ExchangeHandler.SERVED_BY_HEADER)).isEmpty();
    }
  }

  @Test
  void shouldServeProbesAndMetricsWithoutToken() {
    assertThat(send("GET", "/health/live", null).headers().firstValue(ExchangeHandler.SERVED_BY_HEADER)).isPresent();
    assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(200);
    // no /metrics route in this API: open means "not 401", the router answers
    assertThat(send("GET", "/metrics", null).statusCode()).isEqualTo(404);
    assertThat(ApiAuth.OPEN_PATHS).containsExactlyInAnyOrder("/health/live", "/health/ready", "/metrics");
  }

  @Test
  void shouldServeEverythingWhenAuthenticationIsOff() {
    try (HttpApi open = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(reader).readiness(() -> true).build().start()) {
      HttpResponse<String> response = TestHttp.get(open.port(), "/v1/users/alice");

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldRejectATokenListWithoutAnyToken() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> ApiAuth.bearer(ApiAuth.splitTokens(" , "), ""));
  }

  @Test
  void shouldSplitCommaSeparatedTokensForRotation() {
    assertThat(ApiAuth.splitTokens(" new-token , old-token,")).containsExactly("new-token", "old-token");
  }

  @Test
  void shouldNotPrintTokensInToString() {
    assertThat(ApiAuth.bearer(List.of(TOKEN, ROTATED), PEER).toString())
        .doesNotContain(TOKEN).doesNotContain(ROTATED).doesNotContain(PEER);
  }

  private HttpResponse<String> send(String method, String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) {
    try {
      return MAPPER.readValue(response.body(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }
}
