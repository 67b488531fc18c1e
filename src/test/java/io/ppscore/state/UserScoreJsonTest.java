package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.output.avro.UserScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserScoreJsonTest {

  @Test
  void shouldRenderEveryFieldInCamelCaseWithExactAmountsAndIsoTimes() {
    UserScore score = UserScore.newBuilder().setUserId("u1").setScore(91.5).setTier("HIGH")
        .setPredictedSpend30d(new BigDecimal("120.5000")).setPredictedSpend90d(new BigDecimal("300.2500"))
        .setPPurchase90d(0.75).setCurrency("GBP").setModelVersion("spend-v1").setEncoderId(null)
        .setReasonCodes(List.of()).setTriggeringEventId("o1")
        .setTriggeringEventTime(Instant.parse("2025-03-01T09:00:00Z")).setComputedAt(Instant.parse("2025-03-01T09:00:01.250Z"))
        .build();

    Map<String, Object> json = UserScoreJson.toJson(score);

    assertThat(json).containsOnlyKeys("userId", "score", "tier", "predictedSpend30d", "predictedSpend90d", "pPurchase90d",
        "currency", "modelVersion", "encoderId", "reasonCodes", "triggeringEventId", "triggeringEventTime", "computedAt");
    assertThat(json.get("predictedSpend90d")).isEqualTo(new BigDecimal("300.2500"));
    assertThat(json).containsEntry("encoderId", null).containsEntry("tier", "HIGH")
        .containsEntry("triggeringEventTime", "2025-03-01T09:00:00Z")
        .containsEntry("computedAt", "2025-03-01T09:00:01.250Z");
  }
}
