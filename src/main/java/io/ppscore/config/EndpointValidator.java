package io.ppscore.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code host:port} with a port from 1 to 65535 (an IPv6 literal in brackets), or blank for the default.
 * Kafka Streams would otherwise reject a bad {@code application.server} only after the pre-flight and the
 * model's loading, without naming the key, and it accepts a port above 65535.
 */
final class EndpointValidator implements ConfigDef.Validator {

  private static final Pattern HOST_PORT =
      Pattern.compile("(?:\\[[0-9A-Fa-f:.]+(?:%[\\w.-]+)?]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\\.?):(\\d{1,5})");
  private static final int MAX_PORT = 65_535;

  @Override
  public void ensureValid(String name, Object value) {
    String endpoint = value == null ? "" : String.valueOf(value);
    if (endpoint.isBlank()) {
      return;
    }
    Matcher m = HOST_PORT.matcher(endpoint);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > MAX_PORT
        || !kafkaStreamsAccepts(endpoint)) {
      throw new ConfigException(name, value, "must be host:port with a port from 1 to " + MAX_PORT
          + " (an IPv6 address in brackets, e.g. [::1]:8080), or empty for localhost:http.port");
    }
  }

  /** The same string must also parse as Kafka Streams' application.server, which ppscore passes it as. */
  private static boolean kafkaStreamsAccepts(String endpoint) {
    try {
      return HostInfo.buildFromEndpoint(endpoint) != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "host:port (port 1-" + MAX_PORT + ") or empty";
  }
}
