package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoreEndpointTest {

  private static final Map<String, Object> ALICE = Map.of("userId", "alice", "orders7d", 3);
  private static final Map<String, Object> ALICE_SCORE = FakeScores.score("alice", 81.25);

  private final FakeReader reader = new FakeReader().with("alice", ALICE).with("bob", Map.of("userId", "bob"));
  private final FakeScores scores = new FakeScores().with("alice", ALICE_SCORE);
  private final AtomicReference<Location> location = new AtomicReference<>(Location.local());
  private HttpApi api;

  @BeforeEach
  void startApi() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> location.get())
        .reader(reader)
        .scores(scores)
        .readiness(() -> true)
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldAnswerTheLatestScoreAlone() {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice/score");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(json(response)).isEqualTo(ALICE_SCORE);
  }

  @Test
  void shouldIncludeTheLatestScoreInTheUsersState() {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(FakeScores.withScore(ALICE, ALICE_SCORE));
  }

  @Test
  void shouldAnswerNullScoreForAKnownUserNotScoredYet() {
    HttpResponse<String> response = get(api.port(), "/v1/users/bob");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).containsEntry("score", null).containsEntry("userId", "bob");
  }

  @Test
  void shouldAnswer404ForAUserWithoutScore() {
    HttpResponse<String> response = get(api.port(), "/v1/users/bob/score");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response)).isEqualTo(Map.of("error", "no score yet", "userId", "bob"));
  }

  @Test
  void shouldRejectAnInvalidIdWith400WithoutTouchingTheStore() {
    HttpResponse<String> response = get(api.port(), "/v1/users/" + "a".repeat(129) + "/score");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(scores.reads()).isZero();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheScoreStoreIsNotQueryable() {
    scores.unavailable("store user-latest-score partition 1 is restoring");

    HttpResponse<String> score = get(api.port(), "/v1/users/alice/score");
    HttpResponse<String> user = get(api.port(), "/v1/users/alice");

    for (HttpResponse<String> response : java.util.List.of(score, user)) {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(response)).containsEntry("reason",
          "the user's state cannot be read right now (rebalancing, restoring or shutting down); retry shortly");
      assertThat(response.body()).doesNotContain("user-latest-score");
    }
  }

  @Test
  void shouldAnswer503WhenTheOwnerIsUnknown() {
    location.set(Location.unavailable("streams is REBALANCING"));

    HttpResponse<String> response = get(api.port(), "/v1/users/alice/score");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(scores.reads()).isZero();
  }

  @Test
  void shouldAnswer404ForEveryUserWithoutAModel() {
    try (HttpApi noModel = HttpApi.builder().host("localhost").port(0).locator(userId -> Location.local())
        .reader(reader).readiness(() -> true).build().start()) {
      assertThat(get(noModel.port(), "/v1/users/alice/score").statusCode()).isEqualTo(404);
      assertThat(json(get(noModel.port(), "/v1/users/alice"))).containsEntry("score", null);
    }
  }
}
