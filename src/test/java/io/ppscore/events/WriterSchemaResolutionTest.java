package io.ppscore.events;

import static io.ppscore.events.ScriptedRegistryServer.Answer.error;
import static io.ppscore.events.ScriptedRegistryServer.Answer.json;
import static io.ppscore.events.ScriptedRegistryServer.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
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
    assertThat(scripted.paths()).containsExactly("/schemas/ids/8", "/subjects/money/versions/1?deleted=true");
  }

  @Test
  void shouldReadSchemaWhoseReferencedVersionWasSoftDeleted() {
    // Given: a registry that still serves the deleted version when asked with deleted=true, as Confluent does
    HttpSchemaRegistryClient client = scriptedClient(
        json(200, "{\"schema\":" + quoted("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"m\",\"type\":\"com.acme.Money\"}]}")
            + ",\"references\":[{\"name\":\"com.acme.Money\",\"subject\":\"money\",\"version\":1}]}"),
        json(200, "{\"subject\":\"money\",\"version\":1,\"id\":3,\"schema\":" + quoted(MONEY_V1) + "}"));

    // When
    Schema schema = client.schemaById(8);

    // Then
    assertThat(schema.getField("m").schema().getFullName()).isEqualTo("com.acme.Money");
    assertThat(scripted.paths()).containsExactly("/schemas/ids/8", "/subjects/money/versions/1?deleted=true");
  }

  @Test
  void shouldReadAgainAfterAMinuteASchemaWhoseReferenceWasMissing() throws Exception {
    // Given: a click schema that references ClickType, which the registry cannot find at first
    String withReference = clickAnswerReferencingClickType();
    HttpSchemaRegistryClient client = scriptedClient(json(200, withReference),
        error(404, 40402, "Version 1 not found."),
        json(200, withReference),
        json(200, "{\"schema\":" + quoted(ClickType.getClassSchema().toString()) + "}"));
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());
    byte[] written = AvroSerde.forValues(ClickEvent.class, new InMemorySchemaRegistry(), SerdeOptions.autoRegistering())
        .serializer().serialize("clicks", SampleEvents.click());
    byte[] frame = WireFormat.frame(8, Arrays.copyOfRange(written, 5, written.length));

    // When
    Throwable missing = catchThrowable(() -> serde.deserializer().deserialize("clicks", frame));
    time.advance(Duration.ofSeconds(59));
    Throwable stillRemembered = catchThrowable(() -> serde.deserializer().deserialize("clicks", frame));
    int requestsWithinTtl = scripted.requests();
    time.advance(Duration.ofSeconds(2));
    ClickEvent read = serde.deserializer().deserialize("clicks", frame);

    // Then: dead-lettered while the reference is missing, read once it is there again
    assertThat(missing).isInstanceOfSatisfying(AvroDecodingException.class,
        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
    assertThat(stillRemembered).isInstanceOf(AvroDecodingException.class);
    assertThat(requestsWithinTtl).isEqualTo(2);
    assertThat(read).isEqualTo(SampleEvents.click());
  }

  @Test
  void shouldResolveReferencesByNameFirstOneWinsInADiamondWithTwoVersionsOfOneType() throws Exception {
    // Given: Order -> Price -> Money v1 and Order -> Refund -> Money v2
    embedded = EmbeddedSchemaRegistry.start(0);
    register("money", MONEY_V1, List.of());
    register("money", MONEY_V2, List.of());
    register("price", "{\"type\":\"record\",\"name\":\"Price\",\"namespace\":\"com.acme\",\"fields\":["
        + "{\"name\":\"amount\",\"type\":\"com.acme.Money\"}]}", List.of(reference("com.acme.Money", "money", 1)));
    register("refund", "{\"type\":\"record\",\"name\":\"Refund\",\"namespace\":\"com.acme\",\"fields\":["
        + "{\"name\":\"amount\",\"type\":\"com.acme.Money\"}]}", List.of(reference("com.acme.Money", "money", 2)));
    int orderId = register("orders-value", "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\","
        + "\"fields\":[{\"name\":\"price\",\"type\":\"com.acme.Price\"},{\"name\":\"refund\",\"type\":\"com.acme.Refund\"}]}",
        List.of(reference("com.acme.Price", "price", 1), reference("com.acme.Refund", "refund", 1)));
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(embedded.url()).time(time).build();

    // When
    Schema order = client.schemaById(orderId);

    // Then: Money as Price's reference defines it, version 1; Avro cannot define it twice
    Schema money = order.getField("refund").schema().getField("amount").schema();
    assertThat(money.getFields()).extracting(Schema.Field::name).containsExactly("cents");
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

  @Test
  void shouldFetchAReferencedVersionOnceForAllSchemasThatUseIt() throws Exception {
    // Given: two schema ids (say two versions of a subject) that both use Money version 1
    embedded = EmbeddedSchemaRegistry.start(0);
    register("money", MONEY_V1, List.of());
    int price = register("price", "{\"type\":\"record\",\"name\":\"Price\",\"namespace\":\"com.acme\",\"fields\":["
        + "{\"name\":\"amount\",\"type\":\"com.acme.Money\"}]}", List.of(reference("com.acme.Money", "money", 1)));
    int refund = register("refund", "{\"type\":\"record\",\"name\":\"Refund\",\"namespace\":\"com.acme\",\"fields\":["
        + "{\"name\":\"amount\",\"type\":\"com.acme.Money\"}]}", List.of(reference("com.acme.Money", "money", 1)));
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(embedded.url()).time(time).build();
    int before = embedded.requestCount();

    // When
    client.schemaById(price);
    client.schemaById(refund);

    // Then: both ids, and Money once
    assertThat(embedded.requestCount() - before).isEqualTo(3);
  }

  private static final String MONEY_V1 = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\","
      + "\"fields\":[{\"name\":\"cents\",\"type\":\"long\"}]}";
  private static final String MONEY_V2 = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\","
      + "\"fields\":[{\"name\":\"cents\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}";

  private static Map<String, Object> reference(String name, String subject, int version) {
    return Map.of("name", name, "subject", subject, "version", version);
  }

  /** Registers {@code schema} with {@code references} under {@code subject} over HTTP; its id. */
  private int register(String subject, String schema, List<Map<String, Object>> references) throws Exception {
    String body = JSON.writeValueAsString(Map.of("schema", schema, "references", references));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(embedded.url() + "/subjects/" + subject + "/versions"))
            .header("Content-Type", RegistryTransport.CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asInt();
  }

  /** A {@code GET /schemas/ids/{id}} answer: the click schema naming ClickType, which it references. */
  private static String clickAnswerReferencingClickType() throws Exception {
    ObjectNode clickSchema = (ObjectNode) JSON.readTree(ClickEvent.getClassSchema().toString());
    clickSchema.withArray("fields").forEach(field -> {
      if (field.get("name").asText().equals("type")) {
        ((ObjectNode) field).put("type", ClickType.getClassSchema().getFullName());
      }
    });
    return JSON.writeValueAsString(Map.of("schema", clickSchema.toString(),
        "references", List.of(reference(ClickType.getClassSchema().getFullName(), "click-type", 1))));
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
