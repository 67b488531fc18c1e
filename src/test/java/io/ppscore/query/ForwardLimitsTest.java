package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding cannot tie up the HTTP workers: at most half of them forward at once, and a forward is cut at
 * the forward timeout however the owner stalls. The owners here are raw sockets on the loopback interface.
 */
class ForwardLimitsTest {

  private static final HttpClient ASYNC_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWithoutCallingTheOwnerWhenEveryForwardingSlotIsTaken() throws Exception {
    // Given A with 2 workers, so 1 forwarding slot, held by a forward to an owner that never answers
    List<Socket> heldBySlowOwner = new CopyOnWriteArrayList<>();
    ServerSocket slowOwner = silentOwner(heldBySlowOwner);
    AtomicInteger callsToB = new AtomicInteger();
    HttpApi b = track(HttpApi.builder().host("localhost").port(0)
        .locator(userId -> {
          callsToB.incrementAndGet();
          return Location.local();
        })
        .reader(new FakeReader().with("carol", Map.of("orders7d", 7))).readiness(() -> true).build().start());
    HttpApi a = track(HttpApi.builder().host("localhost").port(0)
        .locator(userId -> userId.equals("slow") ? Location.remote(new HostInfo("127.0.0.1", slowOwner.getLocalPort()))
            : Location.remote(b.selfEndpoint()))
        .reader(new FakeReader()).readiness(() -> true)
        .threads(2, 8).forwardTimeout(Duration.ofSeconds(10))
        .build().start());
    CompletableFuture<HttpResponse<String>> slow = ASYNC_CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + a.port() + "/v1/users/slow")).build(),
        HttpResponse.BodyHandlers.ofString());
    await("the slow forward is connected").atMost(Duration.ofSeconds(5)).until(() -> heldBySlowOwner.size() == 1);

    // When a request for a user B owns arrives at A
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");

    // Then A answers 503 at once, without calling B, and counts it
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response)).isEqualTo(Map.of("error", "instance busy",
        "reason", "too many requests are being forwarded to other instances right now; retry shortly"));
    assertThat(callsToB).hasValue(0);
    assertThat(a.forwardsRejected()).isEqualTo(1);

    // And once the slow owner goes away, the slot is free again
    slowOwner.close();
    for (Socket socket : heldBySlowOwner) {
      socket.close();
    }
    // (within the 10 s forward timeout at the latest; the socket close usually ends it at once, but a loaded
    // machine once took over 5 s)
    assertThat(slow.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    assertThat(get(a.port(), "/v1/users/carol").statusCode()).isEqualTo(200);
    assertThat(callsToB).hasValue(1);
  }

  @Test
  void shouldCutAForwardWhoseOwnerSendsHeadersThenStallsTheBody() throws IOException {
    // Given an owner that answers 200 with the headers and one byte of a 100-byte body, then nothing more
    ServerSocket owner = stallingOwner("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    HttpApi a = track(HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.remote(new HostInfo("127.0.0.1", owner.getLocalPort())))
        .reader(new FakeReader()).readiness(() -> true)
        .forwardTimeout(Duration.ofMillis(500))
        .build().start());

    // When
    long start = System.nanoTime();
    HttpResponse<String> response = get(a.port(), "/v1/users/carol");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // Then: 503 at the timeout (500 ms), not a worker waiting for the rest of the body, which the owner never
    // sends (this client would give up at 10 s). The upper bound allows ten times the timeout for a loaded machine
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response)).containsEntry("error", "owner unreachable");
    assertThat(tookMs).isBetween(400L, 5_000L);
  }

  /** A loopback socket that accepts connections into {@code accepted} and never answers. */
  private ServerSocket silentOwner(List<Socket> accepted) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(server);
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          closeables.add(socket);
          accepted.add(socket);
        } catch (IOException e) {
          return; // closed by the test
        }
      }
    }, "silent-owner");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** A loopback socket that reads each request's headers, writes {@code answer} and then holds the connection. */
  private ServerSocket stallingOwner(String answer) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(server);
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          closeables.add(socket);
          readHeaders(socket.getInputStream());
          OutputStream out = socket.getOutputStream();
          out.write(answer.getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          return; // closed at the end of the test
        }
      }
    }, "stalling-owner");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the headers");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private HttpApi track(HttpApi api) {
    closeables.add(api);
    return api;
  }
}
