package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.ppscore.topology.PurchasingPowerTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The demo's quiet console: errors and ppscore's warnings on the console, everything in the log file. */
class DemoLoggingTest {

  private final DemoConsoleFilter filter = new DemoConsoleFilter();

  private static LoggingEvent event(String logger, Level level, String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName(logger);
    event.setLevel(level);
    event.setMessage(message);
    event.setLoggerContext((LoggerContext) LoggerFactory.getILoggerFactory());
    return event;
  }

  private FilterReply console(String logger, Level level, String message) {
    return filter.decide(event(logger, level, message));
  }

  private FilterReply console(String logger, Level level, String message, Throwable thrown) {
    LoggingEvent event = event(logger, level, message);
    event.setThrowableProxy(new ThrowableProxy(thrown));
    return filter.decide(event);
  }

  /** The scoring's foreign-currency WARN for users in {@code currency} scored by a {@code trained} model. */
  private FilterReply currencyWarning(String currency, String trained) {
    LoggingEvent event = event("io.ppscore.topology.ScoringProcessor", Level.WARN,
        PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING);
    event.setArgumentArray(new Object[] {currency, trained, currency, trained});
    return filter.decide(event);
  }

  private static final String RETRIED_APPEND = "[ReplicaManager broker=0] Error processing append operation on "
      + "partition pJBo0GX6QJKwj1KCZQEhZg:ppscore-demo-scoring-dirty-users-changelog-2";

  @Test
  void shouldShowErrorsAndPpscoresWarningsButNotKafkasWarningsTheBrokersLinesOrTheExpectedCurrencyWarning() {
    // Given a demo that explained in its Currency line that the USD sample is scored by a GBP model
    filter.currenciesExplained(List.of("USD"), "GBP");

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
    // the in-process broker's lines below ERROR stay in the file, and so do its ERRORs about a client's retried append
    assertThat(console("kafka.server.ReplicaManager", Level.ERROR, RETRIED_APPEND,
        new OutOfOrderSequenceException("Invalid sequence number for producer 2"))).isEqualTo(FilterReply.DENY);
    assertThat(console("org.apache.kafka.controller.QuorumController", Level.WARN, "activation")).isEqualTo(FilterReply.DENY);
    // and the USD sample's foreign-currency warning, which the demo explains itself, stays in the file
    assertThat(currencyWarning("USD", "GBP")).isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldShowTheBrokersErrorsButTheRetriedAppendsOfTransactionalProducers() {
    // When the in-process broker logs errors: that all its log dirs failed (it then halts the JVM), an append
    // failing for another reason, and the demo's usual out-of-order sequence of a restarting producer
    FilterReply logDirsFailed = console("kafka.server.ReplicaManager", Level.ERROR,
        "[ReplicaManager broker=0] Shutdown broker because all log dirs in /tmp/ppscore-kafka-1 have failed");
    FilterReply controllerError = console("org.apache.kafka.controller.QuorumController", Level.ERROR, "fault");
    FilterReply storageError = console("kafka.server.ReplicaManager", Level.ERROR, RETRIED_APPEND,
        new KafkaStorageException("disk full"));
    FilterReply sameExceptionElsewhere = console("kafka.server.KafkaApis", Level.ERROR, RETRIED_APPEND,
        new OutOfOrderSequenceException("Invalid sequence number"));
    FilterReply retriedAppend = console("kafka.server.ReplicaManager", Level.ERROR, RETRIED_APPEND,
        new OutOfOrderSequenceException("Invalid sequence number for producer 2"));

    // Then only the retried append stays off the console (the broker's ERRORs were all hidden, so the demo
    // exited 1 without showing why)
    assertThat(List.of(logDirsFailed, controllerError, storageError, sameExceptionElsewhere))
        .containsOnly(FilterReply.NEUTRAL);
    assertThat(retriedAppend).isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldHideTheForeignCurrencyWarningOnlyForThePairsTheDemoExplained() {
    // Given a USD-trained model (--model-dir): the demo's Currency line names the Online Retail sample's GBP
    filter.currenciesExplained(DemoConsole.foreignSamples("USD").values(), "USD");

    // Then the warning for GBP users stays in the file; one for another pair, which nothing on the console
    // explains, is shown (every foreign-currency warning used to be hidden)
    assertThat(currencyWarning("GBP", "USD")).isEqualTo(FilterReply.DENY);
    assertThat(currencyWarning("USD", "GBP")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(currencyWarning("EUR", "USD")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(console("io.ppscore.topology.ScoringProcessor", Level.WARN, PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void shouldKeepTheConsoleFiltersLogbackXmlSetWhenClosed(@TempDir Path dir) {
    // Given a console with a filter of its own (as logback.xml may set one)
    ConsoleAppender<ILoggingEvent> console = console();
    Filter<ILoggingEvent> own = new ThresholdFilter();
    console.addFilter(own);
    try {
      // When the demo's quiet console is set and closed
      DemoLogging.quiet(dir.resolve("demo.log")).orElseThrow().close();

      // Then the console has its own filter again, and only it (close used to clear every filter)
      assertThat(console.getCopyOfAttachedFiltersList()).containsExactly(own);
    } finally {
      console.clearAllFilters();
    }
  }

  @Test
  void shouldNameTheLogFileAndRestoreTheConsoleWhenTheDemoFails(@TempDir Path dir) {
    // Given the quiet console
    Path file = dir.resolve("demo.log");
    Optional<DemoLogging> logging = DemoLogging.quiet(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // When the demo ends with a failure
    DemoCommand.endLogging(logging, false, new PrintStream(out, true, StandardCharsets.UTF_8));

    // Then it names the log file again, and the console is back as it was
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Demo failed. Its log: " + file + System.lineSeparator());
    assertThat(console().getCopyOfAttachedFiltersList()).isEmpty();
  }

  @Test
  void shouldSayTheDemoStoppedWithoutALogFileWhenVerbose() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // When a --verbose demo (no log file) stops cleanly, and one fails
    DemoCommand.endLogging(Optional.empty(), true, new PrintStream(out, true, StandardCharsets.UTF_8));
    DemoCommand.endLogging(Optional.empty(), false, new PrintStream(out, true, StandardCharsets.UTF_8));

    // Then only the clean stop is reported (the failure's error says the rest)
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Demo stopped." + System.lineSeparator());
  }

  /** The test configuration's console appender. */
  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> console() {
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    return (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
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
