package io.ppscore.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema V1 = SchemaBuilder.record("Thing").fields().requiredString("id").endRecord();
  private static final Schema V2 = SchemaBuilder.record("Thing").fields().requiredString("id").optionalString("note").endRecord();
  private static final Schema INCOMPATIBLE = SchemaBuilder.record("Thing").fields().requiredString("id").requiredInt("n").endRecord();

  private final HttpClient http = HttpClient.newHttpClient();
  private final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0);

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void shouldAnswerConfigWithBackwardCompatibility() throws Exception {
    // When
    HttpResponse<String> response = get("/config");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(json(response).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void shouldRegisterListAndServeVersions() throws Exception {
    // Given
    HttpResponse<String> first = post("/subjects/things-value/versions", schemaBody(V1));
    HttpResponse<String> second = post("/subjects/things-value/versions", schemaBody(V2));

    // When
    HttpResponse<String> subjects = get("/subjects");
    HttpResponse<String> versions = get("/subjects/things-value/versions");
    HttpResponse<String> latest = get("/subjects/things-value/versions/latest");
    HttpResponse<String> byId = get("/schemas/ids/" + json(first).get("id").asInt());
    HttpResponse<String> lookup = post("/subjects/things-value", schemaBody(V1));

    // Then
    assertThat(json(first).get("id").asInt()).isEqualTo(1);
    assertThat(json(second).get("id").asInt()).isEqualTo(2);
    assertThat(json(subjects).toString()).isEqualTo("[\"things-value\"]");
    assertThat(json(versions).toString()).isEqualTo("[1,2]");
    assertThat(json(latest).get("version").asInt()).isEqualTo(2);
    assertThat(new Schema.Parser().parse(json(latest).get("schema").asText())).isEqualTo(V2);
    assertThat(new Schema.Parser().parse(json(byId).get("schema").asText())).isEqualTo(V1);
    assertThat(json(lookup).get("version").asInt()).isEqualTo(1);
    assertThat(json(lookup).get("subject").asText()).isEqualTo("things-value");
  }

  @Test
  void shouldAcceptNormalizeAndDeletedQueryParametersAsConfluentDoes() throws Exception {
    // Given: the schema as a pretty-printed .avsc
    String avsc = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(V1.toString()));
    HttpResponse<String> registered = post("/subjects/things-value/versions?normalize=true",
        JSON.writeValueAsString(Map.of("schema", avsc)));

    // When
    HttpResponse<String> lookup = post("/subjects/things-value?normalize=true", schemaBody(V1));
    HttpResponse<String> version = get("/subjects/things-value/versions/1?deleted=true");

    // Then: the parameters change nothing here, schemas are compared parsed
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    assertThat(json(lookup).get("id").asInt()).isEqualTo(json(registered).get("id").asInt());
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(new Schema.Parser().parse(json(version).get("schema").asText())).isEqualTo(V1);
  }

  @Test
  void shouldAnswerSubjectNotFoundWithConfluentErrorBody() throws Exception {
    // When
    HttpResponse<String> response = get("/subjects/nothing-value/versions/latest");

    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(40401);
    assertThat(json(response).get("message").asText()).contains("nothing-value");
  }

  @Test
  void shouldAnswerVersionNotFoundWith40402() throws Exception {
    // Given
    post("/subjects/things-value/versions", schemaBody(V1));

    // When
    HttpResponse<String> response = get("/subjects/things-value/versions/5");

    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(40402);
  }

  @Test
  void shouldAnswerUnknownSchemaIdWith40403() throws Exception {
    // When
    HttpResponse<String> response = get("/schemas/ids/42");

    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(40403);
  }

  @Test
  void shouldRejectIncompatibleSchemaWith409() throws Exception {
    // Given
    post("/subjects/things-value/versions", schemaBody(V1));

    // When
    HttpResponse<String> response = post("/subjects/things-value/versions", schemaBody(INCOMPATIBLE));

    // Then
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(409);
  }

  @Test
  void shouldRejectUnparsableSchemaWith42201() throws Exception {
    // When
    HttpResponse<String> response = post("/subjects/things-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"nope\\\"}\"}");

    // Then
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(42201);
  }

  @Test
  void shouldRegisterSchemaWithReferencesAndServeItAsRegistered() throws Exception {
    // Given
    Schema money = SchemaBuilder.record("Money").namespace("com.acme").fields().requiredString("amount").endRecord();
    post("/subjects/money/versions", schemaBody(money));
    String priced = "{\"type\":\"record\",\"name\":\"Priced\",\"fields\":[{\"name\":\"price\",\"type\":\"com.acme.Money\"}]}";
    List<Map<String, Object>> references = List.of(Map.of("name", "com.acme.Money", "subject", "money", "version", 1));

    // When
    HttpResponse<String> registered = post("/subjects/priced-value/versions",
        JSON.writeValueAsString(Map.of("schema", priced, "references", references)));
    int id = json(registered).get("id").asInt();
    HttpResponse<String> byId = get("/schemas/ids/" + id);
    HttpResponse<String> latest = get("/subjects/priced-value/versions/latest");

    // Then
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    assertThat(json(byId).get("schema").asText()).isEqualTo(priced);
    assertThat(json(byId).get("references")).isEqualTo(JSON.valueToTree(references));
    assertThat(json(latest).get("references")).isEqualTo(JSON.valueToTree(references));
    assertThat(registry.registry().schemaById(id).getField("price").schema()).isEqualTo(money);
  }

  @Test
  void shouldRejectReferenceToMissingSubjectWith42201() throws Exception {
    // Given
    String priced = "{\"type\":\"record\",\"name\":\"Priced\",\"fields\":[{\"name\":\"price\",\"type\":\"com.acme.Money\"}]}";

    // When
    HttpResponse<String> response = post("/subjects/priced-value/versions", JSON.writeValueAsString(Map.of("schema", priced,
        "references", List.of(Map.of("name", "com.acme.Money", "subject", "money", "version", 1)))));

    // Then
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(42201);
  }

  @Test
  void shouldRejectInvalidVersionWith42202() throws Exception {
    // Given
    post("/subjects/things-value/versions", schemaBody(V1));

    // When
    HttpResponse<String> response = get("/subjects/things-value/versions/first");

    // Then
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(42202);
  }

  @Test
  void shouldDecodePercentEncodedSubjectNames() throws Exception {
    // When
    post("/subjects/shop%2Bclicks%20v2-value/versions", schemaBody(V1));

    // Then
    assertThat(registry.registry().subjects()).containsExactly("shop+clicks v2-value");
  }

  @Test
  void shouldAnswer401WithoutRequiredCredentialsAnd200WithThem() throws Exception {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:pw")) {
      // Given
      URI config = URI.create(secured.url() + "/config");
      String credentials = "Basic " + Base64.getEncoder().encodeToString("ppscore:pw".getBytes(StandardCharsets.UTF_8));

      // When
      HttpResponse<String> anonymous = send(HttpRequest.newBuilder(config).GET().build());
      HttpResponse<String> authenticated = send(HttpRequest.newBuilder(config).header("Authorization", credentials).GET().build());

      // Then
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      assertThat(json(anonymous).get("error_code").asInt()).isEqualTo(401);
      assertThat(authenticated.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldReleasePortOnClose() {
    // Given
    URI config = URI.create(registry.url() + "/config");

    // When
    registry.close();

    // Then
    assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> send(HttpRequest.newBuilder(config).GET().build()));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET().build());
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(registry.url() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String schemaBody(Schema schema) throws IOException {
    return JSON.writeValueAsString(Map.of("schema", schema.toString()));
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
