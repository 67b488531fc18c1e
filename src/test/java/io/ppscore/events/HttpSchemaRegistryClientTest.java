package io.ppscore.events;

import static io.ppscore.events.ScriptedRegistryServer.Answer.error;
import static io.ppscore.events.ScriptedRegistryServer.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

  private static final String PASSWORD = "s3cret-Pa55";

  private final EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.start(0);
  private final FakeRegistryTime time = new FakeRegistryTime();
  private final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(server.url()).time(time).build();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldRegisterAndLookUpSchemaOverHttp() {
    // Given
    int id = client.register("clicks-value", ClickEvent.getClassSchema());
    HttpSchemaRegistryClient freshClient = HttpSchemaRegistryClient.builder(server.url()).build();

    // When
    int lookedUp = freshClient.lookupId("clicks-value", ClickEvent.getClassSchema());

    // Then
    assertThat(lookedUp).isEqualTo(id);
    assertThat(server.registry().latest("clicks-value").schema()).isEqualTo(ClickEvent.getClassSchema());
  }

  @Test
  void shouldFetchSchemaByIdAndLatestVersionOverHttp() {
    // Given
    server.registry().register("carts-value", CartEvent.getClassSchema());
    int id = server.registry().register("clicks-value", ClickEvent.getClassSchema());

    // When
    Schema byId = client.schemaById(id);
    RegisteredSchema latest = client.latest("clicks-value");

    // Then
    assertThat(byId).isEqualTo(ClickEvent.getClassSchema());
    assertThat(latest).isEqualTo(new RegisteredSchema("clicks-value", id, 1, ClickEvent.getClassSchema()));
  }

  @Test
  void shouldThrowUnknownSchemaIdExceptionWhenRegistryAnswers404() {
    // When / Then
    assertThatExceptionOfType(UnknownSchemaIdException.class)
        .isThrownBy(() -> client.schemaById(77))
        .withMessageContaining("/schemas/ids/77")
        .withMessageContaining("HTTP 404")
        .withMessageContaining("40403")
        .satisfies(e -> assertThat(e.schemaId()).isEqualTo(77));
  }

  @Test
  void shouldNameSubjectNotFoundWhenLookingUpUnregisteredSubject() {
    // When / Then
    assertThatExceptionOfType(SchemaNotFoundException.class)
        .isThrownBy(() -> client.lookupId("nothing-value", ClickEvent.getClassSchema()))
        .withMessageContaining("POST /subjects/nothing-value")
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldLookUpAgainWithNormalizeWhenTheRegistryComparedTheTextAsSent() {
    // Given: Apicurio's ccompat API, holding the .avsc pretty-printed: the compact text is not found as sent
    try (ScriptedRegistryServer apicurio = new ScriptedRegistryServer(error(404, 40403, "Schema not found"),
        json(200, "{\"subject\":\"clicks-value\",\"version\":1,\"id\":5}"))) {
      HttpSchemaRegistryClient apicurioClient = HttpSchemaRegistryClient.builder(apicurio.url()).time(time).build();

      // When
      int id = apicurioClient.lookupId("clicks-value", ClickEvent.getClassSchema());

      // Then
      assertThat(id).isEqualTo(5);
      assertThat(apicurio.paths()).containsExactly("/subjects/clicks-value", "/subjects/clicks-value?normalize=true");
    }
  }

  @Test
  void shouldNotRegisterAgainASchemaTheSubjectHoldsInOtherText() {
    // Given
    try (ScriptedRegistryServer apicurio = new ScriptedRegistryServer(error(404, 40403, "Schema not found"),
        json(200, "{\"subject\":\"clicks-value\",\"version\":1,\"id\":5}"))) {
      HttpSchemaRegistryClient apicurioClient = HttpSchemaRegistryClient.builder(apicurio.url()).time(time).build();

      // When
      int id = apicurioClient.register("clicks-value", ClickEvent.getClassSchema());

      // Then: found, so no duplicate version
      assertThat(id).isEqualTo(5);
      assertThat(apicurio.paths()).containsExactly("/subjects/clicks-value", "/subjects/clicks-value?normalize=true");
    }
  }

  @Test
  void shouldRegisterASchemaThatNeitherLookUpFinds() {
    // Given
    try (ScriptedRegistryServer scripted = new ScriptedRegistryServer(error(404, 40403, "Schema not found"),
        error(404, 40403, "Schema not found"), json(200, "{\"id\":9}"))) {
      HttpSchemaRegistryClient scriptedClient = HttpSchemaRegistryClient.builder(scripted.url()).time(time).build();

      // When
      int id = scriptedClient.register("clicks-value", ClickEvent.getClassSchema());

      // Then
      assertThat(id).isEqualTo(9);
      assertThat(scripted.paths()).containsExactly("/subjects/clicks-value", "/subjects/clicks-value?normalize=true",
          "/subjects/clicks-value/versions");
    }
  }

  @Test
  void shouldReportTheFirstAnswerWhenTheRegistryRefusesNormalize() {
    // Given
    try (ScriptedRegistryServer scripted = new ScriptedRegistryServer(error(404, 40403, "Schema not found"),
        error(400, 400, "Unrecognized field: normalize"))) {
      HttpSchemaRegistryClient scriptedClient = HttpSchemaRegistryClient.builder(scripted.url()).time(time).build();

      // When / Then
      assertThatExceptionOfType(SchemaNotFoundException.class)
          .isThrownBy(() -> scriptedClient.lookupId("clicks-value", ClickEvent.getClassSchema()))
          .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40403));
    }
  }

  @Test
  void shouldReportACredentialRefusalOfTheSecondLookUpInsteadOfRegisteringAgain() {
    // Given: the look-up as sent finds nothing, the normalized one is refused for its credentials
    try (ScriptedRegistryServer scripted = new ScriptedRegistryServer(error(404, 40403, "Schema not found"),
        error(401, 401, "Unauthorized"), json(200, "{\"id\":9}"))) {
      HttpSchemaRegistryClient scriptedClient = HttpSchemaRegistryClient.builder(scripted.url()).time(time).build();

      // When / Then: the refusal is reported as it is, and no version is registered on a 'not found'
      assertThatExceptionOfType(SchemaRegistryException.class)
          .isThrownBy(() -> scriptedClient.register("clicks-value", ClickEvent.getClassSchema()))
          .isNotInstanceOf(SchemaNotFoundException.class)
          .withMessageContaining("credentials");
      assertThat(scripted.paths()).containsExactly("/subjects/clicks-value", "/subjects/clicks-value?normalize=true");
    }
  }

  @Test
  void shouldNotAskWithNormalizeWhenTheSubjectDoesNotExist() {
    // Given
    try (ScriptedRegistryServer scripted = new ScriptedRegistryServer(error(404, 40401, "Subject not found"),
        json(200, "{\"id\":9}"))) {
      HttpSchemaRegistryClient scriptedClient = HttpSchemaRegistryClient.builder(scripted.url()).time(time).build();

      // When
      int id = scriptedClient.register("clicks-value", ClickEvent.getClassSchema());

      // Then
      assertThat(id).isEqualTo(9);
      assertThat(scripted.paths()).containsExactly("/subjects/clicks-value", "/subjects/clicks-value/versions");
    }
  }

  @Test
  void shouldReportIncompatibleSchemaWithPathStatusAndErrorCode() {
    // Given
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("id").endRecord();
    Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("id").requiredInt("count").endRecord();
    client.register("things-value", v1);

    // When / Then
    assertThatExceptionOfType(IncompatibleSchemaException.class)
        .isThrownBy(() -> client.register("things-value", v2))
        .withMessageContaining("POST /subjects/things-value/versions")
        .withMessageContaining("HTTP 409")
        .withMessageContaining("incompatible");
  }

  @Test
  void shouldAnswerRepeatedCallsFromCacheWithoutAskingRegistry() {
    // Given
    int id = client.register("clicks-value", ClickEvent.getClassSchema());
    int requestsAfterRegister = server.requestCount();

    // When
    client.register("clicks-value", ClickEvent.getClassSchema());
    client.lookupId("clicks-value", ClickEvent.getClassSchema());
    client.schemaById(id);
    client.schemaById(id);

    // Then
    assertThat(server.requestCount()).isEqualTo(requestsAfterRegister);
  }

  @Test
  void shouldDeadLetterRepeatedUnknownSchemaIdWithoutARegistryCallPerRecord() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());
    byte[] unknownId = WireFormat.frame(4242, new byte[] {2, 'x'});

    // When
    for (int i = 0; i < 100; i++) {
      assertThatExceptionOfType(AvroDecodingException.class)
          .isThrownBy(() -> serde.deserializer().deserialize("clicks", unknownId))
          .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID));
    }

    // Then: asked twice, a second apart, for the first record only
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void shouldReadSchemaIdThatALaggingRegistryDidNotKnowAtFirst() {
    // Given: a replica that answers 40403 for a schema registered a moment ago, then knows it
    try (ScriptedRegistryServer lagging = new ScriptedRegistryServer(error(404, 40403, "Schema 7 not found"),
        ScriptedRegistryServer.Answer.schema(ClickEvent.getClassSchema().toString()))) {
      HttpSchemaRegistryClient laggingClient = HttpSchemaRegistryClient.builder(lagging.url()).time(time).build();

      // When
      Schema schema = laggingClient.schemaById(7);

      // Then: the record is read, not dead-lettered as UNKNOWN_SCHEMA_ID
      assertThat(schema).isEqualTo(ClickEvent.getClassSchema());
      assertThat(lagging.paths()).containsExactly("/schemas/ids/7", "/schemas/ids/7");
      assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldReadAWriterSchemaWhoseFieldHasAnInvalidDefault() {
    // Given: a producer's schema registered with a registry that never validated defaults
    String writer = ClickEvent.getClassSchema().toString().replace("\"fields\":[",
        "\"fields\":[{\"name\":\"extra\",\"type\":\"int\",\"default\":\"abc\"},");
    try (ScriptedRegistryServer registry = new ScriptedRegistryServer(ScriptedRegistryServer.Answer.schema(writer))) {
      HttpSchemaRegistryClient scriptedClient = HttpSchemaRegistryClient.builder(registry.url()).time(time).build();

      // When
      Schema schema = scriptedClient.schemaById(7);

      // Then: the schema is read, so its records are decoded (the reader never uses a writer's default)
      assertThat(schema.getField("extra").schema().getType()).isEqualTo(Schema.Type.INT);
      assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), schema)).isEmpty();
    }
  }

  @Test
  void shouldAskAgainForUnknownSchemaIdAfterFiveSeconds() {
    // Given
    assertThatExceptionOfType(UnknownSchemaIdException.class).isThrownBy(() -> client.schemaById(1));
    server.registry().register("clicks-value", ClickEvent.getClassSchema());

    // When
    time.advance(Duration.ofSeconds(4));
    Throwable withinTtl = org.assertj.core.api.Assertions.catchThrowable(() -> client.schemaById(1));
    time.advance(Duration.ofSeconds(1));
    Schema afterTtl = client.schemaById(1);

    // Then
    assertThat(withinTtl).isInstanceOf(UnknownSchemaIdException.class).hasMessageContaining("less than 5 s ago");
    assertThat(afterTtl).isEqualTo(ClickEvent.getClassSchema());
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void shouldNotWaitForEachIdOfAFloodOfUnknownIds() {
    // Given: a wait for id 77 that did not help
    assertThatExceptionOfType(UnknownSchemaIdException.class).isThrownBy(() -> client.schemaById(77));

    // When: other unknown ids within 10 s, then one later
    for (int id = 78; id < 100; id++) {
      int unknown = id;
      assertThatExceptionOfType(UnknownSchemaIdException.class).isThrownBy(() -> client.schemaById(unknown));
    }
    time.advance(Duration.ofSeconds(10));
    assertThatExceptionOfType(UnknownSchemaIdException.class).isThrownBy(() -> client.schemaById(100));

    // Then: waited for 77 and 100 only
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void shouldResolveCachedIdAfterRegistryStops() {
    // Given
    int id = server.registry().register("clicks-value", ClickEvent.getClassSchema());
    client.schemaById(id);

    // When
    server.close();

    // Then
    assertThat(client.schemaById(id)).isEqualTo(ClickEvent.getClassSchema());
  }

  @Test
  void shouldReuseLatestVersionOnlyForItsTimeToLive() {
    // Given
    HttpSchemaRegistryClient ticking = HttpSchemaRegistryClient.builder(server.url())
        .latestTtl(Duration.ofSeconds(30)).time(time).build();
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("id").endRecord();
    Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("id").optionalString("note").endRecord();
    server.registry().register("things-value", v1);
    ticking.latest("things-value");
    server.registry().register("things-value", v2);

    // When
    time.advance(Duration.ofSeconds(29));
    RegisteredSchema withinTtl = ticking.latest("things-value");
    time.advance(Duration.ofSeconds(2));
    RegisteredSchema afterTtl = ticking.latest("things-value");

    // Then
    assertThat(withinTtl.version()).isEqualTo(1);
    assertThat(afterTtl.version()).isEqualTo(2);
  }

  @Test
  void shouldReportUnreachableRegistryAsRetriable() {
    // Given
    server.close();

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> client.schemaById(1))
        .withMessageContaining("GET /schemas/ids/1")
        .withMessageContaining("gave up after");
  }

  @Test
  void shouldMakeOneAttemptOnlyWithZeroRetryBudget() {
    // Given
    server.close();
    HttpSchemaRegistryClient impatient = HttpSchemaRegistryClient.builder(server.url())
        .retryBudget(Duration.ZERO).time(time).build();

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> impatient.schemaById(1))
        .withMessageNotContaining("gave up after");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void shouldFailWith401WhenRegistryRequiresCredentialsAndNoneAreGiven() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:" + PASSWORD)) {
      // Given
      HttpSchemaRegistryClient anonymous = HttpSchemaRegistryClient.builder(secured.url()).build();

      // When / Then
      assertThatExceptionOfType(SchemaRegistryException.class)
          .isThrownBy(() -> anonymous.register("clicks-value", ClickEvent.getClassSchema()))
          .withMessageContaining("HTTP 401")
          .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(401));
    }
  }

  @Test
  void shouldWorkWithBasicAuthCredentials() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:" + PASSWORD)) {
      // Given
      HttpSchemaRegistryClient authenticated = HttpSchemaRegistryClient.builder(secured.url())
          .basicAuth("ppscore:" + PASSWORD).build();

      // When
      int id = authenticated.register("clicks-value", ClickEvent.getClassSchema());

      // Then
      assertThat(authenticated.schemaById(id)).isEqualTo(ClickEvent.getClassSchema());
    }
  }

  @Test
  void shouldNeverRevealPasswordInMessages() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:other")) {
      // Given
      HttpSchemaRegistryClient wrong = HttpSchemaRegistryClient.builder(secured.url())
          .basicAuth("ppscore:" + PASSWORD).build();

      // When / Then
      assertThatExceptionOfType(SchemaRegistryException.class)
          .isThrownBy(() -> wrong.latest("clicks-value"))
          .withMessageContaining("401")
          .withMessageNotContaining(PASSWORD);
      assertThat(wrong.toString()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void shouldConnectFromConfigWithBasicAuth() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:" + PASSWORD)) {
      // Given
      AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, secured.url(),
          AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG, "ppscore:" + PASSWORD));

      // When
      int id = HttpSchemaRegistryClient.fromConfig(config).register("clicks-value", ClickEvent.getClassSchema());

      // Then
      assertThat(secured.registry().schemaById(id)).isEqualTo(ClickEvent.getClassSchema());
    }
  }

  @Test
  void shouldRejectCredentialsInUrlWithoutEchoingThem() {
    // Given
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://ppscore:" + PASSWORD + "@localhost:8081"));

    // When / Then
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> HttpSchemaRegistryClient.fromConfig(config))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_URL_CONFIG)
        .withMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldNameTruststoreKeyWhenTruststoreCannotBeLoaded() {
    // Given
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "https://registry:8081",
        AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_CONFIG, "/does/not/exist.p12",
        AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD));

    // When / Then
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> HttpSchemaRegistryClient.fromConfig(config))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_CONFIG)
        .withMessageContaining("/does/not/exist.p12")
        .withMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldRoundTripRecordThroughSerdeOverHttp() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.autoRegistering());
    AvroSerde<ClickEvent> otherInstance = AvroSerde.forValues(ClickEvent.class,
        HttpSchemaRegistryClient.builder(server.url()).build(), SerdeOptions.lookupOnly());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(otherInstance.deserializer().deserialize("clicks", bytes)).isEqualTo(SampleEvents.click());
    assertThat(otherInstance.serializer().serialize("clicks", SampleEvents.click())).isEqualTo(bytes);
  }
}
