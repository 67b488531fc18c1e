package io.ppscore.query;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing every per-user endpoint shares: answer locally, forward once to the owner, or 503.
 * A request that was already forwarded is never forwarded again, so instances with disagreeing
 * metadata (mid-rebalance) answer 503 instead of bouncing the request between them.
 */
final class OwnerRouting {

  private static final Logger log = LoggerFactory.getLogger(OwnerRouting.class);

  /**
   * What a client is told when this instance owns the user but cannot read the stores. Fixed on purpose: the
   * exception's message (store, partition, Kafka's own message) is for the log, not for clients.
   */
  static final String LOCAL_STATE_UNAVAILABLE =
      "the user's state cannot be read right now (rebalancing, restoring or shutting down); retry shortly";

  private final UserLocator locator;
  private final Forwarder forwarder;

  OwnerRouting(UserLocator locator, Forwarder forwarder) {
    this.locator = locator;
    this.forwarder = forwarder;
  }

  /** Answers {@code request} for {@code userId} (already validated) with {@code local} if this instance owns the user. */
  Response serve(Request request, String userId, Supplier<Response> local) {
    Location location = locator.locate(userId);
    if (location instanceof Location.Remote remote) {
      return request.forwarded()
          ? Response.unavailable("forwarded request reached an instance that does not own the user")
          : forwarder.forward(remote.owner(), request);
    }
    if (location instanceof Location.Unavailable unavailable) {
      return Response.unavailable(unavailable.reason());
    }
    try {
      return local.get();
    } catch (StateUnavailableException e) {
      log.debug("Local state unavailable for {}: {}", io.ppscore.events.LogIds.path(request.rawPath()), e.getMessage(), e);
      return Response.unavailable(LOCAL_STATE_UNAVAILABLE);
    }
  }
}
