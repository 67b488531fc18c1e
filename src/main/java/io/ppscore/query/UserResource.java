package io.ppscore.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** {@code GET /v1/users/{id}}: the user's current state, from whichever instance owns it. */
final class UserResource {

  private final OwnerRouting routing;
  private final UserStateReader reader;
  private final Clock clock;
  private final int maxUserIdLength;

  UserResource(OwnerRouting routing, UserStateReader reader, Clock clock, int maxUserIdLength) {
    this.routing = routing;
    this.reader = reader;
    this.clock = clock;
    this.maxUserIdLength = maxUserIdLength;
  }

  Response get(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    Instant asOf = AsOf.parse(request.queryParam("asOf"), clock);
    return routing.serve(request, userId, () -> reader.read(userId, asOf)
        .map(state -> Response.json(200, state))
        .orElseGet(() -> Response.error(404, "unknown user", Map.of("userId", userId))));
  }
}
