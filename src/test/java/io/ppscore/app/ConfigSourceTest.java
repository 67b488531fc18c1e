package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

  @TempDir
  Path dir;

  @Test
  void shouldLayerFileThenEnvironmentThenCommandLine() throws IOException {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "http.port=9000\ntopic.clicks=web-clicks\napplication.id=from-file\n");
    AppConfig config = ConfigSource.load(file, Map.of("PPSCORE_APPLICATION_ID", "from-env", "PPSCORE_HTTP_PORT", "9001"),
        Map.of("http.port", "9002"));
    assertThat(config.clicksTopic()).isEqualTo("web-clicks");
    assertThat(config.applicationId()).isEqualTo("from-env");
    assertThat(config.httpPort()).isEqualTo(9002);
  }

  @Test
  void shouldRefuseAMisspeltKeyInTheFileNamingTheFileAndTheClosestKey() throws IOException {
    // Given keys that are not settings, each in a properties file
    Map<String, String> meant = Map.of("num.standby.replica", "num.standby.replicas", "state.directory", "state.dir",
        "security.protocol", "kafka.security.protocol");
    for (Map.Entry<String, String> misspelt : meant.entrySet()) {
      Path file = Files.writeString(dir.resolve("app.properties"), misspelt.getKey() + "=1\n");

      // Then loading fails naming the key, the file and the key meant
      assertThatThrownBy(() -> ConfigSource.load(file, Map.of(), Map.of()))
          .as(misspelt.getKey()).isInstanceOf(ConfigException.class)
          .hasMessageContaining("unknown configuration key " + misspelt.getKey() + " (from " + file + ")")
          .hasMessageContaining("did you mean " + misspelt.getValue() + "?");
    }
  }

  @Test
  void shouldRefuseAMisspeltKeyInTheEnvironmentOrOnTheCommandLineNamingItsSource() {
    assertThatThrownBy(() -> ConfigSource.load(null, Map.of("PPSCORE_NUM_STREAM_THREAD", "4"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("(from PPSCORE_NUM_STREAM_THREAD); did you mean PPSCORE_NUM_STREAM_THREADS?");
    assertThatThrownBy(() -> ConfigSource.load(null, Map.of(), Map.of("scoring.intervall.ms", "500")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key scoring.intervall.ms (from --set); did you mean scoring.interval.ms?");
  }

  @Test
  void shouldPassAnyKafkaPrefixedKeyAndLeaveVariablesThatAreNotSettingsAlone() {
    // Given the log level logback reads and the service links Kubernetes injects for a service named ppscore
    Map<String, String> env = Map.of("PPSCORE_LOG_LEVEL", "DEBUG", "PPSCORE_SERVICE_HOST", "10.0.0.7",
        "PPSCORE_SERVICE_PORT", "8080", "PPSCORE_SERVICE_PORT_HTTP", "8080", "PPSCORE_PORT", "tcp://10.0.0.7:8080",
        "PPSCORE_PORT_8080_TCP", "tcp://10.0.0.7:8080", "PPSCORE_PORT_8080_TCP_PROTO", "tcp",
        "PPSCORE_PORT_8080_TCP_ADDR", "10.0.0.7", "PPSCORE_KAFKA_SASL_MECHANISM", "PLAIN", "HOME", "/root");

    // When loading with them and a kafka.* key of any name
    AppConfig config = ConfigSource.load(null, env, Map.of("kafka.linger.ms", "5"));

    // Then the kafka.* keys pass and the others are not settings
    assertThat(config.kafkaOverrides()).containsOnly(Map.entry("sasl.mechanism", "PLAIN"), Map.entry("linger.ms", "5"));
    assertThat(config.originals()).doesNotContainKeys("log.level", "service.host", "port");
  }

  @Test
  void shouldRefuseAKafkaPrefixedCopyOfASettingPpscoreReadsItselfNamingTheKeyToSetInstead() throws IOException {
    // Given a file that downgrades the guarantee through kafka.*, and a --set asking for exactly-once
    Path file = Files.writeString(dir.resolve("app.properties"), "kafka.processing.guarantee=at_least_once\n");

    // Then loading fails naming the key and the one to set (kafka.* was given to Kafka Streams last and won)
    assertThatThrownBy(() -> ConfigSource.load(file, Map.of(), Map.of("processing.guarantee", "exactly_once_v2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.processing.guarantee (from " + file + "): set processing.guarantee instead");

    // Given a variable for the endpoint Streams advertises, which ppscore derives from http.advertised.endpoint
    Map<String, String> env = Map.of("PPSCORE_KAFKA_APPLICATION_SERVER", "host:8080");

    // Then loading fails naming the variable to set instead (self and Streams' endpoint would differ)
    assertThatThrownBy(() -> ConfigSource.load(null, env, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.application.server (from PPSCORE_KAFKA_APPLICATION_SERVER): "
            + "set PPSCORE_HTTP_ADVERTISED_ENDPOINT instead");

    // And any other ppscore key given with the prefix fails the same way
    for (String key : java.util.List.of("application.id", "state.dir", "num.stream.threads", "num.standby.replicas",
        "rocksdb.memory.total.bytes", "http.port")) {
      assertThatThrownBy(() -> ConfigSource.load(null, Map.of(), Map.of("kafka." + key, "1")))
          .as(key).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("kafka." + key + " (from --set): set " + key + " instead");
    }
  }

  @Test
  void shouldStillLoadTheDocumentedKafkaPrefixedSettings() {
    // Given the kafka.* keys the README and the config table document, which ppscore reads as Kafka Streams does
    Map<String, String> documented = Map.of("kafka.bootstrap.servers", "kafka-1:9093", "kafka.commit.interval.ms", "30000",
        "kafka.transaction.timeout.ms", "60000", "kafka.producer.transaction.timeout.ms", "60000",
        "kafka.rocksdb.config.setter", "com.example.Setter", "kafka.group.instance.id", "ppscore-0");

    // When
    AppConfig config = ConfigSource.load(null, Map.of(), documented);

    // Then they all reach Kafka
    assertThat(config.kafkaOverrides()).hasSize(documented.size());
  }

  @Test
  void shouldNameWhereABadValueCameFrom() throws IOException {
    Path file = Files.writeString(dir.resolve("app.properties"), "num.stream.threads=many\n");
    assertThatThrownBy(() -> ConfigSource.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value many for configuration num.stream.threads").hasMessageContaining("(from " + file + ")");
    assertThatThrownBy(() -> ConfigSource.load(null, Map.of("PPSCORE_HTTP_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value eighty for configuration http.port").hasMessageEndingWith("(from PPSCORE_HTTP_PORT)");
    assertThatThrownBy(() -> ConfigSource.load(null, Map.of(), Map.of("http.port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port").hasMessageEndingWith("(from --set)");
  }

  @Test
  void shouldNameAMissingConfigurationFile() {
    assertThatThrownBy(() -> ConfigSource.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.properties");
  }
}
