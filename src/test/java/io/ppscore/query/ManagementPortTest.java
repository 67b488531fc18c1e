package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probes and metrics on their own server and workers, out of reach of clients that hold the API's workers. */
class ManagementPortTest {

  private final List<Socket> slowClients = new ArrayList<>();
  private HttpApi api;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : slowClients) {
      socket.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void shouldAnswerTheLivenessProbeOnTheManagementPortWhileSlowClientsHoldEveryApiWorker() throws IOException {
    // Given an API with one worker and one queue slot, both taken by clients that never finish their headers
    api = api(0).threads(1, 1).build().start();
    for (int i = 0; i < 2; i++) {
      slowClients.add(halfSentRequest(api.port()));
    }

    // When the liveness probe asks the API port, and then the management port
    Optional<Integer> onApiPort = liveStatus(api.port());
    Optional<Integer> onManagementPort = liveStatus(api.managementPort());

    // Then the API port does not answer in time, the management port does
    assertThat(onApiPort).as("probe on the API port while its workers are held").isNotEqualTo(Optional.of(200));
    assertThat(onManagementPort).hasValue(200);
  }

  @Test
  void shouldServeOnlyTheProbesAndMetricsOnTheManagementPort() {
    api = api(0).metrics(() -> "ppscore_up 1\n").build().start();

    assertThat(get(api.managementPort(), "/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(api.managementPort(), "/metrics").body()).isEqualTo("ppscore_up 1\n");
    assertThat(get(api.managementPort(), "/v1/users/alice").statusCode()).isEqualTo(404);
    assertThat(get(api.managementPort(), "/v1/info").statusCode()).isEqualTo(404);
    // and the API port still answers them, for clients that do not use the management port
    assertThat(get(api.port(), "/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRunNoManagementServerWithoutAManagementPort() {
    api = api(-1).build().start();

    assertThat(api.managementPort()).isEqualTo(-1);
  }

  private static HttpApi.Builder api(int managementPort) {
    return HttpApi.builder().host("localhost").port(0).managementPort(managementPort)
        .locator(userId -> Location.local())
        .reader(new FakeReader())
        .readiness(() -> true);
  }

  /** A connection that sent the start of a request and then stalls, as a slowloris client does. */
  private static Socket halfSentRequest(int port) throws IOException {
    Socket socket = new Socket("localhost", port);
    OutputStream out = socket.getOutputStream();
    out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The status of {@code GET /health/live}, or empty when there is none within a second (a k8s probe's default). */
  private static Optional<Integer> liveStatus(int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live"))
        .timeout(Duration.ofSeconds(1)).build();
    try {
      return Optional.of(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
