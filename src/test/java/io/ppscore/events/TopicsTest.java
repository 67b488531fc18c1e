package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.state.avro.ActivityBucket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void shouldNameTopicsFromConfig() {
    // Given
    AppConfig config = new AppConfig(Map.of(AppConfig.TOPIC_CLICKS_CONFIG, "shop.clicks",
        AppConfig.TOPIC_DEAD_LETTER_CONFIG, "shop.dlq"));

    // When
    Topics topics = Topics.from(config, registry);

    // Then
    assertThat(topics.clicks().name()).isEqualTo("shop.clicks");
    assertThat(topics.carts().name()).isEqualTo("carts");
    assertThat(topics.orders().name()).isEqualTo("orders");
    assertThat(topics.deadLetter().name()).isEqualTo("shop.dlq");
  }

  @Test
  void shouldKeyEventsByPlainUtf8UserId() {
    // Given
    Topics topics = Topics.from(new AppConfig(Map.of()), registry);

    // When
    byte[] key = topics.orders().keySerde().serializer().serialize("orders", "ü-42");

    // Then
    assertThat(key).isEqualTo("ü-42".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRoundTripClickThroughTopicSerdes() {
    // Given
    Topics topics = Topics.from(new AppConfig(Map.of()), registry);
    Topic<String, ClickEvent> clicks = topics.clicks();

    // When
    byte[] bytes = clicks.valueSerde().serializer().serialize(clicks.name(), SampleEvents.click());

    // Then
    assertThat(clicks.valueSerde().deserializer().deserialize(clicks.name(), bytes)).isEqualTo(SampleEvents.click());
    assertThat(registry.subjects()).containsExactly("clicks-value");
  }

  @Test
  void shouldUseChangelogStyleSubjectsForStoreSerdes() {
    // Given
    Topics topics = Topics.from(new AppConfig(Map.of(AppConfig.APPLICATION_ID_CONFIG, "pp")), registry);
    ActivityBucket bucket = ActivityBucket.newBuilder().setFirstSeen(SampleEvents.TIME).setLastSeen(SampleEvents.TIME).build();

    // When
    topics.bucketSerde().serializer().serialize("pp-user-1h-buckets-changelog", bucket);

    // Then
    assertThat(registry.subjects()).containsExactly("pp-activity-bucket-value");
  }

  @Test
  void shouldFailFastWhenUseLatestIsCombinedWithAutoRegister() {
    // Given
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG, "true"));

    // When / Then
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.from(config, registry))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG);
  }

  @Test
  void shouldRejectBlankTopicName() {
    // When / Then
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topic<>(" ", Serdes.String(), Serdes.String()))
        .withMessageContaining("topic name");
  }
}
