package io.ppscore.query;

import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Erasure requests wait for the broker on a worker: only a quarter of the workers may do so at once. */
class ErasureLimitsTest {

  private final CountDownLatch brokerAnswers = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpApi api;

  @AfterEach
  void stop() {
    brokerAnswers.countDown();
    api.close();
  }

  @Test
  void shouldAnswer503AtOnceWhenEveryErasureSlotIsTakenAndKeepServingQueries() throws Exception {
    // Given 8 workers (2 erasure slots) and a broker that does not acknowledge yet
    api = HttpApi.builder().host("localhost").port(0).threads(8, 64).locator(userId -> Location.local())
        .reader(new FakeReader()).readiness(() -> true)
        .erasures((userId, reason) -> {
          calls.incrementAndGet();
          waiting.incrementAndGet();
          try {
            brokerAnswers.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "req-" + userId;
        })
        .build().start();
    assertThat(HttpApi.maxErasuresInFlight(8)).isEqualTo(2);
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (String user : List.of("u1", "u2")) {
      held.add(CompletableFuture.supplyAsync(() -> TestHttp.send(api.port(), "POST", "/v1/admin/users/" + user + "/erasure")));
    }
    org.awaitility.Awaitility.await("both slots taken").atMost(Duration.ofSeconds(10)).until(() -> waiting.get() == 2);

    // When a third erasure request comes
    long start = System.nanoTime();
    HttpResponse<String> third = TestHttp.send(api.port(), "POST", "/v1/admin/users/u3/erasure");

    // Then it is refused at once, without reaching the producer, and queries are still answered. (Waiting for a
    // slot would wait for the broker, which answers only below; the bound leaves a loaded machine seconds for
    // one local request)
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(third)).containsEntry("reason", ErasureResource.TOO_MANY_IN_FLIGHT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(calls.get()).isEqualTo(2);
    assertThat(TestHttp.get(api.port(), "/health/live").statusCode()).isEqualTo(200);

    // And once the broker answers, the held requests are accepted and a slot is free again
    brokerAnswers.countDown();
    for (CompletableFuture<HttpResponse<String>> request : held) {
      assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }
    assertThat(TestHttp.send(api.port(), "POST", "/v1/admin/users/u3/erasure").statusCode()).isEqualTo(202);
  }
}
