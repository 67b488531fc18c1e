package io.ppscore.query;

/** Accepts a request to erase a user's data; the erasure itself happens asynchronously in the topology. */
@FunctionalInterface
public interface ErasureRequests {

  /**
   * Durably records a request to erase {@code userId} (already validated) and returns its request id.
   *
   * @param reason why, as given by the caller; may be empty
   * @throws RuntimeException if the request could not be recorded (the caller answers 503 and may retry)
   */
  String request(String userId, String reason);
}
