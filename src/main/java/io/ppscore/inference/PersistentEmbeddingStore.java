package io.ppscore.inference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompactionOptionsFIFO;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Text vectors on local disk, in a RocksDB database of their own (not a Kafka Streams store: nothing is
 * changelogged, and losing it only costs embedding again). Key: the 32-byte {@link TextDigest} of a text;
 * value: its vector, {@code dimension} floats little-endian. No text and no user id is stored.
 *
 * <p>Bounded on disk by FIFO compaction: once the table files exceed {@code maxBytes} the oldest file is
 * dropped, the vectors written longest ago first (not the least used), and a file older than {@link #TTL_SECONDS}
 * is dropped too. Writes skip the write-ahead log (a
 * crash loses the vectors not yet flushed, which are embedded again); {@link #close()} flushes them. Fixed
 * native memory: {@link #BLOCK_CACHE_BYTES} of block cache, which also holds the index and Bloom filter
 * blocks, and at most {@link #WRITE_BUFFERS} memtables of {@link #WRITE_BUFFER_BYTES}. Every table file is kept
 * open (FIFO compaction requires it): one file descriptor per {@link #WRITE_BUFFER_BYTES} of the bound.
 *
 * <p>Thread-safe for reads and writes; the owner closes it once no call is under way.
 */
final class PersistentEmbeddingStore implements AutoCloseable {

  static final long BLOCK_CACHE_BYTES = 8L << 20;
  static final long WRITE_BUFFER_BYTES = 4L << 20;
  static final int WRITE_BUFFERS = 2;
  /**
   * Age after which a table file is dropped whatever the bound: RocksDB's FIFO default (30 days), set here so it
   * is a decision, not an accident. It bounds how long a vector derived from a user's search text stays on disk
   * (an erasure does not remove it), at the cost of embedding a steady catalogue again once a month. RocksDB
   * checks it when it flushes a memtable, so files of an idle store can outlive it until the next flush.
   */
  static final long TTL_SECONDS = java.time.Duration.ofDays(30).toSeconds();

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final int dimension;
  private final RocksDB db;
  private final Options options;
  private final LRUCache cache;
  private final BloomFilter filter;
  private final CompactionOptionsFIFO fifo;
  private final WriteOptions writeOptions;
  private final LongAdder invalid = new LongAdder();

  private PersistentEmbeddingStore(Path dir, int dimension, RocksDB db, Options options, LRUCache cache,
      BloomFilter filter, CompactionOptionsFIFO fifo, WriteOptions writeOptions) {
    this.dir = dir;
    this.dimension = dimension;
    this.db = db;
    this.options = options;
    this.cache = cache;
    this.filter = filter;
    this.fifo = fifo;
    this.writeOptions = writeOptions;
  }

  /**
   * Opens (creating it and its parents if needed) the store in {@code dir} for vectors of {@code dimension}
   * floats, keeping at most about {@code maxBytes} of table files.
   *
   * @throws IOException if the directory cannot be created
   * @throws RocksDBException if RocksDB cannot open it: another process holds its lock, permissions, corruption
   */
  static PersistentEmbeddingStore open(Path dir, int dimension, long maxBytes) throws IOException, RocksDBException {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if (maxBytes < WRITE_BUFFER_BYTES) {
      throw new IllegalArgumentException("the bound must hold at least one table file (" + WRITE_BUFFER_BYTES
          + " bytes), got " + maxBytes);
    }
    Files.createDirectories(dir);
    LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter filter = new BloomFilter(10);
    CompactionOptionsFIFO fifo = new CompactionOptionsFIFO().setMaxTableFilesSize(maxBytes);
    WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    Options options = options(cache, filter, fifo);
    try {
      RocksDB db = RocksDB.open(options, dir.toString());
      return new PersistentEmbeddingStore(dir, dimension, db, options, cache, filter, fifo, writeOptions);
    } catch (RocksDBException | RuntimeException | Error e) {
      options.close();
      writeOptions.close();
      fifo.close();
      filter.close();
      cache.close();
      throw e;
    }
  }

  private static Options options(LRUCache cache, BloomFilter filter, CompactionOptionsFIFO fifo) {
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(filter)
        // index and filter blocks in the small cache, so they do not grow with the data
        .setCacheIndexAndFilterBlocks(true);
    return new Options()
        .setCreateIfMissing(true)
        .setCompactionStyle(CompactionStyle.FIFO)
        .setCompactionOptionsFIFO(fifo)
        .setTableFormatConfig(table)
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setMaxWriteBufferNumber(WRITE_BUFFERS)
        .setTtl(TTL_SECONDS)
        // FIFO compaction with a TTL keeps every table file open (RocksDB refuses it otherwise): one per write
        // buffer flushed
        .setMaxOpenFiles(-1)
        // float vectors barely compress
        .setCompressionType(CompressionType.NO_COMPRESSION)
        // RocksDB's own files stay small too: its info log and the manifest roll over
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setMaxLogFileSize(1L << 20)
        .setKeepLogFileNum(2)
        .setMaxManifestFileSize(4L << 20);
  }

  /** The directory the store lives in. */
  Path dir() {
    return dir;
  }

  /**
   * The stored vectors of {@code keys}, in their order; null for a key not stored, or whose value is not
   * {@code dimension} finite floats (counted in {@link #invalid()}: the caller embeds it again and the
   * {@link #write} replaces it).
   *
   * @throws RocksDBException if a read fails, e.g. a block of a table file that fails its checksum
   */
  float[][] read(List<TextDigest> keys) throws RocksDBException {
    float[][] vectors = new float[keys.size()][];
    for (int i = 0; i < vectors.length; i++) {
      // one get per key, not multiGetAsList: that returns null for a block that fails its checksum, as for
      // a key not stored, and damaged files would go unnoticed
      byte[] value = db.get(keys.get(i).bytes());
      if (value != null) {
        vectors[i] = decode(value);
        if (vectors[i] == null) {
          invalid.increment();
        }
      }
    }
    return vectors;
  }

  /** Stores {@code vectors[i]} under {@code keys.get(i)}, replacing what was there, in one write. */
  void write(List<TextDigest> keys, float[][] vectors) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < vectors.length; i++) {
        batch.put(keys.get(i).bytes(), encode(vectors[i]));
      }
      db.write(writeOptions, batch);
    }
  }

  /** Values read that were not a vector of this store's dimension, or not finite. */
  long invalid() {
    return invalid.sum();
  }

  private static byte[] encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * vector.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return bytes.array();
  }

  /** The vector {@code value} holds, or null when it is not {@code dimension} finite floats. */
  private float[] decode(byte[] value) {
    if (value.length != Float.BYTES * dimension) {
      return null;
    }
    float[] vector = new float[dimension];
    ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return Vectors.finite(vector) ? vector : null;
  }

  /**
   * Flushes the memtables (the writes skipped the log) and frees the database and its native options.
   *
   * @throws RocksDBException if the flush fails; everything is freed all the same
   */
  @Override
  public void close() throws RocksDBException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } finally {
      db.close();
      options.close();
      writeOptions.close();
      fifo.close();
      filter.close();
      cache.close();
    }
  }
}
