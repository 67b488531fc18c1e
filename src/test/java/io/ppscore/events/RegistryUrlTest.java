package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.config.AppConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A registry URL the HTTP client cannot use must fail at start-up with a message naming the key; a request
 * that still cannot be sent must be a registry failure (the task fails), never an unchecked exception that
 * the processing exception handler would blame on the record and dead-letter.
 */
class RegistryUrlTest {

  private static HttpSchemaRegistryClient fromUrl(String url) {
    return HttpSchemaRegistryClient.fromConfig(new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, url)));
  }

  @Test
  void shouldRejectConfluentStyleListOfUrlsAtStartUpNamingTheKey() {
    // When / Then
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> fromUrl("http://sr1:8081,http://sr2:8081"))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_URL_CONFIG)
        .withMessageContaining("one URL")
        .withMessageContaining("load balancer");
  }

  @Test
  void shouldRejectHostNameWithUnderscoreAtStartUp() {
    // When / Then
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> fromUrl("http://registry_1:8081"))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_URL_CONFIG)
        .withMessageContaining("host name");
  }

  @Test
  void shouldRejectUrlWithoutHostAtStartUp() {
    // When / Then
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> HttpSchemaRegistryClient.builder("http:///"))
        .withMessageContaining("host name");
  }

  @Test
  void shouldRejectUrlWithQueryOrFragmentAtStartUp() {
    // When / Then
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> HttpSchemaRegistryClient.builder("https://sr.example.com:8081/ccompat#x"))
        .withMessageContaining("fragment");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> HttpSchemaRegistryClient.builder("https://sr.example.com:8081/?a=b"))
        .withMessageContaining("query");
  }

  @Test
  void shouldAcceptUsualRegistryUrls() {
    // When / Then: no exception
    HttpSchemaRegistryClient.builder("http://schema-registry:8081").build();
    HttpSchemaRegistryClient.builder("https://sr.example.com/apis/ccompat/v7/").build();
    HttpSchemaRegistryClient.builder("http://10.0.0.7:8081").build();
    HttpSchemaRegistryClient.builder("http://[::1]:8081").build();
  }

  @Test
  void shouldReportRequestTheHttpClientRefusesAsRegistryFailureNotAsUncheckedException() {
    // Given: a transport on a URL the builder would have refused (java.net.http: "unsupported URI")
    RegistryTransport transport = new RegistryTransport(URI.create("http://registry_1:8081"), Optional.empty(),
        Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), RegistryRetries.DEFAULT, RegistryTime.SYSTEM);

    // When / Then
    assertThatExceptionOfType(SchemaRegistryException.class)
        .isThrownBy(() -> transport.get("/schemas/ids/1"))
        .withMessageContaining("GET /schemas/ids/1")
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_URL_CONFIG)
        .satisfies(e -> assertThat(e).isNotInstanceOf(SerializationException.class));
  }
}
