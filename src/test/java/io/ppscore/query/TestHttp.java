package io.ppscore.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A real HTTP client for the tests: raw paths go on the wire exactly as written. */
final class TestHttp {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestHttp() {
  }

  static HttpResponse<String> get(int port, String rawPathAndQuery, String... headers) {
    return send(HttpRequest.newBuilder(uri(port, rawPathAndQuery)).GET(), headers);
  }

  static HttpResponse<String> send(int port, String method, String rawPathAndQuery, String... headers) {
    return send(HttpRequest.newBuilder(uri(port, rawPathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()), headers);
  }

  static Map<String, Object> json(HttpResponse<String> response) {
    try {
      return MAPPER.readValue(response.body(), new TypeReference<>() { });
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static URI uri(int port, String rawPathAndQuery) {
    return URI.create("http://localhost:" + port + rawPathAndQuery);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
