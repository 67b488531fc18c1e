package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeConfigTableTest {

  private static final String START = "<!-- config-table:start -->\n";
  private static final String END = "<!-- config-table:end -->";

  @Test
  void shouldDocumentEveryConfigurationKeyInTheReadmeExactlyAsConfigDescribePrintsIt() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("README has the config table markers").isNotNegative();
    String table = readme.substring(from + START.length(), to);
    assertThat(table)
        .as("README configuration table; regenerate with: java -jar target/ppscore.jar config --describe")
        .isEqualTo(ConfigCommand.markdown(AppConfig.definition()));
  }
}
