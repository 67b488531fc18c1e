package io.ppscore.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one scoring run embed the new texts other tasks are waiting with, in the same model run. Each task
 * scores its own dirty users on its own punctuation, so with several tasks per stream thread each run embeds
 * a handful of texts, and the encoder's fixed cost per run (reading the model's weights once: about as much
 * as 16 tokens of text on 2 cores for MiniLM) dominates. Texts an event brings are {@link #request requested}
 * into a bounded set shared by all tasks of the app; when a scoring run has to run the encoder anyway, some
 * of them ride along in the same call ({@link CachingTextEncoder#embed(List, java.util.function.IntFunction)}),
 * filling it up to {@code maxAlongside} texts, and are cached, so the other tasks' runs find them. Nothing
 * runs on another thread, and a run that finds all its texts cached takes nothing from the set.
 *
 * <p>A cache warm-up only, like every {@link EmbeddingPrefetch}: requests that do not fit in the set are
 * dropped and counted ({@link #dropped()}), and a text is always embedded by its own scoring run if nobody
 * embedded it first, so vectors, profiles and scores are the same with or without it. If a shared model call
 * fails, the caller's own texts are embedded again alone: another task's text never fails a run. Thread-safe;
 * {@link #request} never throws and only takes short locks (the set's, and the cache's once per text).
 */
public final class CoalescingTextEncoder implements TextEncoder, EmbeddingPrefetch {

  private final CachingTextEncoder cache;
  private final int capacity;
  private final int maxAlongside;
  /** Requested texts not yet taken, oldest first; guarded by itself. */
  private final LinkedHashSet<String> requested = new LinkedHashSet<>();
  private final LongAdder dropped = new LongAdder();
  private volatile boolean closed;

  private CoalescingTextEncoder(CachingTextEncoder cache, int capacity, int maxAlongside) {
    this.cache = cache;
    this.capacity = capacity;
    this.maxAlongside = maxAlongside;
  }

  /**
   * Coalesces over {@code cache}: holds at most {@code capacity} requested texts and adds at most
   * {@code maxAlongside} of them to a run. Closing closes the cache.
   */
  public static CoalescingTextEncoder over(CachingTextEncoder cache, int capacity, int maxAlongside) {
    Objects.requireNonNull(cache, "cache");
    if (capacity < 1 || maxAlongside < 1) {
      throw new IllegalArgumentException("capacity and maxAlongside must be positive, got " + capacity + " and "
          + maxAlongside);
    }
    return new CoalescingTextEncoder(cache, capacity, maxAlongside);
  }

  @Override
  public void request(Collection<String> texts) {
    if (closed) {
      return;
    }
    synchronized (requested) {
      for (String text : texts) {
        if (text == null || requested.contains(text) || cache.cachedOrInFlight(text)) {
          continue;
        }
        if (requested.size() >= capacity) {
          dropped.increment();
        } else {
          requested.add(text);
        }
      }
    }
  }

  /**
   * Embeds {@code texts} through the cache; when that runs the model, requested texts ride along, so that the
   * run holds at most {@code maxAlongside} texts in all (the caller's own first). The caller's texts leave
   * the requested set: they are embedded now.
   */
  @Override
  public float[][] embed(List<String> texts) {
    synchronized (requested) {
      texts.forEach(requested::remove);
    }
    return cache.embed(texts, own -> take(maxAlongside - own));
  }

  /** Removes and returns up to {@code max} requested texts that still need embedding, oldest first. */
  List<String> take(int max) {
    List<String> taken = new ArrayList<>();
    if (max <= 0) {
      return taken;
    }
    synchronized (requested) {
      Iterator<String> it = requested.iterator();
      while (it.hasNext() && taken.size() < max) {
        String text = it.next();
        it.remove();
        if (!cache.cachedOrInFlight(text)) {
          taken.add(text);
        }
      }
    }
    return taken;
  }

  /** Requested texts waiting to ride along. */
  public int waiting() {
    synchronized (requested) {
      return requested.size();
    }
  }

  /** Requests dropped because the set was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** The cache it embeds into. */
  public CachingTextEncoder cache() {
    return cache;
  }

  @Override
  public String id() {
    return cache.id();
  }

  @Override
  public String profileSpace() {
    return cache.profileSpace();
  }

  @Override
  public int dimension() {
    return cache.dimension();
  }

  /** Closes the cache (and its encoder); later requests are ignored. */
  @Override
  public void close() {
    closed = true;
    synchronized (requested) {
      requested.clear();
    }
    cache.close();
  }
}
