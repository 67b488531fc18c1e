package io.ppscore.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The demo's quiet console. Every log line still goes, at the usual levels (logback.xml), to a log file; the
 * console shows only errors and ppscore's own warnings ({@link DemoConsoleFilter}). In a demo the broker, its
 * clients and Kafka Streams warn about things that are normal there (transactions of a restarting producer,
 * topics still being created, a state directory under the OS temp directory), and a newcomer reads each WARN
 * as a failure while the progress line scrolls away. {@code run} keeps logback.xml as it is.
 */
final class DemoLogging implements AutoCloseable {

  private static final String FILE_APPENDER = "DEMO_FILE";
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  private final Logger root;
  private final List<ConsoleAppender<ILoggingEvent>> consoles;
  private final FileAppender<ILoggingEvent> file;
  private final DemoConsoleFilter filter;
  private final Path path;

  private DemoLogging(Logger root, List<ConsoleAppender<ILoggingEvent>> consoles, FileAppender<ILoggingEvent> file,
      DemoConsoleFilter filter, Path path) {
    this.root = root;
    this.consoles = consoles;
    this.file = file;
    this.filter = filter;
    this.path = path;
  }

  /**
   * Sends every log line to {@code logFile} as well and keeps only {@link DemoConsoleFilter}'s lines on the console;
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
    DemoConsoleFilter filter = new DemoConsoleFilter();
    filter.start();
    consoles.forEach(console -> console.addFilter(filter));
    return Optional.of(new DemoLogging(root, consoles, file, filter, logFile));
  }

  /** The log file. */
  Path file() {
    return path;
  }

  /**
   * Keeps the foreign-currency warning for users in {@code userCurrencies} scored by a {@code trained} model
   * off the console (in the file only): the demo has said so itself.
   */
  void currenciesExplained(Iterable<String> userCurrencies, String trained) {
    filter.currenciesExplained(userCurrencies, trained);
  }

  /**
   * Puts the console back as logback.xml made it (only the filter added here is removed; logback has no
   * remove, so the others are attached again in their order) and closes the file.
   */
  @Override
  public void close() {
    for (ConsoleAppender<ILoggingEvent> console : consoles) {
      List<Filter<ILoggingEvent>> kept = console.getCopyOfAttachedFiltersList();
      kept.remove(filter);
      console.clearAllFilters();
      kept.forEach(console::addFilter);
    }
    filter.stop();
    root.detachAppender(file);
    file.stop();
  }
}
