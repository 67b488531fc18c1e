package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over TLS with a keystore made in the test: trusted clients get through, others fail the handshake. */
class HttpsApiTest {

  private static final String TOKEN = "tls-test-token";

  @TempDir
  static Path dir;
  private static TestKeystores stores;
  private static SSLContext server;
  private static SSLContext trusting;

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void makeKeystores() {
    stores = TestKeystores.create(dir);
    server = TlsContexts.server(stores.keystore(), stores.password().toCharArray(), "PKCS12");
    trusting = TlsContexts.client(stores.truststore(), stores.password().toCharArray(), "PKCS12");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void shouldServeHttpsToAClientThatTrustsTheTruststore() throws Exception {
    // Given
    HttpApi api = start(userId -> Location.local(), new FakeReader().with("alice", Map.of("orders7d", 2)));

    // When
    HttpResponse<String> response = get(client(trusting), "https://localhost:" + api.port() + "/v1/users/alice");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"orders7d\":2");
  }

  @Test
  void shouldFailTheHandshakeForAClientWithoutTheTruststore() throws Exception {
    HttpApi api = start(userId -> Location.local(), new FakeReader());

    assertThatThrownBy(() -> get(client(SSLContext.getDefault()), "https://localhost:" + api.port() + "/health/live"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void shouldNotAnswerPlainHttpOnTheTlsPort() {
    HttpApi api = start(userId -> Location.local(), new FakeReader());

    assertThatThrownBy(() -> get(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        "http://localhost:" + api.port() + "/health/live"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldForwardOverHttpsWithThePeerToken() throws Exception {
    // Given B owns carol; A forwards to B over https, both require the token
    HttpApi b = start(userId -> Location.local(), new FakeReader().with("carol", Map.of("orders7d", 7)));
    HttpApi a = start(userId -> Location.remote(b.selfEndpoint()), new FakeReader());

    // When
    HttpResponse<String> response = get(client(trusting), "https://localhost:" + a.port() + "/v1/users/carol");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-PPScore-Served-By")).hasValue("localhost:" + b.port());
    assertThat(response.body()).contains("\"orders7d\":7");
  }

  @Test
  void shouldAnswer503WhenTheOwnersCertificateIsNotTrustedByTheForwarder() throws Exception {
    // Given A's forwarding client trusts only the JVM's default CAs, not B's self-signed certificate
    HttpApi b = start(userId -> Location.local(), new FakeReader().with("carol", Map.of("orders7d", 7)));
    HttpApi a = track(HttpApi.builder().host("localhost").port(0).locator(userId -> Location.remote(b.selfEndpoint()))
        .reader(new FakeReader()).readiness(() -> true).auth(ApiAuth.bearer(List.of(TOKEN), ""))
        .tls(server, null).build().start());

    // When
    HttpResponse<String> response = get(client(trusting), "https://localhost:" + a.port() + "/v1/users/carol");

    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("owner unreachable");
  }

  private HttpApi start(UserLocator locator, FakeReader reader) {
    return track(HttpApi.builder().host("localhost").port(0).locator(locator).reader(reader).readiness(() -> true)
        .auth(ApiAuth.bearer(List.of(TOKEN), "")).tls(server, trusting).build().start());
  }

  private HttpApi track(HttpApi api) {
    closeables.add(api);
    return api;
  }

  private static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> get(HttpClient client, String uri) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
