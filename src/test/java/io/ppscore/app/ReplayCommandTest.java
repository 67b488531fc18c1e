package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code replay} checks its options before it reads the configuration or reaches a broker. */
class ReplayCommandTest {

  @Test
  void shouldRefuseANegativeLimitNamingTheOptionBeforeAnyNetworkWork() {
    // Given a broker address where nothing listens (the preflight would wait for it)
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    long start = System.nanoTime();

    // When
    int exit = cli.execute("replay", "--format", "online-retail", "--limit", "-3", "--bootstrap-servers", "127.0.0.1:9");

    // Then it fails at once naming --limit (it used to fail after the Kafka preflight, as "limit must not be negative")
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("ppscore replay: --limit must not be negative, was -3" + System.lineSeparator());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
