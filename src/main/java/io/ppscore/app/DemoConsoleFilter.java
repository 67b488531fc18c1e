package io.ppscore.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.ppscore.topology.PurchasingPowerTopology;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * The lines {@link DemoLogging} keeps on the console: errors (the in-process broker's too, but for the
 * rejected appends the demo's clients provoke and retry) and ppscore's own warnings, except a foreign-currency
 * warning for a pair of currencies the demo has explained itself ({@link #currenciesExplained}).
 */
final class DemoConsoleFilter extends Filter<ILoggingEvent> {

  /** Logger names of the in-process broker (its Scala and Java parts): below ERROR, their lines go to the file only. */
  private static final List<String> BROKER_LOGGERS = List.of("kafka.", "state.change.logger",
      "org.apache.kafka.controller.", "org.apache.kafka.raft.", "org.apache.kafka.server.", "org.apache.kafka.storage.",
      "org.apache.kafka.coordinator.", "org.apache.kafka.metadata.", "org.apache.kafka.image.", "org.apache.kafka.network.");

  /**
   * The broker's ERROR when it rejects an append of a Kafka Streams transactional producer with an out-of-order
   * sequence, which the producer retries (its WARN: "retrying ... OUT_OF_ORDER_SEQUENCE_NUMBER").
   */
  static final String RETRIED_APPEND_LOGGER = "kafka.server.ReplicaManager";
  static final String RETRIED_APPEND_MESSAGE = "Error processing append operation on partition";

  /** (user currency, model currency) pairs whose warning the demo's Currency line explains. */
  private final Set<List<String>> explained = ConcurrentHashMap.newKeySet();

  /** From now on, hides the foreign-currency warning for users in any of {@code userCurrencies} scored by a {@code trained} model. */
  void currenciesExplained(Iterable<String> userCurrencies, String trained) {
    userCurrencies.forEach(currency -> explained.add(List.of(currency, trained)));
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String logger = event.getLoggerName();
    boolean broker = BROKER_LOGGERS.stream().anyMatch(logger::startsWith);
    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      return broker && isRetriedAppend(event) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
    if (!broker && logger.startsWith("io.ppscore.") && event.getLevel().isGreaterOrEqual(Level.WARN)
        && !isExplainedCurrencyWarning(event)) {
      return FilterReply.NEUTRAL;
    }
    return FilterReply.DENY;
  }

  private static boolean isRetriedAppend(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    return RETRIED_APPEND_LOGGER.equals(event.getLoggerName()) && event.getMessage() != null
        && event.getMessage().contains(RETRIED_APPEND_MESSAGE)
        && thrown != null && OutOfOrderSequenceException.class.getName().equals(thrown.getClassName());
  }

  /** The foreign-currency warning's arguments are the user's currency, then the model's. */
  private boolean isExplainedCurrencyWarning(ILoggingEvent event) {
    Object[] args = event.getArgumentArray();
    return PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING.equals(event.getMessage()) && args != null
        && args.length >= 2 && explained.contains(List.of(String.valueOf(args[0]), String.valueOf(args[1])));
  }
}
