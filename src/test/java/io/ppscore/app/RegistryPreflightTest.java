package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code run} and {@code replay} check the registry before starting, so a misconfiguration is one clear message. */
class RegistryPreflightTest {

  private final EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.start(0);

  @AfterEach
  void stop() {
    server.close();
  }

  private static void check(String url) {
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
    RegistryPreflight.check(config, HttpSchemaRegistryClient.fromConfig(config));
  }

  @Test
  void shouldPassWhenRegistryAnswersEvenIfNoSubjectIsRegisteredYet() {
    assertThatNoException().isThrownBy(() -> check(server.url()));
  }

  @Test
  void shouldFailStartNamingUrlKeyWhenBaseUrlIsWrong() {
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> check(server.url() + "/apis/ccompat/v7"))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_URL_CONFIG)
        .withMessageContaining("base URL is probably wrong");
  }

  @Test
  void shouldFailStartWhenRegistryRefusesTheCredentials() {
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "ppscore:secret")) {
      assertThatExceptionOfType(IllegalStateException.class)
          .isThrownBy(() -> check(secured.url()))
          .withMessageContaining("HTTP 401")
          .withMessageContaining(AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG);
    }
  }

  @Test
  void shouldFailStartWhenRegistryIsUnreachable() {
    // Given: a client that does not ask again for a minute first
    String url = server.url();
    server.close();
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
    HttpSchemaRegistryClient impatient = HttpSchemaRegistryClient.builder(url).retryBudget(Duration.ofMillis(300)).build();

    // When / Then
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> RegistryPreflight.check(config, impatient))
        .withMessageContaining("cannot use the schema registry at " + url)
        .withMessageContaining("unreachable");
  }
}
