package io.ppscore.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link AppConfig} from layers of settings, each over the ones before (a properties file, then
 * {@code PPSCORE_*} environment variables, then {@code --set}), remembering where every key came from: an
 * unknown key fails as its layer is added and a bad value when the configuration is built, both naming
 * their origin ({@link ConfigKeys}).
 */
public final class ConfigLayers {

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new HashMap<>();

  /**
   * Adds {@code settings} from {@code origin} (a file's path, {@code --set}).
   *
   * @throws org.apache.kafka.common.config.ConfigException naming an unknown key and {@code origin}
   */
  public ConfigLayers add(Map<?, ?> settings, String origin) {
    settings.forEach((key, value) -> put(String.valueOf(key), value, origin));
    return this;
  }

  /**
   * Adds the {@code PPSCORE_*} variables of {@code env}: {@code PPSCORE_HTTP_PORT} sets {@code http.port},
   * {@code PPSCORE_KAFKA_SECURITY_PROTOCOL} sets {@code kafka.security.protocol}. Other variables, and the
   * {@code PPSCORE_*} ones that are not settings (the log level, Kubernetes service links), are left alone.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the variable of an unknown key
   */
  public ConfigLayers addEnvironment(Map<String, String> env) {
    new TreeMap<>(env).forEach((variable, value) ->
        ConfigKeys.keyOf(variable, value).ifPresent(key -> put(key, value, variable)));
    return this;
  }

  /**
   * The configuration of all layers; a {@code kafka.*} key Kafka does not know is logged as a WARN (with the
   * closest known key), not refused.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming a bad value's key and origin
   */
  public AppConfig build() {
    values.forEach((key, value) -> ConfigKeys.requireValid(key, value, origins.get(key)));
    ConfigKeys.warnUnknownKafkaKeys(values.keySet(), origins::get);
    return new AppConfig(values);
  }

  private void put(String key, Object value, String origin) {
    ConfigKeys.requireKnown(key, origin);
    values.put(key, value);
    origins.put(key, origin);
  }
}
