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

  /** As {@link #LOCAL_STATE_UNAVAILABLE}, when decoding the stored values needed the schema registry. */
  static final String REGISTRY_UNAVAILABLE =
      "the user's state cannot be decoded right now (the schema registry is unavailable); retry shortly";

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
    } catch (RuntimeException e) {
      // Store values are in the registry's wire format: the first read of a schema id (after a restart) asks
      // the registry on this worker, and an outage or timeout there is as transient as a restoring store.
      if (!isTransient(e)) {
        throw e;
      }
      log.debug("Decoding the state for {} needed the schema registry: {}", io.ppscore.events.LogIds.path(request.rawPath()),
          e.getMessage(), e);
      return Response.unavailable(REGISTRY_UNAVAILABLE);
    }
  }

  /**
   * Whether {@code e} or a cause of it is a retriable Kafka exception (the registry client's
   * {@code SchemaRegistryUnavailableException} is one), or an I/O failure or timeout below a Kafka exception (as
   * a serializer wraps a registry call's in a {@code SerializationException}); a value that cannot be decoded
   * stays a 500, and so does an I/O exception of the API's own (a JSON body Jackson cannot write: a bug, not
   * the registry).
   */
  static boolean isTransient(Throwable e) {
    int depth = 0;
    boolean belowKafka = false;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof org.apache.kafka.common.errors.RetriableException) {
        return true;
      }
      if (belowKafka && (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException)) {
        return true;
      }
      belowKafka |= t instanceof org.apache.kafka.common.KafkaException;
    }
    return false;
  }
}
