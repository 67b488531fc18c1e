package io.ppscore.query;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one user's current state from the state stores of <em>this</em> instance. Routing to the owning
 * instance is done before this is called (see {@link UserLocator}); an implementation never forwards.
 */
public interface UserStateReader {

  /**
   * The user's state as a JSON-ready tree (maps, lists, strings, numbers, booleans, nulls), as seen at
   * {@code asOf}; empty when this instance owns the user but has never seen them.
   *
   * @throws StateUnavailableException when the local store cannot be queried right now (rebalancing,
   *     restoring, or the partition migrated away); the HTTP layer answers 503 and the client retries
   */
  Optional<Map<String, Object>> read(String userId, Instant asOf);
}
