package io.ppscore.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** A plain HTTP client of one instance's {@code GET /v1/users/{id}}, as an outside caller sees it. */
final class UserApi {

  /** The bearer token {@link ItApps#config} configures. */
  static final String TOKEN = "it-token-0123456789";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: status, the {@code X-PPScore-Served-By} header and the parsed JSON body. */
  record Answer(int status, String servedBy, JsonNode body) {

    /** A number in the lifetime window, such as {@code orders} or {@code views}. */
    long lifetimeCount(String field) {
      return body.path("windows").path("lifetime").path(field).asLong(-1);
    }

    BigDecimal lifetimeGrossSpend() {
      return body.path("windows").path("lifetime").path("grossSpend").decimalValue();
    }
  }

  private UserApi() {
  }

  /** {@code GET /v1/users/{rawId}?asOf=...} on {@code localhost:port}; {@code rawId} goes into the path as given. */
  static Answer get(int port, String rawId, Instant asOf) {
    return get(URI.create("http://localhost:" + port + "/v1/users/" + rawId + "?asOf=" + asOf));
  }

  /** {@code GET /v1/users/{rawId}/score} on {@code localhost:port}: the user's latest score. */
  static Answer score(int port, String rawId) {
    return get(URI.create("http://localhost:" + port + "/v1/users/" + rawId + "/score"));
  }

  /** {@code GET /v1/users/{rawId}/flags} on {@code localhost:port}: the user's recent risk flags. */
  static Answer flags(int port, String rawId) {
    return get(URI.create("http://localhost:" + port + "/v1/users/" + rawId + "/flags"));
  }

  /** {@code GET /v1/users/{rawId}} on {@code localhost:port} with the given {@code Authorization} header, or none. */
  static Answer getWithAuthorization(int port, String rawId, Instant asOf, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/v1/users/" + rawId + "?asOf=" + asOf)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  /** {@code POST /v1/admin/users/{rawId}/erasure} on {@code localhost:port}. */
  static Answer requestErasure(int port, String rawId) {
    return requestErasure(port, rawId, TOKEN);
  }

  /** The erasure request with {@code token}, for an instance with an admin token ({@code http.admin.token}). */
  static Answer requestErasure(int port, String rawId, String token) {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/users/" + rawId + "/erasure"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static Answer get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
        .GET().build());
  }

  private static Answer send(HttpRequest request) {
    URI uri = request.uri();
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), response.headers().firstValue("X-PPScore-Served-By").orElse(null), body);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.method() + " " + uri, e);
    }
  }
}
