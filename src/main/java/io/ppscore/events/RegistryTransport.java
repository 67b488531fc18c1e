package io.ppscore.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to a Confluent-compatible registry: authentication, timeouts, retries of temporary
 * failures ({@link RegistryRetries}), and turning error answers into exceptions that name the request path,
 * the HTTP status and the registry's error code and message. A request that cannot even be sent (a URL the
 * HTTP client refuses) is a plain {@link SchemaRegistryException}: a misconfiguration, never an unchecked
 * exception that could be taken for a record's fault. The credentials live only in the prepared header,
 * never in a message. Thread-safe.
 */
final class RegistryTransport {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final HttpClient http;
  private final String baseUrl;
  private final String basePath;
  private final Optional<String> authorization;
  private final Duration requestTimeout;
  private final RegistryRetries retries;
  private final RegistryTime time;
  /** The end (nanoTime) of the operation this thread is in, if it has one: see {@link #within}. */
  private final ThreadLocal<Long> operationDeadline = new ThreadLocal<>();

  RegistryTransport(URI baseUrl, Optional<String> basicAuthUserInfo, Optional<SSLContext> tls,
      Duration connectTimeout, Duration requestTimeout, RegistryRetries retries, RegistryTime time) {
    String url = baseUrl.toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.basePath = URI.create(this.baseUrl).getRawPath();
    this.authorization = basicAuthUserInfo.map(userInfo ->
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    this.requestTimeout = requestTimeout;
    this.retries = retries;
    this.time = time;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  /** {@code subject} as one URL path segment. */
  static String segment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Runs {@code operation} with every request it sends (retries and waits included) ending within {@code limit}. */
  <T> T within(Duration limit, Supplier<T> operation) {
    operationDeadline.set(time.nanoTime() + limit.toNanos());
    try {
      return operation.get();
    } finally {
      operationDeadline.remove();
    }
  }

  /** Whether the current operation (if any) has at least {@code needed} left. */
  boolean hasTimeLeft(Duration needed) {
    Long deadline = operationDeadline.get();
    return deadline == null || deadline - time.nanoTime() >= needed.toNanos();
  }

  private long millisLeft() {
    Long deadline = operationDeadline.get();
    return deadline == null ? Long.MAX_VALUE : (deadline - time.nanoTime()) / 1_000_000;
  }

  JsonNode get(String path) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody());
  }

  JsonNode post(String path, Object body) {
    try {
      return send("POST", path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write request body as JSON", e);
    }
  }

  private JsonNode send(String method, String path, HttpRequest.BodyPublisher body) {
    String what = method + " " + basePath + path;
    HttpRequest request = request(method, path, body, what);
    long start = time.nanoTime();
    for (int attempt = 1; ; attempt++) {
      long left = millisLeft();
      if (left <= 0) {
        throw new SchemaRegistryUnavailableException("Schema registry request " + what
            + " not sent: the operation's time (inside the stream thread's transaction) is used up", null);
      }
      Attempt result = attempt(request, what, Math.min(requestTimeout.toMillis(), left));
      if (result.answer() != null) {
        return result.answer();
      }
      long elapsedMillis = (time.nanoTime() - start) / 1_000_000;
      OptionalLong delay = retries.delayMillisAfter(attempt, elapsedMillis, result.retryAfter(), time.now());
      if (delay.isPresent() && delay.getAsLong() >= millisLeft()) {
        delay = OptionalLong.empty();
      }
      if (delay.isEmpty()) {
        throw attempt == 1 ? result.failure() : new SchemaRegistryUnavailableException(result.failure().getMessage()
            + " (gave up after " + attempt + " attempts in " + elapsedMillis / 1000 + " s)", result.failure().getCause());
      }
      LOG.warn("{} (attempt {}); asking again in {} ms", result.failure().getMessage(), attempt, delay.getAsLong());
      time.sleep(Duration.ofMillis(delay.getAsLong()));
    }
  }

  private HttpRequest request(String method, String path, HttpRequest.BodyPublisher body, String what) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(requestTimeout)
          .header("Accept", CONTENT_TYPE)
          .header("Content-Type", CONTENT_TYPE)
          .method(method, body);
      authorization.ifPresent(value -> request.header("Authorization", value));
      return request.build();
    } catch (IllegalArgumentException e) {
      throw cannotSend(what, e);
    }
  }

  /**
   * One request and its outcome; never throws for a failure that asking again may cure. The whole exchange,
   * body included, ends within {@code timeoutMillis}: {@code HttpRequest.timeout} alone stops waiting at the
   * response headers, so a registry that sent them and then stalled held the stream thread until the
   * connection closed.
   */
  private Attempt attempt(HttpRequest request, String what, long timeoutMillis) {
    HttpResponse<String> response;
    CompletableFuture<HttpResponse<String>> exchange;
    try {
      exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // java.net.http rejects some URIs only when sending ("unsupported URI" for a host it cannot use): a
      // misconfiguration, which must fail the task, never be taken for the fault of the record being read.
      throw cannotSend(what, e);
    }
    try {
      response = exchange.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return Attempt.temporary(new SchemaRegistryUnavailableException("Schema registry unreachable: " + what
          + ": no complete answer within " + timeoutMillis + " ms", e), Optional.empty());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException || cause instanceof UncheckedIOException) {
        return Attempt.temporary(new SchemaRegistryUnavailableException("Schema registry unreachable: " + what + ": "
            + cause, cause), Optional.empty());
      }
      throw cannotSend(what, cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return Attempt.answered(parse(what, response.body()));
    }
    RuntimeException failure = failure(what, status, response.body());
    if (!RegistryRetries.isTemporary(status)) {
      throw failure;
    }
    return Attempt.temporary(failure, response.headers().firstValue("Retry-After"));
  }

  private static SchemaRegistryException cannotSend(String what, RuntimeException e) {
    return new SchemaRegistryException("Cannot send schema registry request " + what + ": " + e.getMessage()
        + "; check " + AppConfig.SCHEMA_REGISTRY_URL_CONFIG, SchemaRegistryException.NOT_SENT);
  }

  private static JsonNode parse(String what, String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException("Schema registry answered " + what + " with invalid JSON: "
          + abbreviate(body), 500);
    }
  }

  private static RuntimeException failure(String what, int status, String body) {
    JsonNode error = tryParse(body);
    int errorCode = error.path("error_code").asInt(status);
    String registryMessage = error.hasNonNull("message") ? error.get("message").asText() : abbreviate(body);
    String message = "Schema registry request " + what + " failed: HTTP " + status + ", error_code " + errorCode
        + ": " + registryMessage;
    if (RegistryRetries.isTemporary(status)) {
      // 5xx, 408 (request timeout) and 429 (too many requests): the registry, not the request, is the problem
      return new SchemaRegistryUnavailableException(message, null);
    }
    if (status == 404) {
      // Only the registry's own "not found" codes mean that: a 404 without one (no JSON, an HTML page,
      // a plain 404) comes from a URL path the registry does not serve, so the base URL is wrong.
      return isNotFoundCode(errorCode) ? new SchemaNotFoundException(message, errorCode) : wrongBaseUrl(message, errorCode);
    }
    if (status == 409) {
      return new IncompatibleSchemaException(message);
    }
    if (status == 401 || status == 403) {
      return new SchemaRegistryException(message + "; check the schema registry credentials ("
          + AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG + ")", errorCode);
    }
    return new SchemaRegistryException(message, errorCode);
  }

  /**
   * A 404 that no registry path gives: a misconfiguration, not a missing schema. {@code message} names the
   * request path.
   */
  static SchemaRegistryException wrongBaseUrl(String message, int errorCode) {
    return new SchemaRegistryException(message + "; the registry does not serve this URL path, so the schema"
        + " registry base URL is probably wrong (" + AppConfig.SCHEMA_REGISTRY_URL_CONFIG + "; for Apicurio it ends"
        + " with /apis/ccompat/v7)", errorCode);
  }

  private static boolean isNotFoundCode(int errorCode) {
    return errorCode == SchemaRegistryException.SUBJECT_NOT_FOUND || errorCode == SchemaRegistryException.VERSION_NOT_FOUND
        || errorCode == SchemaRegistryException.SCHEMA_NOT_FOUND;
  }

  /** An integer field of an answer. */
  static int intIn(JsonNode answer, String field) {
    if (!answer.path(field).canConvertToInt()) {
      throw new SchemaRegistryException("Schema registry answer has no integer '" + field + "': " + answer, 500);
    }
    return answer.get(field).asInt();
  }

  private static JsonNode tryParse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= MAX_BODY_IN_MESSAGE ? body : body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  /** Either the answer, or a failure that asking again may cure and the answer's {@code Retry-After}. */
  private record Attempt(JsonNode answer, RuntimeException failure, Optional<String> retryAfter) {

    static Attempt answered(JsonNode answer) {
      return new Attempt(answer, null, Optional.empty());
    }

    static Attempt temporary(RuntimeException failure, Optional<String> retryAfter) {
      return new Attempt(null, failure, retryAfter);
    }
  }

  @Override
  public String toString() {
    return "RegistryTransport[" + baseUrl + (authorization.isPresent() ? ", basic auth" : "") + "]";
  }
}
