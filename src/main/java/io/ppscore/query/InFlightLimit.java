package io.ppscore.query;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many requests of one kind hold an HTTP worker at once (forwards to other instances, erasure
 * requests); one more is answered 503 with {@code Retry-After} at once, so a slow dependency cannot take every
 * worker and the probes and local reads keep theirs.
 */
final class InFlightLimit {

  private static final Logger log = LoggerFactory.getLogger(InFlightLimit.class);

  private final Semaphore slots;
  private final String what;
  private final String error;
  private final String reason;
  private final LongAdder rejected = new LongAdder();

  /**
   * @param max most requests at once
   * @param what what the requests do, for the log ("forwarding a request")
   * @param error and {@code reason}: the 503's body
   */
  InFlightLimit(int max, String what, String error, String reason) {
    if (max < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive");
    }
    this.slots = new Semaphore(max);
    this.what = what;
    this.error = error;
    this.reason = reason;
  }

  /** {@code work}'s response while a slot is held, or the 503 when none is free. */
  Response run(Supplier<Response> work) {
    if (!slots.tryAcquire()) {
      rejected.increment();
      log.debug("Not {}: every slot is taken", what);
      return Response.error(503, error, Map.of("reason", reason)).withHeader(Response.RETRY_AFTER, "1");
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  /** Requests answered 503 because every slot was taken, since start. */
  long rejected() {
    return rejected.sum();
  }
}
