package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.query.ApiAuth;
import io.ppscore.query.HttpApi;
import io.ppscore.query.TlsContexts;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's authentication and TLS from {@link AppConfig}. Authentication is on by default: with no
 * token configured the app refuses to start, unless {@code http.auth.enabled=false} says, explicitly, that
 * the API may be open (then one WARN says so).
 */
final class HttpSecurity {

  private static final Logger LOG = LoggerFactory.getLogger(HttpSecurity.class);

  private final ApiAuth auth;
  private final SSLContext serverTls;
  private final SSLContext clientTls;

  private HttpSecurity(ApiAuth auth, SSLContext serverTls, SSLContext clientTls) {
    this.auth = auth;
    this.serverTls = serverTls;
    this.clientTls = clientTls;
  }

  /**
   * Checks and loads everything (tokens, keystore, truststore) so a mistake fails before anything starts.
   *
   * @throws ConfigException naming the key at fault
   */
  static HttpSecurity from(AppConfig config) {
    ApiAuth auth = auth(config);
    if (!config.getBoolean(AppConfig.HTTP_TLS_ENABLED_CONFIG)) {
      return new HttpSecurity(auth, null, null);
    }
    return new HttpSecurity(auth, serverTls(config), clientTls(config));
  }

  /** Authentication and TLS applied to {@code api}. */
  HttpApi.Builder applyTo(HttpApi.Builder api) {
    api.auth(auth);
    if (serverTls != null) {
      api.tls(serverTls, clientTls);
    }
    return api;
  }

  /** http or https. */
  String scheme() {
    return serverTls == null ? "http" : "https";
  }

  /**
   * The API's authentication.
   *
   * @throws ConfigException naming {@code http.auth.token} when authentication is on and no token is set
   */
  static ApiAuth auth(AppConfig config) {
    requireTokenOrExplicitlyOpen(config);
    if (!config.getBoolean(AppConfig.HTTP_AUTH_ENABLED_CONFIG)
        && !ApiAuth.splitTokens(secret(config, AppConfig.HTTP_ADMIN_TOKEN_CONFIG)).isEmpty()) {
      throw new ConfigException(AppConfig.HTTP_ADMIN_TOKEN_CONFIG + " is set while " + AppConfig.HTTP_AUTH_ENABLED_CONFIG
          + "=false: with authentication off it would protect nothing, the erasure endpoint included; turn "
          + "authentication on or remove the admin token");
    }
    if (!config.getBoolean(AppConfig.HTTP_AUTH_ENABLED_CONFIG)) {
      LOG.warn("HTTP API authentication is OFF ({}=false): anyone who can reach {}:{} can read every user's state",
          AppConfig.HTTP_AUTH_ENABLED_CONFIG, config.httpHost(), config.httpPort());
      return ApiAuth.open();
    }
    ApiAuth auth = ApiAuth.bearer(ApiAuth.splitTokens(secret(config, AppConfig.HTTP_AUTH_TOKEN_CONFIG)),
        secret(config, AppConfig.HTTP_PEER_TOKEN_CONFIG))
        .withAdminTokens(ApiAuth.splitTokens(secret(config, AppConfig.HTTP_ADMIN_TOKEN_CONFIG)));
    if (!auth.adminScoped()) {
      LOG.warn("{} is empty: any API token may call the erasure endpoint {}users/{id}/erasure; set an admin token "
          + "to keep erasure to the callers trusted with it", AppConfig.HTTP_ADMIN_TOKEN_CONFIG, ApiAuth.ADMIN_PREFIX);
    }
    return auth;
  }

  /**
   * A token is configured, or authentication is off explicitly (the first check of {@link #from}, which
   * {@code run} calls before anything else).
   *
   * @throws ConfigException naming {@code http.auth.token} otherwise
   */
  private static void requireTokenOrExplicitlyOpen(AppConfig config) {
    if (config.getBoolean(AppConfig.HTTP_AUTH_ENABLED_CONFIG)
        && ApiAuth.splitTokens(secret(config, AppConfig.HTTP_AUTH_TOKEN_CONFIG)).isEmpty()) {
      throw new ConfigException(AppConfig.HTTP_AUTH_TOKEN_CONFIG + " is empty while " + AppConfig.HTTP_AUTH_ENABLED_CONFIG
          + "=true: set a token (e.g. PPSCORE_HTTP_AUTH_TOKEN) or, for a closed network only, "
          + AppConfig.HTTP_AUTH_ENABLED_CONFIG + "=false");
    }
  }

  private static SSLContext serverTls(AppConfig config) {
    String keystore = config.getString(AppConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG);
    if (keystore.isBlank()) {
      throw new ConfigException(AppConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG + " is required with "
          + AppConfig.HTTP_TLS_ENABLED_CONFIG + "=true");
    }
    return TlsContexts.server(Path.of(keystore.trim()),
        secret(config, AppConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG).toCharArray(),
        config.getString(AppConfig.HTTP_TLS_KEYSTORE_TYPE_CONFIG));
  }

  /** The forwarding client's trust; null means the JVM's default. */
  private static SSLContext clientTls(AppConfig config) {
    String truststore = config.getString(AppConfig.HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG);
    return truststore.isBlank() ? null : TlsContexts.client(Path.of(truststore.trim()),
        secret(config, AppConfig.HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG).toCharArray(),
        config.getString(AppConfig.HTTP_TLS_TRUSTSTORE_TYPE_CONFIG));
  }

  private static String secret(AppConfig config, String key) {
    Password password = config.getPassword(key);
    return password == null ? "" : password.value();
  }
}
