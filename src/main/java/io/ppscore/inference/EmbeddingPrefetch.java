package io.ppscore.inference;

import java.util.Collection;

/**
 * Where the topology hands the texts a user's event brings, so they can be embedded before the scoring
 * run asks for them. A cache warm-up only, never state: a request may be dropped, and the scoring run embeds
 * whatever is not ready itself. Implementations never block and never throw.
 */
@FunctionalInterface
public interface EmbeddingPrefetch {

  /** No prefetch: the scoring run embeds every text it misses. */
  EmbeddingPrefetch NONE = texts -> { };

  /** Asks for {@code texts} to be embedded soon; returns at once. */
  void request(Collection<String> texts);
}
