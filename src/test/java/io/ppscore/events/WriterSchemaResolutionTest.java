package io.ppscore.events;

import static io.ppscore.events.ScriptedRegistryServer.Answer.error;
import static io.ppscore.events.ScriptedRegistryServer.Answer.json;
import static io.ppscore.events.ScriptedRegistryServer.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record's schema id may name a schema this app cannot read: a Protobuf or JSON schema, text Avro cannot
 * parse, or references the registry cannot resolve. That is the record's fault and never changes, so it is
 * dead-lettered ({@code SCHEMA_MISMATCH}) and the answer is remembered; it must not fail the task, which
 * would retry the same offset for ever. Avro schemas with references are read with the referenced schemas.
 */
class WriterSchemaResolutionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BODY = {2, 'x'};

  private final FakeRegistryTime time = new FakeRegistryTime();
  private ScriptedRegistryServer scripted;
  private EmbeddedSchemaRegistry embedded;

  @AfterEach
  void stop() {
    if (scripted != null) {
      scripted.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private HttpSchemaRegistryClient scriptedClient(ScriptedRegistryServer.Answer... answers) {
    scripted = new ScriptedRegistryServer(answers);
    return HttpSchemaRegistryClient.builder(scripted.url()).time(time).build();
  }

  private static AvroDecodingException decodingFailure(HttpSchemaRegistryClient client, int schemaId) {
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());
    return org.assertj.core.api.Assertions.catchThrowableOfType(AvroDecodingException.class,
        () -> serde.deserializer().deserialize("clicks", WireFormat.frame(schemaId, BODY)));
  }

  @Test
  void shouldDeadLetterProtobufSchemaIdAndAskRegistryOnlyOnce() {
    // Given
    HttpSchemaRegistryClient client = scriptedClient(json(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":"
        + quoted("syntax = \"proto3\"; message Click { string id = 1; }") + "}"));
    AvroSerde<ClickEvent> clicks = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());
    AvroSerde<CartEvent> carts = AvroSerde.forValues(CartEvent.class, client, SerdeOptions.lookupOnly());

    // When
    for (int i = 0; i < 10; i++) {
      assertThatExceptionOfType(AvroDecodingException.class)
          .isThrownBy(() -> clicks.deserializer().deserialize("clicks", WireFormat.frame(7, BODY)))
          .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH))
          .withMessageContaining("schema id 7")
          .withMessageContaining("PROTOBUF");
    }
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> carts.deserializer().deserialize("carts", WireFormat.frame(7, BODY)));

    // Then
    assertThat(scripted.requests()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterJsonSchemaId() {
    // Given
    HttpSchemaRegistryClient client = scriptedClient(json(200, "{\"schemaType\":\"JSON\",\"schema\":"
        + quoted("{\"type\":\"object\"}") + "}"));

    // When
    AvroDecodingException failure = decodingFailure(client, 9);

    // Then
    assertThat(failure.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH);
    assertThat(failure).hasMessageContaining("JSON schema; only AVRO is supported");
  }

  @Test
  void shouldDeadLetterSchemaIdWhoseAvroSchemaCannotBeParsed() {
    // Given
    HttpSchemaRegistryClient client = scriptedClient(json(200, "{\"schema\":"
        + quoted("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"m\",\"type\":\"com.acme.Money\"}]}") + "}"));

    // When
    AvroDecodingException failure = decodingFailure(client, 8);

    // Then
    assertThat(failure.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH);
    assertThat(failure).hasMessageContaining("unparsable Avro schema");
  }

  @Test
  void shouldDeadLetterSchemaIdWhoseReferenceTheRegistryDoesNotHave() {
    // Given
    HttpSchemaRegistryClient client = scriptedClient(
        json(200, "{\"schema\":" + quoted("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"m\",\"type\":\"com.acme.Money\"}]}")
            + ",\"references\":[{\"name\":\"com.acme.Money\",\"subject\":\"money\",\"version\":1}]}"),
        error(404, 40401, "Subject 'money' not found."));

    // When
    AvroDecodingException failure = decodingFailure(client, 8);

    // Then
    assertThat(failure.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH);
    assertThat(failure).hasMessageContaining("money");
    assertThat(scripted.paths()).containsExactly("/schemas/ids/8", "/subjects/money/versions/1");
  }

  @Test
  void shouldFailTaskNotDeadLetterWhenRegistryIsDownWhileFetchingReference() {
    // Given
    HttpSchemaRegistryClient client = scriptedClient(
        json(200, "{\"schema\":" + quoted("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"m\",\"type\":\"com.acme.Money\"}]}")
            + ",\"references\":[{\"name\":\"com.acme.Money\",\"subject\":\"money\",\"version\":1}]}"),
        error(503, 50301, "down"));
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> serde.deserializer().deserialize("clicks", WireFormat.frame(8, BODY)));
  }

  @Test
  void shouldReadRecordWhoseWriterSchemaReferencesTypeOfAnotherSubject() throws Exception {
    // Given: ClickType registered on its own, and a click schema that names it instead of defining it
    embedded = EmbeddedSchemaRegistry.start(0);
    int typeId = embedded.registry().register("click-type", ClickType.getClassSchema());
    ObjectNode clickSchema = (ObjectNode) JSON.readTree(ClickEvent.getClassSchema().toString());
    clickSchema.withArray("fields").forEach(field -> {
      if (field.get("name").asText().equals("type")) {
        ((ObjectNode) field).put("type", ClickType.getClassSchema().getFullName());
      }
    });
    int clickId = registerWithReference(clickSchema.toString(), "click-type", 1);
    byte[] written = AvroSerde.forValues(ClickEvent.class, new InMemorySchemaRegistry(), SerdeOptions.autoRegistering())
        .serializer().serialize("clicks", SampleEvents.click());
    byte[] frame = WireFormat.frame(clickId, Arrays.copyOfRange(written, 5, written.length));
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(embedded.url()).build();

    // When
    ClickEvent read = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly())
        .deserializer().deserialize("clicks", frame);

    // Then
    assertThat(typeId).isNotEqualTo(clickId);
    assertThat(read).isEqualTo(SampleEvents.click());
    assertThat(client.schemaById(clickId)).isEqualTo(ClickEvent.getClassSchema());
  }

  private int registerWithReference(String schema, String subject, int version) throws Exception {
    String body = JSON.writeValueAsString(Map.of("schema", schema,
        "references", List.of(Map.of("name", ClickType.getClassSchema().getFullName(), "subject", subject, "version", version))));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(embedded.url() + "/subjects/clicks-value/versions"))
            .header("Content-Type", RegistryTransport.CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asInt();
  }
}
