package io.ppscore.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A {@link TextEncoder} that remembers the vectors of the most recently used texts (an LRU bounded by entry
 * count, keyed by the {@link TextDigest SHA-256 digest} of the exact text, so an entry's size does not grow
 * with its text). Each {@link #embed} call sends its distinct misses to the delegate in one
 * call; duplicates within a call are embedded once. Counts one hit or miss per text asked for: misses are
 * the texts the delegate embedded for the call, hits everything served without it (including texts another
 * call was already embedding, which the call waits for instead of embedding them twice).
 *
 * <p>{@link #prefetch} warms the cache ahead of use (see {@link EmbeddingPrefetcher}); it counts its own
 * texts ({@link #prefetched()}) and not as hits or misses, so hits and misses describe the callers of
 * {@link #embed} only. A vector is a pure function of its text, so whether a prefetch or the caller embedded
 * it never changes what {@link #embed} returns.
 *
 * <p>Thread-safe. The lock is not held while the delegate runs; a text being embedded is "in flight" and
 * other callers wait for it (a failed embedding is retried by the waiter itself). Callers get copies, never
 * the cached arrays.
 */
public final class CachingTextEncoder implements TextEncoder {

  private final TextEncoder delegate;
  private final int maxEntries;
  /** Guards {@link #lru} and {@link #inFlight}. */
  private final Object lock = new Object();
  private final Map<TextDigest, Entry> lru;
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final LongAdder prefetched = new LongAdder();
  private final LongAdder prefetchHits = new LongAdder();

  private CachingTextEncoder(TextEncoder delegate, int maxEntries) {
    this.delegate = delegate;
    this.maxEntries = maxEntries;
    this.lru = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<TextDigest, Entry> eldest) {
        return size() > CachingTextEncoder.this.maxEntries;
      }
    };
  }

  /**
   * Caches up to {@code maxEntries} vectors of {@code delegate} ({@code 4 * dimension} bytes each, plus a
   * 32-byte digest of the text and fixed per-entry overhead). Closing the cache closes the delegate.
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
  public String profileSpace() {
    return delegate.profileSpace();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public float[][] embed(List<String> texts) {
    return embed(texts, ownCount -> List.of());
  }

  /**
   * As {@link #embed(List)}, and when the call runs the delegate anyway, the texts {@code alongside} supplies
   * (asked once, only then, with the number of this call's own texts to embed) that are neither cached nor in
   * flight ride in the same delegate call: embedded and cached as a {@link #prefetch} would, counted in
   * {@link #prefetched()}, not returned. One delegate call then does the work of several, each of which
   * would pay the model's fixed cost of a run. If that shared call fails, this call's own texts are embedded
   * again alone, so a companion text can never fail the caller; a supplier that throws is treated as
   * supplying nothing.
   */
  public float[][] embed(List<String> texts, IntFunction<? extends Collection<String>> alongside) {
    Objects.requireNonNull(texts, "texts");
    Objects.requireNonNull(alongside, "alongside");
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String text : texts) {
      distinct.add(Objects.requireNonNull(text, "texts contains null"));
    }
    Map<String, float[]> found = new HashMap<>();
    Collection<String> wanted = distinct;
    long embedded = 0;
    boolean companionsAsked = false;
    while (!wanted.isEmpty()) {
      Map<String, InFlight> awaited = new HashMap<>();
      List<String> claimed = claim(wanted, found, awaited, false);
      if (!claimed.isEmpty()) {
        int own = claimed.size();
        if (!companionsAsked) {
          companionsAsked = true;
          claimed.addAll(claimCompanions(alongside, own, distinct, claimed));
        }
        try {
          found.putAll(embedClaimed(claimed, own));
        } catch (RuntimeException e) {
          if (claimed.size() == own) {
            throw e;
          }
          continue; // every claimed future is failed and released: claim the own texts again, alone
        }
        embedded += own;
        prefetched.add(claimed.size() - own);
      }
      // Only after this call's own texts are done: two calls waiting on each other cannot both be waiting.
      wanted = await(awaited, found);
    }
    misses.add(embedded);
    hits.add(texts.size() - embedded);
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = found.get(texts.get(i)).clone();
    }
    return vectors;
  }

  /**
   * Claims, as a prefetch, what {@code alongside} supplies for a call with {@code own} texts to embed, minus
   * the call's {@code distinct} texts. If anything here throws an {@link Error}, the call's {@code claimed}
   * texts are released before it propagates: their waiters must not wait forever.
   */
  private List<String> claimCompanions(IntFunction<? extends Collection<String>> alongside, int own,
      Set<String> distinct, List<String> claimed) {
    try {
      Collection<String> supplied;
      try {
        supplied = alongside.apply(own);
      } catch (RuntimeException e) {
        supplied = List.of(); // a failing supplier only costs the coalescing
      }
      LinkedHashSet<String> extra = new LinkedHashSet<>();
      if (supplied != null) {
        for (String text : supplied) {
          if (text != null && !distinct.contains(text)) {
            extra.add(text);
          }
        }
      }
      return claim(extra, new HashMap<>(), new HashMap<>(), true);
    } catch (RuntimeException | Error e) {
      release(claimed, e);
      throw e;
    }
  }

  /** Fails and removes the in-flight entries this call claimed for {@code claimed} (none is done yet). */
  private void release(List<String> claimed, Throwable cause) {
    failUnfinished(ownEntries(claimed), cause);
  }

  /** The in-flight entries of texts this call claimed, to complete or fail later. */
  private Map<String, InFlight> ownEntries(List<String> claimed) {
    Map<String, InFlight> own = new HashMap<>();
    synchronized (lock) {
      claimed.forEach(text -> own.put(text, inFlight.get(text)));
    }
    return own;
  }

  /**
   * Fails the entries of {@code own} not yet completed and removes them, so their waiters do not wait
   * forever. Only this call's own entries: a text it completed may already be claimed again by another call.
   */
  private void failUnfinished(Map<String, InFlight> own, Throwable cause) {
    synchronized (lock) {
      own.forEach((text, mine) -> {
        if (mine != null && !mine.vector().isDone()) {
          inFlight.remove(text, mine);
          mine.vector().completeExceptionally(cause);
        }
      });
    }
  }

  /**
   * Embeds those of {@code texts} that are neither cached nor in flight and caches them; counted in
   * {@link #prefetched()}, not as hits or misses. Returns how many it embedded.
   *
   * @throws RuntimeException what the delegate threw; the texts are then neither cached nor in flight
   */
  public int prefetch(Collection<String> texts) {
    List<String> claimed = claim(new LinkedHashSet<>(texts), new HashMap<>(), new HashMap<>(), true);
    if (!claimed.isEmpty()) {
      embedClaimed(claimed, 0);
      prefetched.add(claimed.size());
    }
    return claimed.size();
  }

  /** Whether {@code text} is cached or being embedded (a prefetch of it would do nothing). */
  public boolean cachedOrInFlight(String text) {
    TextDigest key = TextDigest.of(text);
    synchronized (lock) {
      return lru.containsKey(key) || inFlight.containsKey(text);
    }
  }

  /**
   * Under the lock: puts the cached vectors of {@code wanted} in {@code found}, the in-flight ones in
   * {@code awaited} (unless {@code prefetch}: a prefetch never waits) and claims the others for this call.
   */
  private List<String> claim(Collection<String> wanted, Map<String, float[]> found, Map<String, InFlight> awaited,
      boolean prefetch) {
    List<String> claimed = new ArrayList<>();
    Map<String, TextDigest> keys = digests(wanted);
    synchronized (lock) {
      for (String text : wanted) {
        TextDigest key = keys.get(text);
        Entry cached = prefetch ? null : lru.get(key);
        if (cached != null) {
          found.put(text, cached.vector);
          countPrefetchUse(cached);
        } else if (prefetch && lru.containsKey(key)) {
          continue;
        } else if (inFlight.containsKey(text)) {
          if (!prefetch) {
            awaited.put(text, inFlight.get(text));
          }
        } else {
          inFlight.put(text, new InFlight(new CompletableFuture<>()));
          claimed.add(text);
        }
      }
    }
    return claimed;
  }

  /** Waits for the texts other calls are embedding; returns those whose embedding failed, to claim again. */
  private List<String> await(Map<String, InFlight> awaited, Map<String, float[]> found) {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, InFlight> e : awaited.entrySet()) {
      try {
        found.put(e.getKey(), e.getValue().vector().join());
        waits.increment();
      } catch (CompletionException | CancellationException ex) {
        failed.add(e.getKey());
      }
    }
    Map<String, TextDigest> keys = digests(awaited.keySet());
    synchronized (lock) {
      for (TextDigest key : keys.values()) {
        Entry entry = lru.get(key);
        if (entry != null) {
          countPrefetchUse(entry);
        }
      }
    }
    return failed;
  }

  /** The cache keys of {@code texts}, computed before taking the lock. */
  private static Map<String, TextDigest> digests(Collection<String> texts) {
    Map<String, TextDigest> keys = new HashMap<>();
    for (String text : texts) {
      keys.computeIfAbsent(text, TextDigest::of);
    }
    return keys;
  }

  /** Counts the first use of a vector a prefetch embedded; caller holds the lock. */
  private void countPrefetchUse(Entry entry) {
    if (entry.unusedPrefetch) {
      entry.unusedPrefetch = false;
      prefetchHits.increment();
    }
  }

  /**
   * Embeds texts this call claimed, caches them and completes their in-flight futures (also on failure);
   * those from index {@code firstPrefetched} on are cached as prefetched.
   */
  private Map<String, float[]> embedClaimed(List<String> claimed, int firstPrefetched) {
    Map<String, float[]> embedded = new HashMap<>();
    Map<String, InFlight> own = ownEntries(claimed);
    try {
      float[][] vectors = TextEncoder.oneRowPerText(delegate, delegate.embed(claimed), claimed.size());
      for (int i = 0; i < vectors.length; i++) {
        if (vectors[i] == null) {
          throw new IllegalStateException(delegate.id() + " returned no vector for text " + i + " of " + claimed.size());
        }
      }
      Map<String, TextDigest> keys = digests(claimed);
      synchronized (lock) {
        for (int i = 0; i < vectors.length; i++) {
          String text = claimed.get(i);
          lru.put(keys.get(text), new Entry(vectors[i], i >= firstPrefetched));
          embedded.put(text, vectors[i]);
          inFlight.remove(text).vector().complete(vectors[i]);
        }
      }
    } catch (RuntimeException | Error e) {
      failUnfinished(own, e);
      throw e;
    }
    return embedded;
  }

  /** Texts served from the cache, from a duplicate in the same call or from another call's embedding. */
  public long hits() {
    return hits.sum();
  }

  /** Texts sent to the delegate for {@link #embed} calls. */
  public long misses() {
    return misses.sum();
  }

  /** Texts an {@link #embed} call waited for because another call (often a prefetch) was embedding them. */
  public long waits() {
    return waits.sum();
  }

  /** Texts {@link #prefetch} sent to the delegate, and those that rode along in an {@link #embed(List, IntFunction)}. */
  public long prefetched() {
    return prefetched.sum();
  }

  /** Prefetched vectors an {@link #embed} call then used (each counted once, at its first use). */
  public long prefetchHits() {
    return prefetchHits.sum();
  }

  /** {@code hits / (hits + misses)}, 0 before any lookup. */
  public double hitRate() {
    long h = hits();
    long total = h + misses();
    return total == 0 ? 0 : (double) h / total;
  }

  /** Vectors currently cached. */
  public int size() {
    synchronized (lock) {
      return lru.size();
    }
  }

  /** The configured bound. */
  public int maxEntries() {
    return maxEntries;
  }

  /** What misses are sent to: the encoder, or a {@link PersistedTextEncoder} in front of it. */
  public TextEncoder delegate() {
    return delegate;
  }

  /** Empties the cache and closes the delegate. */
  @Override
  public void close() {
    synchronized (lock) {
      lru.clear();
    }
    delegate.close();
  }

  /** A cached vector; {@code unusedPrefetch} until an {@link #embed} call first uses a prefetched one. */
  private static final class Entry {
    final float[] vector;
    boolean unusedPrefetch;

    Entry(float[] vector, boolean prefetched) {
      this.vector = vector;
      this.unusedPrefetch = prefetched;
    }
  }

  /** A text being embedded by one call; completed with its vector, or exceptionally when that call failed. */
  private record InFlight(CompletableFuture<float[]> vector) {
  }
}
