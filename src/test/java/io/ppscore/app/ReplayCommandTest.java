package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} checks its options before it reads the configuration or reaches a broker. */
class ReplayCommandTest {

  @Test
  void shouldRefuseANegativeLimitNamingTheOptionBeforeAnyNetworkWork() {
    // Given a broker address where nothing listens (the preflight would wait for it)
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    // When
    int exit = cli.execute("replay", "--format", "online-retail", "--limit", "-3", "--bootstrap-servers", "127.0.0.1:9");

    // Then it fails naming --limit, before the Kafka preflight (which, where nothing listens, fails with "cannot
    // reach Kafka ..." after its wait; it used to fail after it, as "limit must not be negative")
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("ppscore replay: --limit must not be negative, was -3" + System.lineSeparator());
  }

  @Test
  void shouldSendToTheBootstrapServersOfTheFlagOverTheConfigurationsKafkaPrefixedOnes(@TempDir Path dir) throws Exception {
    // Given a configuration file naming a cluster for Kafka's clients, and the flag naming another
    Path file = Files.writeString(dir.resolve("app.properties"), "kafka.bootstrap.servers=config-cluster:9092\n");
    ReplayCommand command = new ReplayCommand();
    command.bootstrapServers = "flag-cluster:9092";

    // When the configuration is loaded as replay loads it
    AppConfig config = ConfigSource.load(file, Map.of(), command.overrides());

    // Then the flag wins, for the producer as for the start-up line (the config file's kafka. setting used to)
    assertThat(StreamsProperties.bootstrapServers(config)).isEqualTo("flag-cluster:9092");
  }
}
