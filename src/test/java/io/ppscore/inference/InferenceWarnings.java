package io.ppscore.inference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Captures what the {@code io.ppscore.inference} loggers log during each test ({@code @RegisterExtension}). */
final class InferenceWarnings implements BeforeEachCallback, AfterEachCallback {

  private final Logger inferenceLogger = (Logger) LoggerFactory.getLogger("io.ppscore.inference");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    logged.list.clear();
    logged.start();
    inferenceLogger.addAppender(logged);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    inferenceLogger.detachAppender(logged);
  }

  /** The WARN and ERROR events logged so far in this test. */
  List<ILoggingEvent> list() {
    return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
  }
}
