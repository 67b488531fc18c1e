package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.avro.ClickEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only "schema not found" (error code 40403) means a record's schema id is unknown. Any other 404 means
 * the client asks the wrong URL, and an auth failure means wrong credentials: neither is the record's
 * fault, so neither may become a decoding error that dead-letters every record.
 */
class RegistryErrorAnswersTest {

  private final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0);
  private HttpServer fake;

  @AfterEach
  void stop() {
    registry.close();
    if (fake != null) {
      fake.stop(0);
    }
  }

  @Test
  void shouldReportWrongBaseUrlInsteadOfUnknownSchemaId() {
    // Given: the schema exists, but the base URL has a path prefix the registry does not serve
    int id = registry.registry().register("clicks-value", ClickEvent.getClassSchema());
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url() + "/apis/ccompat/v7").build();

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> client.schemaById(id))
        .isNotInstanceOf(SchemaNotFoundException.class)
        .withMessageContaining("GET /apis/ccompat/v7/schemas/ids/" + id)
        .withMessageContaining("base URL is probably wrong");
  }

  @Test
  void shouldReportWrongBaseUrlInsteadOfSubjectNotFound() {
    // Given
    registry.registry().register("clicks-value", ClickEvent.getClassSchema());
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url() + "/wrong").build();

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> client.latest("clicks-value"))
        .isNotInstanceOf(SchemaNotFoundException.class)
        .withMessageContaining("/wrong/subjects/clicks-value/versions/latest")
        .withMessageContaining("base URL is probably wrong");
  }

  @Test
  void shouldReportHtml404AsWrongBaseUrl() {
    // Given: a web server, not a schema registry, behind the URL
    HttpSchemaRegistryClient client = clientOf(404, "text/html", "<html><body>Not Found</body></html>");

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> client.schemaById(3))
        .isNotInstanceOf(SchemaNotFoundException.class)
        .withMessageContaining("GET /schemas/ids/3")
        .withMessageContaining("base URL is probably wrong");
  }

  @Test
  void shouldReportSubjectNotFoundOnIdsPathAsWrongBaseUrl() {
    // Given: 40401 cannot be the answer to GET /schemas/ids/{id} from a Confluent-compatible registry
    HttpSchemaRegistryClient client = clientOf(404, RegistryTransport.CONTENT_TYPE,
        "{\"error_code\": 40401, \"message\": \"Subject 'ids' not found.\"}");

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> client.schemaById(3))
        .isNotInstanceOf(SchemaNotFoundException.class)
        .withMessageContaining("GET /schemas/ids/3")
        .withMessageContaining("base URL is probably wrong");
  }

  @Test
  void shouldStillReportSchemaNotFoundAsUnknownSchemaId() {
    // Given
    HttpSchemaRegistryClient client = clientOf(404, RegistryTransport.CONTENT_TYPE,
        "{\"error_code\": 40403, \"message\": \"Schema 3 not found\"}");

    // When / Then
    assertThatExceptionOfType(UnknownSchemaIdException.class)
        .isThrownBy(() -> client.schemaById(3))
        .satisfies(e -> assertThat(e.schemaId()).isEqualTo(3));
  }

  @Test
  void shouldNotDeadLetterRecordsWhenBaseUrlIsWrong() {
    // Given
    int id = registry.registry().register("clicks-value", ClickEvent.getClassSchema());
    byte[] bytes = AvroSerde.forValues(ClickEvent.class, registry.registry(), SerdeOptions.lookupOnly())
        .serializer().serialize("clicks", SampleEvents.click());
    AvroSerde<ClickEvent> misconfigured = AvroSerde.forValues(ClickEvent.class,
        HttpSchemaRegistryClient.builder(registry.url() + "/apis/ccompat/v7").build(), SerdeOptions.lookupOnly());

    // When / Then
    assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(id);
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> misconfigured.deserializer().deserialize("clicks", bytes))
        .isNotInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldSurfaceForbiddenAsRegistryErrorNotDecodingError() {
    // Given
    byte[] bytes = WireFormat.frame(3, new byte[] {0});
    AvroSerde<ClickEvent> forbidden = AvroSerde.forValues(ClickEvent.class,
        clientOf(403, RegistryTransport.CONTENT_TYPE, "{\"error_code\": 40301, \"message\": \"User cannot access the resource.\"}"),
        SerdeOptions.lookupOnly());

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> forbidden.deserializer().deserialize("clicks", bytes))
        .withMessageContaining("HTTP 403")
        .withMessageContaining("credentials")
        .satisfies(e -> assertThat(e).isNotInstanceOf(SerializationException.class));
  }

  @Test
  void shouldSurfaceUnauthorizedAsRegistryErrorNotDecodingError() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:secret")) {
      // Given
      byte[] bytes = WireFormat.frame(1, new byte[] {0});
      AvroSerde<ClickEvent> anonymous = AvroSerde.forValues(ClickEvent.class,
          HttpSchemaRegistryClient.builder(secured.url()).build(), SerdeOptions.lookupOnly());

      // When / Then
      assertThatExceptionOfType(SchemaRegistryException.class)
          .isThrownBy(() -> anonymous.deserializer().deserialize("clicks", bytes))
          .withMessageContaining("HTTP 401")
          .withMessageContaining("credentials")
          .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(401));
    }
  }

  /** A client of a server that gives every request the same answer. */
  private HttpSchemaRegistryClient clientOf(int status, String contentType, String body) {
    try {
      fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    fake.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    fake.start();
    return HttpSchemaRegistryClient.builder("http://localhost:" + fake.getAddress().getPort())
        .time(new FakeRegistryTime()).build();
  }
}
