package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ppscore.config.AppConfig;
import io.ppscore.query.ApiAuth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Authentication is on by default: no token means no start, unless the API is opened explicitly. */
class HttpSecurityTest {

  @Test
  void shouldRefuseToStartWithoutATokenByDefault() {
    AppConfig config = new AppConfig(Map.of());

    assertThatThrownBy(() -> HttpSecurity.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.HTTP_AUTH_TOKEN_CONFIG)
        .hasMessageContaining(AppConfig.HTTP_AUTH_ENABLED_CONFIG + "=false");
  }

  @Test
  void shouldTreatABlankTokenListAsNoToken() {
    AppConfig config = new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, " , "));

    assertThatThrownBy(() -> HttpSecurity.from(config)).isInstanceOf(ConfigException.class);
  }

  @Test
  void shouldRunCommandFailBeforeTouchingKafkaWhenNoTokenIsSet() {
    // Given no broker at all: the check must come first, with one clear line
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));

    int exit = cli.execute("run", "--set", "bootstrap.servers=localhost:1");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("http.auth.token is empty").doesNotContain("cannot reach Kafka");
  }

  @Test
  void shouldOpenTheApiOnlyWhenToldExplicitlyAndWarnOnce() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(HttpSecurity.class);
    logger.addAppender(logs);
    try {
      ApiAuth auth = HttpSecurity.auth(new AppConfig(Map.of(AppConfig.HTTP_AUTH_ENABLED_CONFIG, "false")));

      assertThat(auth.enabled()).isFalse();
      assertThat(logs.list).hasSize(1);
      assertThat(logs.list.get(0).getLevel().toString()).isEqualTo("WARN");
      assertThat(logs.list.get(0).getFormattedMessage()).contains("authentication is OFF");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void shouldNameTheErasurePathInTheWarningAboutAMissingAdminToken() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(HttpSecurity.class);
    logger.addAppender(logs);
    try {
      // Given an API token and no admin token
      HttpSecurity.auth(new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1")));

      // Then the WARN names the erasure path as a client writes it (it printed {{id}})
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(message -> assertThat(message).contains(ApiAuth.ADMIN_PREFIX + "users/{id}/erasure")
              .doesNotContain("{{"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void shouldRequireTheTokenWhenOneIsConfigured() {
    ApiAuth auth = HttpSecurity.auth(new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1,t2")));

    assertThat(auth.enabled()).isTrue();
  }

  @Test
  void shouldScopeErasureToTheAdminTokenWhenOneIsConfigured() {
    ApiAuth auth = HttpSecurity.auth(new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1",
        AppConfig.HTTP_ADMIN_TOKEN_CONFIG, "a1")));

    assertThat(auth.adminScoped()).isTrue();
    assertThat(HttpSecurity.auth(new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1"))).adminScoped()).isFalse();
  }

  @Test
  void shouldRefuseAnAdminTokenWithAuthenticationOff() {
    AppConfig config = new AppConfig(Map.of(AppConfig.HTTP_AUTH_ENABLED_CONFIG, "false", AppConfig.HTTP_ADMIN_TOKEN_CONFIG, "a1"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpSecurity.auth(config))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("http.admin.token is set while http.auth.enabled=false")
        .hasMessageNotContaining("a1");
  }

  @Test
  void shouldRequireAKeystoreWithTls() {
    AppConfig config = new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1", AppConfig.HTTP_TLS_ENABLED_CONFIG, "true"));

    assertThatThrownBy(() -> HttpSecurity.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG);
  }

  @Test
  void shouldNameTheKeystoreButNotItsPasswordWhenItCannotBeLoaded() {
    AppConfig config = new AppConfig(Map.of(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "t1", AppConfig.HTTP_TLS_ENABLED_CONFIG, "true",
        AppConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG, "/no/such/keystore.p12",
        AppConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, "pw-never-shown"));

    assertThatThrownBy(() -> HttpSecurity.from(config))
        .hasMessageContaining("/no/such/keystore.p12")
        .hasMessageNotContaining("pw-never-shown");
  }

  @Test
  void shouldKeepEverySecretAPasswordSoConfigDumpsHideIt() {
    Map<String, Object> secrets = new HashMap<>();
    for (String key : new String[] {AppConfig.HTTP_AUTH_TOKEN_CONFIG, AppConfig.HTTP_PEER_TOKEN_CONFIG,
        AppConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, AppConfig.HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG,
        AppConfig.LOG_USER_ID_SALT_CONFIG, AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG,
        AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG}) {
      secrets.put(key, "value-of-" + key);
    }
    AppConfig config = new AppConfig(secrets);

    for (String key : secrets.keySet()) {
      assertThat(config.values().get(key)).as(key).isInstanceOf(Password.class);
      assertThat(config.values().get(key).toString()).as(key).isEqualTo("[hidden]");
    }
  }

  @Test
  void shouldRunTheDemoOpenOnLocalhostOnlyWithoutAToken() {
    Map<String, Object> open = DemoCommand.demoAuth(Map.of());
    Map<String, Object> withToken = DemoCommand.demoAuth(Map.of(DemoCommand.TOKEN_ENV, "demo-token"));

    assertThat(open).containsEntry(AppConfig.HTTP_AUTH_ENABLED_CONFIG, false).containsEntry(AppConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    assertThat(withToken).containsEntry(AppConfig.HTTP_AUTH_TOKEN_CONFIG, "demo-token").doesNotContainKey(AppConfig.HTTP_AUTH_ENABLED_CONFIG);
  }
}
