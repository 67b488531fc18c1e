package io.ppscore.query;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time limits of the JDK's {@code HttpServer}, which reads a request's line and headers on a worker thread
 * and by default waits forever ({@value #MAX_REQ_TIME} and {@value #MAX_RSP_TIME} are -1): a few clients
 * that open connections and send their headers a byte at a time would hold every worker. With the limits,
 * the server closes a connection whose request is not read within {@value #DEFAULT_MAX_REQ_SECONDS} s, or
 * whose response is not written within {@value #DEFAULT_MAX_RSP_SECONDS} s of the request (longer than a
 * forward to another instance, {@code http.forward.timeout.ms} is at most 20 s, and than an erasure's 10 s;
 * {@link HttpApi} warns when a forward could take longer).
 *
 * <p>The JDK reads both once, when the first {@code HttpServer} is created, so {@link #install()} runs
 * before that: {@code Main} calls it first, and {@link HttpApi} before it creates its server. A value given
 * with {@code -D} (e.g. in {@code JAVA_OPTS}) is kept.
 */
public final class HttpServerTimeouts {

  static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
  static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";
  static final long DEFAULT_MAX_REQ_SECONDS = 3;
  static final long DEFAULT_MAX_RSP_SECONDS = 30;

  private static final Logger log = LoggerFactory.getLogger(HttpServerTimeouts.class);
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicBoolean LOGGED = new AtomicBoolean();
  private static volatile String inForce = "not installed";

  private HttpServerTimeouts() {
  }

  /**
   * Sets the limits not set yet in the system properties; idempotent and silent (every command runs it,
   * most serve no HTTP: {@link #logInForce()} says what is in force when a server starts).
   */
  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    Properties system = System.getProperties();
    String req = describe(system, MAX_REQ_TIME, applyDefault(system, MAX_REQ_TIME, DEFAULT_MAX_REQ_SECONDS));
    String rsp = describe(system, MAX_RSP_TIME, applyDefault(system, MAX_RSP_TIME, DEFAULT_MAX_RSP_SECONDS));
    inForce = req + ", " + rsp;
  }

  /** Logs, once per JVM, the limits {@link #install()} left in force. */
  static void logInForce() {
    if (LOGGED.compareAndSet(false, true)) {
      log.info("HTTP server time limits: {}", inForce);
    }
  }

  /**
   * Sets {@code key} to {@code seconds} unless {@code properties} already has it.
   *
   * @return whether it was set (false: the value given, with {@code -D}, is kept)
   */
  static boolean applyDefault(Properties properties, String key, long seconds) {
    if (properties.getProperty(key) != null) {
      return false;
    }
    properties.setProperty(key, Long.toString(seconds));
    return true;
  }

  /** The limit in force for {@code key} in seconds, or -1 for none (unset, not a number, or not positive). */
  static long seconds(Properties properties, String key) {
    try {
      long value = Long.parseLong(properties.getProperty(key, "-1").trim());
      return value > 0 ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The response limit in force in this JVM, in seconds, or -1 for none. */
  static long maxResponseSeconds() {
    return seconds(System.getProperties(), MAX_RSP_TIME);
  }

  private static String describe(Properties properties, String key, boolean defaulted) {
    long seconds = seconds(properties, key);
    String value = seconds > 0 ? seconds + " s" : "none ('" + properties.getProperty(key) + "' is not a positive number of seconds)";
    return key + "=" + value + (defaulted ? " (default)" : " (given with -D)");
  }
}
