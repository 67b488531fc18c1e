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

  private static Answer get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), response.headers().firstValue("X-PPScore-Served-By").orElse(null), body);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }
}
