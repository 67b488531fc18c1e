package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing the API lets the requests being served finish, and fails readiness first. */
class HttpApiCloseTest {

  private final CountDownLatch readStarted = new CountDownLatch(1);
  private final CountDownLatch readMayEnd = new CountDownLatch(1);
  private HttpApi api;

  @AfterEach
  void stop() {
    readMayEnd.countDown();
    if (api != null) {
      api.close();
    }
  }

  @Test
  void shouldLetARequestInFlightFinishWithItsFullResponseWhenClosed() throws Exception {
    // Given a read of user 17850 that is being served when the API is closed
    api = api().build().start();
    CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/v1/users/17850"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(readStarted.await(5, TimeUnit.SECONDS)).as("read started").isTrue();

    // When close() runs while the read is still going on, which then ends
    CompletableFuture<Void> closed = CompletableFuture.runAsync(api::close);
    await("readiness failing on the management port").atMost(Duration.ofSeconds(5))
        .until(() -> get(api.managementPort(), "/health/ready").statusCode() == 503);
    Instant released = Instant.now();
    readMayEnd.countDown();

    // Then the client gets the whole 200 answer (it used to get an empty reply), and close() returns as soon
    // as the request is done, not after the whole drain period
    HttpResponse<String> answer = response.get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(answer)).containsEntry("userId", "17850");
    closed.get(10, TimeUnit.SECONDS);
    assertThat(Duration.between(released, Instant.now())).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldCloseAtOnceWhenNoRequestIsInFlight() {
    // Given an idle API
    api = api().build().start();
    assertThat(get(api.port(), "/health/live").statusCode()).isEqualTo(200);

    // When it is closed
    Instant start = Instant.now();
    api.close();

    // Then it does not wait for the drain period (JDK 17's stop(delay) would wait all of it)
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldDrainForTheForwardTimeoutPlusOneSecondAtMostFiveSeconds() {
    assertThat(HttpApi.drainSeconds(Duration.ofSeconds(2))).isEqualTo(3);
    assertThat(HttpApi.drainSeconds(Duration.ofMillis(1_500))).isEqualTo(3);
    assertThat(HttpApi.drainSeconds(Duration.ofSeconds(20))).isEqualTo(HttpApi.MAX_DRAIN_SECONDS);
  }

  private HttpApi.Builder api() {
    return HttpApi.builder().host("localhost").port(0).managementPort(0)
        .locator(userId -> Location.local())
        .reader((userId, asOf) -> {
          readStarted.countDown();
          try {
            readMayEnd.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of(Map.of("userId", userId));
        })
        .readiness(() -> true);
  }
}
