package io.ppscore.it;

import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configuration and start-up of real ppscore instances against the embedded broker and registry. */
final class ItApps {

  private ItApps() {
  }

  /** A port nothing listens on right now (there is a small race with other processes; good enough for tests). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /**
   * Configuration of one instance on {@code httpPort}, advertised as {@code localhost:httpPort}, plus {@code extra}.
   * Scoring is off ({@code model.dir} empty) unless {@code extra} names a model directory; the risk rules are off
   * ({@code risk.enabled=false}, so no risk-flags topic is needed) unless {@code extra} turns them on; the API
   * requires {@link UserApi#TOKEN}.
   */
  static AppConfig config(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, String applicationId, Path stateDir,
      int httpPort, Map<String, ?> extra) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(AppConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    settings.put(AppConfig.APPLICATION_ID_CONFIG, applicationId);
    settings.put(AppConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(AppConfig.HTTP_PORT_CONFIG, httpPort);
    settings.put(AppConfig.HTTP_MANAGEMENT_PORT_CONFIG, 0); // a free port: instances run side by side
    settings.put(AppConfig.HTTP_ADVERTISED_CONFIG, "localhost:" + httpPort);
    settings.put(AppConfig.MODEL_DIR_CONFIG, "");
    settings.put(AppConfig.RISK_ENABLED_CONFIG, false);
    // authentication on, as in production; UserApi sends this token
    settings.put(AppConfig.HTTP_AUTH_TOKEN_CONFIG, UserApi.TOKEN);
    settings.putAll(extra);
    return new AppConfig(settings);
  }

  /** Starts an instance that talks to the registry over HTTP, as in production. */
  static PpscoreApp start(AppConfig config) {
    return PpscoreApp.start(config, HttpSchemaRegistryClient.builder(config.schemaRegistryUrl()).build());
  }

  /** Closes {@code resource} if it was created; never throws, so later resources still get closed. */
  static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("close failed: " + e);
    }
  }
}
