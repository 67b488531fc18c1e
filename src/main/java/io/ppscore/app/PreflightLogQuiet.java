package io.ppscore.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Hides the WARN and lower lines one Kafka client logs (Kafka prefixes every line of an admin client with
 * {@code [AdminClient clientId=ID] }): the pre-flight admin client against an unreachable broker logged
 * {@code Connection to node -1 ... could not be established} about once a second until its timeout, before
 * the one clear error. Only that client's lines are hidden, and only while the filter is open; its errors
 * still show. A no-op when logback is not the SLF4J backend.
 */
final class PreflightLogQuiet extends TurboFilter implements AutoCloseable {

  private final String prefix;
  private final LoggerContext context;

  private PreflightLogQuiet(String adminClientId, LoggerContext context) {
    this.prefix = "[AdminClient clientId=" + adminClientId + "]";
    this.context = context;
  }

  /** Hides the admin client {@code adminClientId}'s lines below ERROR until {@link #close()}. */
  static PreflightLogQuiet forAdminClient(String adminClientId) {
    LoggerContext context = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
    PreflightLogQuiet quiet = new PreflightLogQuiet(adminClientId, context);
    if (context != null) {
      quiet.start();
      context.addTurboFilter(quiet);
    }
    return quiet;
  }

  @Override
  public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (level != null && !level.isGreaterOrEqual(Level.ERROR) && format != null && format.startsWith(prefix)
        && logger.getName().startsWith("org.apache.kafka")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  @Override
  public void close() {
    if (context != null) {
      context.getTurboFilterList().remove(this);
      stop();
    }
  }
}
