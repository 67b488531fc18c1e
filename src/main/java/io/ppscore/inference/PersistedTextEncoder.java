package io.ppscore.inference;

import io.ppscore.files.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TextEncoder} that looks texts up in a {@link PersistentEmbeddingStore} first and sends only those
 * not stored to its delegate, storing what the delegate returns: the on-disk level behind the in-memory
 * {@link CachingTextEncoder} ({@code embedding.cache.persist}), so a restart reads the vectors of texts seen
 * before instead of embedding them again. A vector comes back bit for bit as the delegate computed it.
 *
 * <p>A cache must never fail the app: if the store cannot be opened, one WARN names its directory and the
 * cause and every call goes straight to the delegate; a read or write that fails at run time is counted, logged
 * once, and turns the level off for the rest of the run (the in-memory cache carries on). A failure of the
 * delegate itself is thrown as it is. Thread-safe; {@link #close()} waits for calls under way, then closes the
 * store and the delegate.
 */
public final class PersistedTextEncoder implements TextEncoder {

  private static final Logger LOG = LoggerFactory.getLogger(PersistedTextEncoder.class);

  /** The default disk bound per directory: {@code embedding.cache.persist.max.bytes}, and the CLI commands'. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  private final TextEncoder delegate;
  private final Path dir;
  /** Null when it could not be opened; kept open (for calls under way) but no longer used once {@link #off}. */
  private final PersistentEmbeddingStore store;
  private volatile boolean off;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private PersistedTextEncoder(TextEncoder delegate, Path dir, PersistentEmbeddingStore store) {
    this.delegate = delegate;
    this.dir = dir;
    this.store = store;
    this.off = store == null;
  }

  /** {@link #open(TextEncoder, Supplier, Path, long)} for a space already known. */
  public static PersistedTextEncoder open(TextEncoder delegate, EmbeddingSpace space, Path root, long maxBytes) {
    Objects.requireNonNull(space, "space");
    return open(delegate, () -> space, root, maxBytes);
  }

  /**
   * The store of {@code space} under {@code root} (its own sub-directory, created if needed) in front of
   * {@code delegate}, keeping about {@code maxBytes} of vectors on disk. Never throws for the store: when the
   * space cannot be named (its model files unreadable) or the store cannot be opened (held by another process,
   * permissions, RocksDB's native library not loadable), logs one WARN and returns an encoder that only calls
   * {@code delegate}. A store RocksDB finds damaged is deleted and started afresh: it holds only vectors the
   * encoder can compute again, and left as it is it would stay off at every start until deleted by hand.
   */
  public static PersistedTextEncoder open(TextEncoder delegate, Supplier<EmbeddingSpace> space, Path root,
      long maxBytes) {
    Objects.requireNonNull(delegate, "delegate");
    Path dir = root.toAbsolutePath();
    try {
      dir = root.resolve(space.get().directoryName()).toAbsolutePath();
      return new PersistedTextEncoder(delegate, dir, openRecreatingIfDamaged(dir, delegate.dimension(), maxBytes));
    } catch (Exception | LinkageError e) {
      PersistedTextEncoder withoutStore = new PersistedTextEncoder(delegate, dir, null);
      withoutStore.fail("cannot open it", e);
      return withoutStore;
    }
  }

  private static PersistentEmbeddingStore openRecreatingIfDamaged(Path dir, int dimension, long maxBytes)
      throws IOException, RocksDBException {
    try {
      return PersistentEmbeddingStore.open(dir, dimension, maxBytes);
    } catch (RocksDBException e) {
      if (e.getStatus() == null || e.getStatus().getCode() != Status.Code.Corruption) {
        throw e;
      }
      LOG.warn("Persisted embedding cache at {} is damaged ({}): deleting it and starting it afresh (it holds only "
          + "vectors the encoder computes again).", dir, describe(e));
      FileOps.deleteTree(dir);
      return PersistentEmbeddingStore.open(dir, dimension, maxBytes);
    }
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
    Objects.requireNonNull(texts, "texts");
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("encoder " + delegate.id() + " is closed");
      }
      return off ? delegate.embed(texts) : embedThroughStore(texts);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Reads what the store has, embeds the rest with the delegate and stores it. */
  private float[][] embedThroughStore(List<String> texts) {
    List<TextDigest> keys = new ArrayList<>(texts.size());
    for (String text : texts) {
      keys.add(TextDigest.of(Objects.requireNonNull(text, "texts contains null")));
    }
    float[][] vectors = read(keys);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i] == null) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      List<String> toEmbed = new ArrayList<>(missing.size());
      missing.forEach(i -> toEmbed.add(texts.get(i)));
      float[][] embedded = TextEncoder.oneRowPerText(delegate, delegate.embed(toEmbed), missing.size());
      List<TextDigest> toStore = new ArrayList<>(missing.size());
      List<float[]> stored = new ArrayList<>(missing.size());
      for (int k = 0; k < missing.size(); k++) {
        vectors[missing.get(k)] = embedded[k];
        // a row that is not a vector is the caller's to refuse (CachingTextEncoder checks each), never kept here
        if (embedded[k] != null && embedded[k].length == delegate.dimension() && Vectors.finite(embedded[k])) {
          toStore.add(keys.get(missing.get(k)));
          stored.add(embedded[k]);
        }
      }
      write(toStore, stored.toArray(float[][]::new));
    }
    hits.add(texts.size() - missing.size());
    misses.add(missing.size());
    return vectors;
  }

  private float[][] read(List<TextDigest> keys) {
    if (!off) {
      try {
        return store.read(keys);
      } catch (Exception e) {
        fail("a read failed", e);
      }
    }
    return new float[keys.size()][];
  }

  private void write(List<TextDigest> keys, float[][] vectors) {
    if (!off && vectors.length > 0) {
      try {
        store.write(keys, vectors);
      } catch (Exception e) {
        fail("a write failed", e);
      }
    }
  }

  /** Counts a failure of the store and turns the level off; the first one is logged. */
  private void fail(String what, Throwable cause) {
    errors.increment();
    off = true;
    if (warned.compareAndSet(false, true)) {
      LOG.warn("Persisted embedding cache at {}: {} ({}); running without it until restart, with the in-memory "
          + "cache only (texts not in memory are embedded again). Counted in "
          + "ppscore_embedding_cache_persisted_errors_total.", dir, what, describe(cause));
    }
  }

  private static String describe(Throwable cause) {
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Texts read from disk instead of embedded. */
  public long hits() {
    return hits.sum();
  }

  /** Texts not on disk (or whose value was invalid), sent to the delegate and written, while the level was on. */
  public long misses() {
    return misses.sum();
  }

  /** Values read that were not a valid vector (wrong length, not finite): embedded again and overwritten. */
  public long invalid() {
    return store == null ? 0 : store.invalid();
  }

  /** Failures to open, read or write the store; the first turns the level off. */
  public long errors() {
    return errors.sum();
  }

  /** Whether vectors are read from and written to disk (false once the store failed or could not be opened). */
  public boolean active() {
    return !off;
  }

  /** The store's directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Waits for calls under way, then closes the store (flushing what was not yet written to its table files;
   * a failure is logged, not thrown) and the delegate. Idempotent.
   */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      off = true;
      if (store != null) {
        try {
          store.close();
        } catch (Exception e) {
          LOG.warn("Persisted embedding cache at {}: closing it failed ({}); the vectors not flushed are embedded "
              + "again after the restart", dir, describe(e));
        }
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
    delegate.close();
  }
}
