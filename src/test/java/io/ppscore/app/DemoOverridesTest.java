package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DemoOverridesTest {

  @Test
  void shouldAcceptKnownSettingsAndKafkaClientSettings() {
    Map<String, String> overrides = Map.of(AppConfig.SCORING_EMBEDDING_COALESCE_CONFIG, "false",
        "kafka.linger.ms", "5");

    assertThat(DemoCommand.checkedOverrides(overrides)).isEqualTo(overrides);
    AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
        AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:2")).with(overrides);
    assertThat(config.embeddingCoalesce()).isFalse();
  }

  @Test
  void shouldRefuseTheDemosOwnBrokerRegistryStateAndApplicationId() {
    for (String key : DemoCommand.DEMO_OWNED) {
      assertThatThrownBy(() -> DemoCommand.checkedOverrides(Map.of(key, "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key).hasMessageContaining("the demo sets");
    }
  }

  @Test
  void shouldRefuseTheDemosOwnSettingsUnderTheKafkaPrefixAndTheApisHostAndAuthentication() {
    for (String key : java.util.List.of("kafka.bootstrap.servers", "kafka.application.id", "kafka.state.dir",
        AppConfig.HTTP_HOST_CONFIG, AppConfig.HTTP_AUTH_ENABLED_CONFIG, AppConfig.HTTP_AUTH_TOKEN_CONFIG)) {
      assertThatThrownBy(() -> DemoCommand.checkedOverrides(Map.of(key, "x")))
          .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the demo sets");
    }
  }

  @Test
  void shouldRefuseAnUnknownSettingByNameAndABadValue() {
    assertThatThrownBy(() -> DemoCommand.checkedOverrides(Map.of("scoring.intervall.ms", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key scoring.intervall.ms (from --set); did you mean scoring.interval.ms?");
    assertThatThrownBy(() -> DemoCommand.checkedOverrides(Map.of("scoring.interval.ms", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.interval.ms").hasMessageEndingWith("(from --set)");
  }

  @Test
  void shouldParseRepeatedSetOptionsOnTheCommandLine() {
    DemoCommand demo = new DemoCommand();
    new picocli.CommandLine(demo).parseArgs("--set", "scoring.interval.ms=500", "--set",
        "scoring.embedding.coalesce=false");

    assertThat(demo.overrides).containsEntry("scoring.interval.ms", "500")
        .containsEntry("scoring.embedding.coalesce", "false");
  }
}
