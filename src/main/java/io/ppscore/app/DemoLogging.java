package io.ppscore.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.ppscore.topology.PurchasingPowerTopology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The demo's quiet console. Every log line still goes, at the usual levels (logback.xml), to a log file; the
 * console shows only errors and ppscore's own warnings. In a demo the broker, its clients and Kafka Streams
 * warn about things that are normal there (transactions of a restarting producer, topics still being created,
 * a state directory under the OS temp directory), and a newcomer reads each WARN as a failure while the
 * progress line scrolls away. {@code run} keeps logback.xml as it is.
 */
final class DemoLogging implements AutoCloseable {

  private static final String FILE_APPENDER = "DEMO_FILE";
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  private final Logger root;
  private final List<ConsoleAppender<ILoggingEvent>> consoles;
  private final FileAppender<ILoggingEvent> file;

  private DemoLogging(Logger root, List<ConsoleAppender<ILoggingEvent>> consoles, FileAppender<ILoggingEvent> file) {
    this.root = root;
    this.consoles = consoles;
    this.file = file;
  }

  /**
   * Sends every log line to {@code logFile} as well and keeps only {@link ConsoleFilter}'s lines on the console;
   * empty (nothing changed) when logback is not the slf4j backend or logs to no console.
   * Closing undoes it.
   */
  static Optional<DemoLogging> quiet(Path logFile) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return Optional.empty();
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(appender -> {
      if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
        consoles.add(console);
      }
    });
    if (consoles.isEmpty()) {
      return Optional.empty();
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName(FILE_APPENDER);
    file.setFile(logFile.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    ConsoleFilter filter = new ConsoleFilter();
    filter.start();
    consoles.forEach(console -> console.addFilter(filter));
    return Optional.of(new DemoLogging(root, consoles, file));
  }

  /** Puts the console back as logback.xml made it and closes the file. */
  @Override
  public void close() {
    consoles.forEach(ConsoleAppender::clearAllFilters);
    root.detachAppender(file);
    file.stop();
  }

  /** Logger names of the in-process broker (its Scala and Java parts), whose lines go to the file only. */
  private static final List<String> BROKER_LOGGERS = List.of("kafka.", "state.change.logger",
      "org.apache.kafka.controller.", "org.apache.kafka.raft.", "org.apache.kafka.server.", "org.apache.kafka.storage.",
      "org.apache.kafka.coordinator.", "org.apache.kafka.metadata.", "org.apache.kafka.image.", "org.apache.kafka.network.");

  /**
   * Errors of the app, its clients and Kafka Streams, and ppscore's own warnings. Not the in-process broker's
   * lines: it logs its clients' retried errors (an out-of-order sequence of a transactional producer) as its
   * own ERRORs. Not the foreign-currency warning either: the demo replays a USD sample into a model trained on
   * GBP on purpose and says so itself ({@link DemoConsole#printEndpoints}).
   */
  static final class ConsoleFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
      String logger = event.getLoggerName();
      if (BROKER_LOGGERS.stream().anyMatch(logger::startsWith)) {
        return FilterReply.DENY;
      }
      if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
        return FilterReply.NEUTRAL;
      }
      boolean ours = logger.startsWith("io.ppscore.");
      if (ours && event.getLevel().isGreaterOrEqual(Level.WARN)
          && !PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING.equals(event.getMessage())) {
        return FilterReply.NEUTRAL;
      }
      return FilterReply.DENY;
    }
  }
}
