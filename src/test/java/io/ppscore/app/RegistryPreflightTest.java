package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.topology.PurchasingPowerTopology;
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

  private AppConfig lookupOnly() {
    return new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
        AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG, false));
  }

  /** Registers what an auto-registering instance of the same application registers, but the activity bucket. */
  private void registerOwnSchemasButTheBucket(SchemaRegistry registry) {
    AppConfig writer = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url()));
    Topics topics = Topics.from(writer, registry);
    topics.userEventSerde().ownSchemaId(PurchasingPowerTopology.rekeyTopic(writer.applicationId()));
    topics.userEventSerde().ownSchemaId(writer.deadLetterTopic());
    topics.profileSerde().ownSchemaId("store");
    topics.riskStateSerde().ownSchemaId("store");
    ((io.ppscore.events.AvroSerde<?>) topics.riskFlags().valueSerde()).ownSchemaId(writer.riskFlagsTopic());
  }

  @Test
  void shouldRefuseToStartWithoutAutoRegistrationNamingEveryOwnSubjectNotRegistered() {
    // Given auto-registration off and a registry without any of ppscore's own schemas
    AppConfig config = lookupOnly();

    // When / Then the start is refused, naming the subjects to register
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> RegistryPreflight.checkOwnSchemas(config, HttpSchemaRegistryClient.fromConfig(config), false))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG + " is false")
        .withMessageContaining(Topics.storeSubject(config, Topics.BUCKET_SUBJECT_NAME) + " (ActivityBucket.avsc)")
        .withMessageContaining(Topics.storeSubject(config, Topics.PROFILE_SUBJECT_NAME) + " (UserProfile.avsc)")
        .withMessageContaining(PurchasingPowerTopology.rekeyTopic(config.applicationId()) + "-value (UserEvent.avsc)")
        .withMessageContaining(config.deadLetterTopic() + "-value (UserEvent.avsc)");
  }

  @Test
  void shouldNameOnlyTheOwnSubjectThatIsNotRegistered() {
    // Given auto-registration off and every own schema registered but the activity bucket's
    AppConfig config = lookupOnly();
    SchemaRegistry registry = HttpSchemaRegistryClient.fromConfig(config);
    registerOwnSchemasButTheBucket(registry);

    // When / Then the start is refused naming the bucket subject only
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> RegistryPreflight.checkOwnSchemas(config, HttpSchemaRegistryClient.fromConfig(config), false))
        .satisfies(e -> assertThat(e.getMessage())
            .contains("subject(s) " + Topics.storeSubject(config, Topics.BUCKET_SUBJECT_NAME) + " (ActivityBucket.avsc):")
            .doesNotContain(Topics.PROFILE_SUBJECT_NAME));
  }

  @Test
  void shouldStartWithoutAutoRegistrationOnceEveryOwnSchemaIsRegistered() {
    // Given auto-registration off and every own schema registered (scoring off)
    AppConfig config = lookupOnly();
    SchemaRegistry registry = HttpSchemaRegistryClient.fromConfig(config);
    registerOwnSchemasButTheBucket(registry);
    Topics.from(new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url())), registry)
        .bucketSerde().ownSchemaId("store");

    // When / Then it starts
    assertThatNoException().isThrownBy(
        () -> RegistryPreflight.checkOwnSchemas(config, HttpSchemaRegistryClient.fromConfig(config), false));
  }

  @Test
  void shouldNameTheScoresTopicsSubjectWhenScoringAndItsSchemaIsNotRegistered() {
    // Given auto-registration off, scoring on, and every schema registered but the scores topic's (its first
    // write failed at the sink, failing the task; the state stores were checked, the output topics were not)
    AppConfig config = lookupOnly();
    SchemaRegistry registry = HttpSchemaRegistryClient.fromConfig(config);
    registerOwnSchemasButTheBucket(registry);
    Topics writer = Topics.from(new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url())), registry);
    writer.bucketSerde().ownSchemaId("store");
    writer.textProfileSerde().ownSchemaId("store");
    writer.dirtyUserSerde().ownSchemaId("store");
    writer.latestScoreSerde().ownSchemaId("store");

    // When / Then the start is refused naming the scores topic's subject only
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> RegistryPreflight.checkOwnSchemas(config, HttpSchemaRegistryClient.fromConfig(config), true))
        .satisfies(e -> assertThat(e.getMessage())
            .contains("subject(s) " + config.scoresTopic() + "-value (schemas/output/UserScore.avsc):"));
  }

  @Test
  void shouldNotLookUpOwnSchemasWithAutoRegistration() {
    // Given auto-registration on (the default) and an empty registry
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url()));

    // When / Then it starts: the schemas are registered on first use
    assertThatNoException().isThrownBy(
        () -> RegistryPreflight.checkOwnSchemas(config, HttpSchemaRegistryClient.fromConfig(config), true));
  }
}
