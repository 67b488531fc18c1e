package io.ppscore.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads one user's risk flags from the stores of <em>this</em> instance. Routing to the owning instance
 * is done before this is called; an implementation never forwards.
 */
public interface RiskFlagReader {

  /** For an instance without risk rules: no user ever has a flag. */
  RiskFlagReader NONE = new RiskFlagReader() {
    @Override
    public List<Map<String, Object>> recent(String userId) {
      return List.of();
    }

    @Override
    public List<Map<String, Object>> active(String userId, Instant asOf) {
      return List.of();
    }
  };

  /**
   * The user's most recent flags, newest first, as JSON-ready trees; empty for a user never flagged.
   *
   * @throws StateUnavailableException when the local store cannot be queried right now (503, retry)
   */
  List<Map<String, Object>> recent(String userId);

  /**
   * The user's active flags at {@code asOf} (per rule whose cooldown runs at {@code asOf} its last flag, and
   * the spend spikes of the cooldown before it: {@link io.ppscore.risk.RiskFlags#active}), newest first.
   *
   * @throws StateUnavailableException when the local store cannot be queried right now (503, retry)
   */
  List<Map<String, Object>> active(String userId, Instant asOf);
}
