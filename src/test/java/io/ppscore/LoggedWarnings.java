package io.ppscore;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Captures what a logger and those below it log during each test ({@code @RegisterExtension}). */
public final class LoggedWarnings implements BeforeEachCallback, AfterEachCallback {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  /** @param loggerName e.g. {@code io.ppscore.inference} for every inference class's logger */
  public LoggedWarnings(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    logged.list.clear();
    logged.start();
    logger.addAppender(logged);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(logged);
  }

  /** The WARN and ERROR events logged so far in this test. */
  public List<ILoggingEvent> list() {
    return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
  }
}
