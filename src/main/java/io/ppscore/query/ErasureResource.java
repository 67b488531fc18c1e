package io.ppscore.query;

import io.ppscore.events.LogIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admin/users/{id}/erasure[?reason=...]}: records a right-to-be-forgotten request and answers
 * 202 with its request id. The id is checked like every user id, before anything is written. Any instance
 * accepts it: the request goes to the erasure topic, partitioned by user, and the owner's task erases.
 *
 * <p>Recording one holds a worker until the broker acknowledges (about 10 s at most), so only a few run at
 * once: a request over that gets 503 with {@code Retry-After} at once, and the other workers stay free for
 * queries and probes.
 */
final class ErasureResource {

  private static final Logger log = LoggerFactory.getLogger(ErasureResource.class);
  static final String TOO_MANY_IN_FLIGHT = "as many erasure requests as allowed are being recorded; retry shortly";
  private static final Pattern REASON = Pattern.compile("[\\p{L}\\p{N} .,:;_/#()-]{0,200}");

  private final ErasureRequests erasures;
  private final int maxUserIdLength;
  private final InFlightLimit inFlight;

  /** @param maxInFlight most requests being recorded at once */
  ErasureResource(ErasureRequests erasures, int maxUserIdLength, int maxInFlight) {
    this.inFlight = new InFlightLimit(maxInFlight, "recording an erasure request", "erasure request not recorded, retry",
        TOO_MANY_IN_FLIGHT);
    this.erasures = erasures;
    this.maxUserIdLength = maxUserIdLength;
  }

  Response request(Request request) {
    String userId = UserIds.requireValid(request.pathParam("id"), maxUserIdLength);
    String reason = request.queryParam("reason").orElse("");
    if (!REASON.matcher(reason).matches()) {
      throw ApiException.badRequest("invalid reason: up to 200 letters, digits, spaces and . , : ; _ / # ( ) -");
    }
    return inFlight.run(() -> record(userId, reason));
  }

  private Response record(String userId, String reason) {
    String requestId;
    try {
      requestId = erasures.request(userId, reason);
    } catch (RuntimeException e) {
      log.warn("Could not record the erasure request of user {}: {}", LogIds.of(userId), e.toString());
      return Response.error(503, "erasure request not recorded, retry").withHeader(Response.RETRY_AFTER, "1");
    }
    log.info("Erasure of user {} requested: request id {}", LogIds.of(userId), requestId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", requestId);
    body.put("userId", userId);
    body.put("status", "accepted");
    return Response.json(202, body);
  }
}
