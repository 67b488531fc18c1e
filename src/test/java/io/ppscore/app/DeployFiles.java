package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** Reading the files under deploy/ and docker-compose.yml, and mapping their PPSCORE_* variables to config keys. */
final class DeployFiles {

  private DeployFiles() {
  }

  /** Every YAML document of a file or of a command's output, aliases and merge keys resolved. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(yaml)) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return documents;
  }

  static List<Map<String, Object>> documents(Path file) {
    return documents(read(file));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The key an environment variable sets, as {@link AppConfig#fromEnvironment} maps it: PPSCORE_HTTP_PORT is http.port. */
  static String configKey(String environmentVariable) {
    return environmentVariable.substring(AppConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Whether ppscore reads {@code key}: an {@link AppConfig} key or a pass-through kafka.* key. */
  static boolean isConfigKey(String key) {
    return AppConfig.definition().names().contains(key) || key.startsWith(AppConfig.KAFKA_PREFIX);
  }

  /** The project's version in pom.xml: what the jar reports, and the tag every image is built and run with. */
  static String projectVersion() {
    java.util.regex.Matcher version = java.util.regex.Pattern.compile("<artifactId>ppscore</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(read(Path.of("pom.xml")));
    if (!version.find()) {
      throw new AssertionError("no <version> after <artifactId>ppscore</artifactId> in pom.xml");
    }
    return version.group(1);
  }

  /** The value at a path of nested maps and lists (list indexes as integers); fails naming the missing step. */
  static Object at(Object root, Object... path) {
    Object node = root;
    for (Object step : path) {
      if (step instanceof Integer index && node instanceof List<?> list && index < list.size()) {
        node = list.get(index);
      } else if (node instanceof Map<?, ?> map && map.containsKey(step)) {
        node = map.get(step);
      } else {
        throw new AssertionError("no " + step + " in " + node);
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object root, Object... path) {
    return (Map<String, Object>) at(root, path);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object root, Object... path) {
    return (List<Object>) at(root, path);
  }
}
