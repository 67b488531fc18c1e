package io.ppscore.query;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/users/{id}}: the user's current state with their latest score; {@code GET
 * /v1/users/{id}/score}: the latest score alone; {@code GET /v1/users/{id}/flags}: recent risk flags. All from
 * whichever instance owns the user.
 */
final class UserResource {

  /** The reason of {@code /flags}' 404 on an instance without risk rules ({@code risk.enabled=false}). */
  static final String RISK_RULES_OFF = "risk rules are off on this instance";

  private final OwnerRouting routing;
  private final UserStateReader reader;
  private final LatestScoreReader scores;
  private final RiskFlagReader flags;
  private final Clock clock;
  private final int maxUserIdLength;

  UserResource(OwnerRouting routing, UserStateReader reader, LatestScoreReader scores, Clock clock, int maxUserIdLength) {
    this(routing, reader, scores, RiskFlagReader.NONE, clock, maxUserIdLength);
  }

  UserResource(OwnerRouting routing, UserStateReader reader, LatestScoreReader scores, RiskFlagReader flags, Clock clock,
      int maxUserIdLength) {
    this.flags = flags;
    this.routing = routing;
    this.reader = reader;
    this.scores = scores;
    this.clock = clock;
    this.maxUserIdLength = maxUserIdLength;
  }

  Response get(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    Instant asOf = AsOf.parse(request.queryParamKeepingPlus("asOf"), clock);
    return routing.serve(request, userId, () -> reader.read(userId, asOf)
        .map(state -> Response.json(200, withFlags(withScore(state, userId), userId, asOf)))
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

  /**
   * {@code GET /v1/users/{id}/flags}: the user's recent risk flags, newest first (at most the store keeps);
   * an empty list for a user never flagged. 404 {@link #RISK_RULES_OFF} without risk rules, answered here
   * without asking the owner, so "off" never looks like "never flagged".
   */
  Response flags(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    if (flags == RiskFlagReader.NONE) {
      return Response.error(404, "no flags", Map.of("reason", RISK_RULES_OFF, "userId", userId));
    }
    return routing.serve(request, userId, () -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("userId", userId);
      json.put("flags", flags.recent(userId));
      return Response.json(200, json);
    });
  }

  /**
   * The state with {@code "activeFlags"} added: per cooling-down rule its last flag while that cooldown runs at {@code asOf}, and the recent spend spikes (see {@code RiskFlags#active}).
   * Without risk rules (no reader) the state is left as it was.
   */
  private Map<String, Object> withFlags(Map<String, Object> state, String userId, Instant asOf) {
    if (flags == RiskFlagReader.NONE) {
      return state;
    }
    Map<String, Object> json = new LinkedHashMap<>(state);
    json.put("activeFlags", flags.active(userId, asOf));
    return json;
  }

  private static Response unknownUser(String userId) {
    return Response.error(404, "unknown user", Map.of("userId", userId));
  }
}
