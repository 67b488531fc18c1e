package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.config.ConfigLayers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Loads {@link AppConfig}: an optional properties file, then environment variables, then explicit overrides
 * ({@code --set}). An unknown key or a bad value fails naming its file, variable or {@code --set}.
 */
final class ConfigSource {

  private ConfigSource() {
  }

  static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Properties props = new Properties();
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("configuration file " + file + " does not exist or is not readable");
      }
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read configuration file " + file, e);
      }
    }
    ConfigLayers layers = new ConfigLayers();
    if (file != null) {
      layers.add(props, file.toString());
    }
    return layers.addEnvironment(env).add(overrides, "--set").build();
  }
}
