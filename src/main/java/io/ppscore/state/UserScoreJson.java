package io.ppscore.state;

import io.ppscore.output.avro.UserScore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a {@link UserScore} served by {@code GET /v1/users/{id}/score} (and as {@code "score"}
 * of the user): the record's fields in camelCase, amounts as exact decimals, times as ISO-8601 UTC.
 */
public final class UserScoreJson {

  private UserScoreJson() {
  }

  /** A JSON-ready tree of {@code score}. */
  public static Map<String, Object> toJson(UserScore score) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userId", score.getUserId());
    json.put("score", score.getScore());
    json.put("tier", score.getTier());
    json.put("predictedSpend30d", score.getPredictedSpend30d());
    json.put("predictedSpend90d", score.getPredictedSpend90d());
    json.put("pPurchase90d", score.getPPurchase90d());
    json.put("currency", score.getCurrency());
    json.put("modelVersion", score.getModelVersion());
    json.put("encoderId", score.getEncoderId());
    json.put("reasonCodes", List.copyOf(score.getReasonCodes()));
    json.put("triggeringEventId", score.getTriggeringEventId());
    json.put("triggeringEventTime", iso(score.getTriggeringEventTime()));
    json.put("computedAt", iso(score.getComputedAt()));
    return json;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
