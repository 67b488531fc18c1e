package io.ppscore.query;

/**
 * Decides which instance can answer for a user. Routing only: no HTTP and no store reads, so the
 * transport can be tested with a fake and the Kafka Streams metadata logic without a server.
 */
@FunctionalInterface
public interface UserLocator {

  /** Where the user's state lives right now; never throws, failures become {@link Location.Unavailable}. */
  Location locate(String userId);
}
