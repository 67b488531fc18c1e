package io.ppscore.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ppscore.events.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP schema registry in this JVM, speaking the Confluent REST subset the Avro serde needs
 * ({@code POST /subjects/{s}/versions}, {@code POST /subjects/{s}}, {@code GET /schemas/ids/{id}},
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions[/{n|latest}]}, {@code GET /config}) with
 * Confluent's error bodies and status codes, backed by an {@link InMemorySchemaRegistry} (BACKWARD
 * compatibility). Avro schemas with {@code references} to other subjects' versions are accepted and served
 * back with them. For the demo and for tests that want the real HTTP client; listens on loopback only.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final InMemorySchemaRegistry registry;
  private final RegistryRoutes routes;
  private final Optional<byte[]> expectedAuthorization;
  private final AtomicInteger requestCount = new AtomicInteger();
  private final ExecutorService executor;
  private final HttpServer server;

  /**
   * Starts serving {@code registry} on {@code port} (0 picks a free one).
   *
   * @param requiredBasicAuth {@code user:password} every request must present, or empty for none
   * @throws UncheckedIOException if the port cannot be bound
   */
  public EmbeddedSchemaRegistry(int port, InMemorySchemaRegistry registry, Optional<String> requiredBasicAuth) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.routes = new RegistryRoutes(registry);
    this.expectedAuthorization = requiredBasicAuth.map(userInfo -> ("Basic "
        + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
    this.executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "embedded-schema-registry");
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("Cannot bind the embedded schema registry to port " + port, e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("Embedded schema registry listening on {}", url());
  }

  /** A registry without authentication on {@code port} (0 picks a free one). */
  public static EmbeddedSchemaRegistry start(int port) {
    return new EmbeddedSchemaRegistry(port, new InMemorySchemaRegistry(), Optional.empty());
  }

  /** A registry answering 401 to requests without HTTP basic auth {@code userInfo} ({@code user:password}). */
  public static EmbeddedSchemaRegistry startWithBasicAuth(int port, String userInfo) {
    return new EmbeddedSchemaRegistry(port, new InMemorySchemaRegistry(), Optional.of(userInfo));
  }

  /** {@code http://localhost:<port>}. */
  public String url() {
    return "http://localhost:" + port();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The registry behind the HTTP API, for tests to prepare or inspect directly. */
  public InMemorySchemaRegistry registry() {
    return registry;
  }

  /** HTTP requests received so far, including rejected ones (tests use it to prove client caching). */
  public int requestCount() {
    return requestCount.get();
  }

  /** Stops listening and waits briefly for requests in flight. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requestCount.incrementAndGet();
      RegistryResponse response;
      try {
        response = authorized(exchange)
            ? routes.answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body(exchange))
            : RegistryResponse.error(401, 401, "Unauthorized");
      } catch (RuntimeException e) {
        LOG.warn("Embedded schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = RegistryResponse.error(500, 50001, "Error in the backend data store: " + e);
      }
      if (response.status() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
      }
      byte[] json = JSON.writeValueAsBytes(response.body());
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(response.status(), json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization.isEmpty()) {
      return true;
    }
    String presented = exchange.getRequestHeaders().getFirst("Authorization");
    return presented != null
        && MessageDigest.isEqual(expectedAuthorization.get(), presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
