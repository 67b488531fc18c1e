package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/users/{id}/flags} on an instance without risk rules ({@link RiskFlagReader#NONE}). */
class FlagsWhenRiskOffTest {

  private final FakeReader reader = new FakeReader().with("alice", Map.of("userId", "alice"));
  private HttpApi api;

  @BeforeEach
  void startApiWithoutRiskRules() {
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.local())
        .reader(reader)
        .flags(RiskFlagReader.NONE)
        .readiness(() -> true)
        .build().start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldAnswer404SayingTheRulesAreOffInsteadOfAnEmptyList() {
    // Given an instance whose risk rules are off (risk.enabled=false)

    // When a user's flags are asked for
    HttpResponse<String> response = get(api.port(), "/v1/users/alice/flags");

    // Then the answer says the rules are off, not "never flagged" (200 with [])
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response)).isEqualTo(Map.of("error", "no flags", "reason", "risk rules are off on this instance",
        "userId", "alice"));
  }

  @Test
  void shouldLeaveActiveFlagsOutOfTheUserStateWhenTheRulesAreOff() {
    // Given an instance whose risk rules are off

    // When the user's state is asked for
    HttpResponse<String> response = get(api.port(), "/v1/users/alice");

    // Then it answers without "activeFlags"
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).doesNotContainKey("activeFlags");
  }
}
