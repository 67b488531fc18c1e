package io.ppscore.query;

import java.util.Map;
import java.util.Optional;

/**
 * Reads one user's latest purchasing-power score from the stores of <em>this</em> instance. Routing to the
 * owning instance is done before this is called; an implementation never forwards.
 */
@FunctionalInterface
public interface LatestScoreReader {

  /** For an instance without a model: no user ever has a score. */
  LatestScoreReader NONE = userId -> Optional.empty();

  /**
   * The user's latest score as a JSON-ready tree, empty when the user has not been scored yet.
   *
   * @throws StateUnavailableException when the local store cannot be queried right now (503, retry)
   */
  Optional<Map<String, Object>> read(String userId);
}
