package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ppscore config --describe}: every configuration key with its type, default and doc. It prints the same
 * without {@code --describe}, which is kept because the README and scripts use {@code config --describe}.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print every configuration key with type, default and description as a Markdown table "
        + "(the same with or without --describe).")
final class ConfigCommand implements Callable<Integer> {

  @Option(names = "--describe", description = "Accepted for scripts; the output is the same without it.")
  boolean describe;

  @Override
  public Integer call() {
    System.out.print(markdown(AppConfig.definition()));
    System.out.println();
    System.out.println("Environment: PPSCORE_<KEY with . as _> overrides a key, e.g. PPSCORE_HTTP_PORT=9090.");
    System.out.println("Kafka client and Streams settings: prefix them with 'kafka.', e.g. kafka.security.protocol=SASL_SSL.");
    return 0;
  }

  /** The configuration table the README carries (a test keeps the two equal). */
  static String markdown(ConfigDef def) {
    StringBuilder out = new StringBuilder("| key | type | default | description |\n|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(def.configKeys()).values()) {
      String dflt = !key.hasDefault() ? "(required)"
          : key.type == ConfigDef.Type.PASSWORD || "".equals(key.defaultValue) ? "(empty)"
          : key.name.equals(AppConfig.STATE_DIR_CONFIG) ? "`<java.io.tmpdir>/ppscore-state`"
          : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`";
      out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(dflt).append(" | ").append(key.documentation).append(" |\n");
    }
    return out.toString();
  }
}
