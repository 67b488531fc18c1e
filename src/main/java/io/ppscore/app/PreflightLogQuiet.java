package io.ppscore.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Hides one Kafka admin client's {@code Connection to node ... could not be established} WARNs (Kafka
 * prefixes every line of an admin client with {@code [AdminClient clientId=ID] }): the pre-flight admin
 * client against an unreachable broker logged one about once a second until its timeout, before the one
 * clear error. Its other lines still show (a WARN such as {@code Connection to node -1 ... terminated during
 * authentication}, the only clue to a TLS mismatch, is a cause, not noise), and only while the filter is
 * open. The client's last WARN, hidden or not, is kept for that error ({@link #lastWarning()}). A no-op when
 * logback is not the SLF4J backend.
 */
final class PreflightLogQuiet extends TurboFilter implements AutoCloseable {

  /** The WARN NetworkClient logs each time it fails to connect to a node: repeated, and says nothing new. */
  static final String CONNECTION_FAILED = "could not be established";

  private final String prefix;
  private final LoggerContext context;
  private volatile String lastWarning;
  private volatile String lastOtherWarning;

  private PreflightLogQuiet(String adminClientId, LoggerContext context) {
    this.prefix = "[AdminClient clientId=" + adminClientId + "] ";
    this.context = context;
  }

  /** Hides the admin client {@code adminClientId}'s connection-failure WARNs until {@link #close()}. */
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
    if (level != Level.WARN || format == null || !format.startsWith(prefix)
        || !logger.getName().startsWith("org.apache.kafka")) {
      return FilterReply.NEUTRAL;
    }
    String message = MessageFormatter.arrayFormat(format.substring(prefix.length()), params).getMessage();
    lastWarning = message;
    if (message.contains(CONNECTION_FAILED)) {
      return FilterReply.DENY;
    }
    lastOtherWarning = message;
    // once each: the client repeats a failed connection's WARN (a TLS mismatch's, once a second) for the whole wait
    return shownWarnings.size() < MAX_SHOWN && shownWarnings.add(message) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }

  /** Distinct WARNs shown at the most; later new ones count as the last warning but are not logged. */
  private static final int MAX_SHOWN = 20;

  private final java.util.Set<String> shownWarnings = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The client's last WARN while the filter was open, without its prefix: the last one other than a
   * connection failure if there was one (it names a cause), else the last connection failure.
   */
  Optional<String> lastWarning() {
    return Optional.ofNullable(lastOtherWarning != null ? lastOtherWarning : lastWarning);
  }

  @Override
  public void close() {
    if (context != null) {
      context.getTurboFilterList().remove(this);
      stop();
    }
  }
}
