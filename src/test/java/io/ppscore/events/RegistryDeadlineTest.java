package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryDeadlineTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldGiveUpOnARegistryThatSentItsHeadersAndThenStalledTheBody() throws IOException {
    // Given a registry that answers 200 with a 100-byte body, sends 10 bytes of it and then stalls
    server = serve(exchange -> {
      exchange.sendResponseHeaders(200, 100);
      OutputStream body = exchange.getResponseBody();
      body.write("{\"schema\"".getBytes(StandardCharsets.UTF_8));
      body.flush();
      await(release);
      exchange.close();
    });
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(url()).requestTimeout(Duration.ofMillis(500))
        .retryBudget(Duration.ZERO).build();

    // Then the call fails as the registry's fault once the request timeout has passed, not when the server lets go
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
            .hasMessageContaining("no complete answer within 500 ms"));
  }

  @Test
  void shouldEndAWholeOperationWithinItsLimitThoughEachRequestMayRetryForAMinute() throws IOException {
    // Given a registry that answers 503 to everything, and a client whose operations must end within 1.5 s
    AtomicInteger requests = new AtomicInteger();
    server = serve(exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"error_code\":50301,\"message\":\"restarting\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    // (on registry time that records the waits between attempts instead of sleeping them)
    FakeRegistryTime time = new FakeRegistryTime();
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(url()).operationLimit(Duration.ofMillis(1_500))
        .time(time).build();

    // When a schema is looked up
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class));

    // Then it gave up as unavailable having retried, its waits within the limit (the default retry budget is 60 s)
    assertThat(requests.get()).isGreaterThan(1);
    assertThat(time.slept()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1_500));
  }

  private HttpServer serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", handler);
    s.setExecutor(Executors.newCachedThreadPool());
    s.start();
    return s;
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
