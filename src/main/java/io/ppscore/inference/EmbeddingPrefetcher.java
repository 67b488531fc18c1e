package io.ppscore.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds requested texts on one daemon thread ({@value #THREAD_NAME}) into a {@link CachingTextEncoder},
 * so that the scoring run, which embeds on the stream thread, mostly finds them cached; embedding then
 * overlaps with event processing instead of alternating with it.
 *
 * <p>A request skips texts that are cached, being embedded, or already queued, and offers the rest to a
 * bounded queue: when it is full the text is dropped and counted ({@link #dropped()}), the caller never
 * blocks. The worker takes whatever is queued, up to the encoder's batch size, and calls
 * {@link CachingTextEncoder#prefetch}; a failure is counted ({@link #errors()}), logged as a warning at
 * most once a minute, and otherwise ignored: the scoring run embeds those texts itself.
 *
 * <p>{@link #close()} stops the worker and waits for the batch it is running, so close it before the
 * encoder.
 */
public final class EmbeddingPrefetcher implements EmbeddingPrefetch, AutoCloseable {

  /** Name of the worker thread. */
  public static final String THREAD_NAME = "ppscore-embedding-prefetch";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingPrefetcher.class);
  private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /** How often an idle worker looks at the closed flag: {@link #close()} does not interrupt a running batch. */
  private static final Duration IDLE_POLL = Duration.ofMillis(100);

  private final CachingTextEncoder cache;
  private final int batchSize;
  private final BlockingQueue<String> queue;
  /** Texts queued or in the worker's current batch: at most the queue capacity plus one batch. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final Thread worker;
  private volatile boolean closed;
  private long lastWarnAt;
  private boolean warned;
  private long unloggedErrors;

  private EmbeddingPrefetcher(CachingTextEncoder cache, int queueCapacity, int batchSize) {
    this.cache = cache;
    this.batchSize = batchSize;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker = new Thread(this::run, THREAD_NAME);
    worker.setDaemon(true);
    worker.setUncaughtExceptionHandler((thread, e) -> LOG.error("The embedding prefetch thread stopped; the scoring "
        + "run embeds every text itself from now on", e));
  }

  /**
   * Starts a prefetcher filling {@code cache}, queueing at most {@code queueCapacity} texts and embedding
   * at most {@code batchSize} per delegate call.
   */
  public static EmbeddingPrefetcher start(CachingTextEncoder cache, int queueCapacity, int batchSize) {
    Objects.requireNonNull(cache, "cache");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("prefetch queue capacity must be positive, got " + queueCapacity);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("prefetch batch size must be positive, got " + batchSize);
    }
    EmbeddingPrefetcher prefetcher = new EmbeddingPrefetcher(cache, queueCapacity, batchSize);
    prefetcher.worker.start();
    return prefetcher;
  }

  @Override
  public void request(Collection<String> texts) {
    if (closed) {
      return;
    }
    for (String text : texts) {
      if (text == null || cache.cachedOrInFlight(text) || !pending.add(text)) {
        continue;
      }
      if (!queue.offer(text)) {
        pending.remove(text);
        dropped.increment();
      }
    }
  }

  private void run() {
    List<String> batch = new ArrayList<>(batchSize);
    while (!closed) {
      try {
        String first = queue.poll(IDLE_POLL.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, batchSize - 1);
      try {
        if (cache.prefetch(batch) > 0) {
          batches.increment();
        }
      } catch (RuntimeException | Error e) {
        // an Error too (a linkage error from the tokenizer or ONNX Runtime, an OutOfMemoryError): the worker
        // keeps going rather than die behind a queue that then only fills and counts "dropped"
        failed(batch.size(), e);
      } finally {
        // only now: while the batch runs its texts are in flight in the cache, and after it cached
        batch.forEach(pending::remove);
        batch.clear();
      }
    }
  }

  private void failed(int texts, Throwable e) {
    errors.increment();
    unloggedErrors++;
    long now = System.nanoTime();
    if (!warned || now - lastWarnAt >= WARN_EVERY_NANOS) {
      LOG.warn("Embedding prefetch of {} texts failed ({} failed batches since the last warning); the scoring run "
          + "embeds them itself: {}", texts, unloggedErrors, e.toString(), e);
      lastWarnAt = now;
      warned = true;
      unloggedErrors = 0;
    }
  }

  /** Texts not prefetched because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Prefetch batches sent to the encoder (with at least one text not cached). */
  public long batches() {
    return batches.sum();
  }

  /** Prefetch batches that failed (their texts were left to the scoring run). */
  public long errors() {
    return errors.sum();
  }

  /** Texts queued or being embedded by the worker. */
  public int pending() {
    return pending.size();
  }

  /** Whether the worker thread is running. */
  public boolean running() {
    return worker.isAlive();
  }

  /**
   * Stops taking requests, drops the queue and waits (up to 30 s) for the worker's current batch, which is
   * not interrupted. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      worker.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      LOG.warn("The embedding prefetch thread did not stop within {}", STOP_TIMEOUT);
    }
    queue.clear();
    pending.clear();
  }
}
