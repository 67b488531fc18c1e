package io.ppscore.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link TextEncoder} that remembers the vectors of the most recently used texts (an LRU bounded by entry
 * count, keyed by the exact text). Each {@link #embed} call sends its distinct misses to the delegate in one
 * call; duplicates within a call are embedded once. Counts one hit or miss per text asked for: misses are
 * the texts the delegate embedded, hits everything served without it.
 *
 * <p>Thread-safe. The lock is not held while the delegate runs, so two concurrent calls missing the same
 * text may both embed it. Callers get copies, never the cached arrays.
 */
public final class CachingTextEncoder implements TextEncoder {

  private final TextEncoder delegate;
  private final int maxEntries;
  private final Map<String, float[]> lru;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  private CachingTextEncoder(TextEncoder delegate, int maxEntries) {
    this.delegate = delegate;
    this.maxEntries = maxEntries;
    this.lru = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > CachingTextEncoder.this.maxEntries;
      }
    };
  }

  /**
   * Caches up to {@code maxEntries} vectors of {@code delegate} (about {@code 4 * dimension} bytes plus the
   * text each). Closing the cache closes the delegate.
   */
  public static CachingTextEncoder wrap(TextEncoder delegate, int maxEntries) {
    Objects.requireNonNull(delegate, "delegate");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maximum cache size must be positive, got " + maxEntries);
    }
    return new CachingTextEncoder(delegate, maxEntries);
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public float[][] embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    Map<String, float[]> found = new HashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    synchronized (lru) {
      for (String text : texts) {
        Objects.requireNonNull(text, "texts contains null");
        if (!found.containsKey(text) && !missing.contains(text)) {
          float[] cached = lru.get(text);
          if (cached != null) {
            found.put(text, cached);
          } else {
            missing.add(text);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      found.putAll(embedMisses(new ArrayList<>(missing)));
    }
    misses.add(missing.size());
    hits.add(texts.size() - missing.size());
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = found.get(texts.get(i)).clone();
    }
    return vectors;
  }

  private Map<String, float[]> embedMisses(List<String> misses) {
    float[][] vectors = delegate.embed(misses);
    if (vectors.length != misses.size()) {
      throw new IllegalStateException(delegate.id() + " returned " + vectors.length + " vectors for "
          + misses.size() + " texts");
    }
    Map<String, float[]> embedded = new HashMap<>();
    synchronized (lru) {
      for (int i = 0; i < vectors.length; i++) {
        lru.put(misses.get(i), vectors[i]);
        embedded.put(misses.get(i), vectors[i]);
      }
    }
    return embedded;
  }

  /** Texts served from the cache or from a duplicate in the same call. */
  public long hits() {
    return hits.sum();
  }

  /** Texts sent to the delegate. */
  public long misses() {
    return misses.sum();
  }

  /** {@code hits / (hits + misses)}, 0 before any lookup. */
  public double hitRate() {
    long h = hits();
    long total = h + misses();
    return total == 0 ? 0 : (double) h / total;
  }

  /** Vectors currently cached. */
  public int size() {
    synchronized (lru) {
      return lru.size();
    }
  }

  /** The configured bound. */
  public int maxEntries() {
    return maxEntries;
  }

  /** Empties the cache and closes the delegate. */
  @Override
  public void close() {
    synchronized (lru) {
      lru.clear();
    }
    delegate.close();
  }
}
