package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class HttpServerTimeoutsTest {

  private final Properties properties = new Properties();

  @Test
  void shouldSetTheLimitWhenItIsAbsent() {
    // When
    boolean set = HttpServerTimeouts.applyDefault(properties, HttpServerTimeouts.MAX_REQ_TIME, 10);

    // Then
    assertThat(set).isTrue();
    assertThat(properties.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
  }

  @Test
  void shouldKeepALimitGivenWithMinusD() {
    // Given -Dsun.net.httpserver.maxRspTime=120
    properties.setProperty("sun.net.httpserver.maxRspTime", "120");

    // When
    boolean set = HttpServerTimeouts.applyDefault(properties, HttpServerTimeouts.MAX_RSP_TIME, 30);

    // Then
    assertThat(set).isFalse();
    assertThat(properties.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("120");
  }

  @Test
  void shouldReadANonPositiveOrMalformedLimitAsNoneLikeTheJdk() {
    properties.setProperty("a", "-1");
    properties.setProperty("b", "10s");
    properties.setProperty("c", "15");

    assertThat(HttpServerTimeouts.seconds(properties, "a")).isEqualTo(-1);
    assertThat(HttpServerTimeouts.seconds(properties, "b")).isEqualTo(-1);
    assertThat(HttpServerTimeouts.seconds(properties, "c")).isEqualTo(15);
    assertThat(HttpServerTimeouts.seconds(properties, "absent")).isEqualTo(-1);
  }

  @Test
  void shouldGiveEveryResponseLongerThanTheLongestForwardTheConfigurationAllows() {
    assertThat(java.time.Duration.ofSeconds(HttpServerTimeouts.DEFAULT_MAX_RSP_SECONDS))
        .isGreaterThan(java.time.Duration.ofMillis(io.ppscore.config.AppConfig.HTTP_FORWARD_TIMEOUT_MS_MAX));
  }

  @Test
  void shouldHaveTheLimitsInForceInThisJvmOnceAnApiWasBuilt() {
    // Given: building an HttpApi installs the limits before its server is created
    try (HttpApi api = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(new FakeReader()).readiness(() -> true).build()) {

      // Then: the defaults, unless this JVM was started with -D values
      assertThat(api.port()).isPositive();
      assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isNotNull();
      assertThat(HttpServerTimeouts.maxResponseSeconds()).isPositive();
    }
  }
}
