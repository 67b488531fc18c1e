package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import io.ppscore.topology.PurchasingPowerTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The demo's quiet console: errors and ppscore's warnings on the console, everything in the log file. */
class DemoLoggingTest {

  private static FilterReply console(String logger, Level level, String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName(logger);
    event.setLevel(level);
    event.setMessage(message);
    event.setLoggerContext((LoggerContext) LoggerFactory.getILoggerFactory());
    return new DemoLogging.ConsoleFilter().decide(event);
  }

  @Test
  void shouldShowErrorsAndPpscoresWarningsButNotKafkasWarningsTheBrokersLinesOrTheExpectedCurrencyWarning() {
    // Then Kafka's internals show only at ERROR, ppscore's own lines from WARN on
    assertThat(console("org.apache.kafka.clients.producer.internals.Sender", Level.WARN, "CONCURRENT_TRANSACTIONS"))
        .isEqualTo(FilterReply.DENY);
    assertThat(console("org.apache.kafka.streams.processor.internals.StateDirectory", Level.WARN, "temp dir"))
        .isEqualTo(FilterReply.DENY);
    assertThat(console("org.apache.kafka.streams.KafkaStreams", Level.INFO, "State transition")).isEqualTo(FilterReply.DENY);
    assertThat(console("org.apache.kafka.streams.KafkaStreams", Level.ERROR, "stream thread died"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(console("io.ppscore.topology.ScoringProcessor", Level.WARN, "scoring failed")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(console("io.ppscore.embedded.EmbeddedKafka", Level.INFO, "Embedded Kafka ready")).isEqualTo(FilterReply.DENY);
    // the in-process broker's own lines stay in the file, even its ERRORs about a client's retried append
    assertThat(console("kafka.server.ReplicaManager", Level.ERROR, "OutOfOrderSequenceException")).isEqualTo(FilterReply.DENY);
    assertThat(console("org.apache.kafka.controller.QuorumController", Level.WARN, "activation")).isEqualTo(FilterReply.DENY);
    // and the USD sample's foreign-currency warning, which the demo explains itself, stays in the file
    assertThat(console("io.ppscore.topology.ScoringProcessor", Level.WARN, PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldWriteEveryLineToTheFileAndOnlyTheFilteredOnesToTheConsoleUntilClosed(@TempDir Path dir) throws Exception {
    // Given the quiet console, with the console captured (the test configuration logs to System.out)
    Path file = dir.resolve("demo.log");
    PrintStream stdout = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      DemoLogging quiet = DemoLogging.quiet(file).orElseThrow();
      try {
        // When Kafka and ppscore both warn
        LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender").warn("kafka-warning-1");
        LoggerFactory.getLogger("io.ppscore.app.DemoLoggingTest").warn("ppscore-warning-1");
      } finally {
        quiet.close();
      }
      LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender").warn("kafka-warning-2");
    } finally {
      System.setOut(stdout);
    }

    // Then the file has both, the console only ppscore's; once closed, the console is as before
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(Files.readString(file)).contains("kafka-warning-1").contains("ppscore-warning-1")
        .doesNotContain("kafka-warning-2");
    assertThat(printed).contains("ppscore-warning-1").doesNotContain("kafka-warning-1").contains("kafka-warning-2");
  }
}
