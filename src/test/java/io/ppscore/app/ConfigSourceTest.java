package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
  void shouldNameAMissingConfigurationFile() {
    assertThatThrownBy(() -> ConfigSource.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.properties");
  }
}
