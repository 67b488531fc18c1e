package io.ppscore.query;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/users/{id}}: the user's current state with their latest score; {@code GET
 * /v1/users/{id}/score}: the latest score alone. Both from whichever instance owns the user.
 */
final class UserResource {

  private final OwnerRouting routing;
  private final UserStateReader reader;
  private final LatestScoreReader scores;
  private final Clock clock;
  private final int maxUserIdLength;

  UserResource(OwnerRouting routing, UserStateReader reader, LatestScoreReader scores, Clock clock, int maxUserIdLength) {
    this.routing = routing;
    this.reader = reader;
    this.scores = scores;
    this.clock = clock;
    this.maxUserIdLength = maxUserIdLength;
  }

  Response get(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    Instant asOf = AsOf.parse(request.queryParam("asOf"), clock);
    return routing.serve(request, userId, () -> reader.read(userId, asOf)
        .map(state -> Response.json(200, withScore(state, userId)))
        .orElseGet(() -> unknownUser(userId)));
  }

  Response score(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    return routing.serve(request, userId, () -> scores.read(userId)
        .map(score -> Response.json(200, score))
        .orElseGet(() -> Response.error(404, "no score yet", Map.of("userId", userId))));
  }

  /** The state with {@code "score"} added: the latest score, or null before the first one. */
  private Map<String, Object> withScore(Map<String, Object> state, String userId) {
    Map<String, Object> json = new LinkedHashMap<>(state);
    json.put("score", scores.read(userId).orElse(null));
    return json;
  }

  private static Response unknownUser(String userId) {
    return Response.error(404, "unknown user", Map.of("userId", userId));
  }
}
