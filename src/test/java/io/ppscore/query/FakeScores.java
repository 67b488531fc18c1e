package io.ppscore.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link LatestScoreReader} over a map, counting reads; can be switched to "store unavailable". */
final class FakeScores implements LatestScoreReader {

  private final Map<String, Map<String, Object>> scores = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile String unavailableReason;

  FakeScores with(String userId, Map<String, Object> score) {
    scores.put(userId, score);
    return this;
  }

  FakeScores unavailable(String reason) {
    this.unavailableReason = reason;
    return this;
  }

  @Override
  public Optional<Map<String, Object>> read(String userId) {
    reads.incrementAndGet();
    if (unavailableReason != null) {
      throw new StateUnavailableException(unavailableReason);
    }
    return Optional.ofNullable(scores.get(userId));
  }

  int reads() {
    return reads.get();
  }

  /** A score body as {@code UserScoreJson} shapes it (JSON numbers as the test client parses them). */
  static Map<String, Object> score(String userId, double score) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userId", userId);
    json.put("score", score);
    json.put("tier", "HIGH");
    json.put("predictedSpend30d", 120.5);
    json.put("predictedSpend90d", 300.25);
    json.put("pPurchase90d", 0.75);
    json.put("currency", "GBP");
    json.put("modelVersion", "spend-test");
    json.put("encoderId", "all-minilm-l6-v2");
    json.put("reasonCodes", List.of());
    json.put("triggeringEventId", "o1");
    json.put("triggeringEventTime", "2025-03-01T09:00:00Z");
    json.put("computedAt", "2025-03-01T09:00:01Z");
    return json;
  }

  /** {@code state} with {@code "score": score} added, as {@code GET /v1/users/{id}} answers. */
  static Map<String, Object> withScore(Map<String, Object> state, Map<String, Object> score) {
    Map<String, Object> json = new LinkedHashMap<>(state);
    json.put("score", score);
    return json;
  }
}
