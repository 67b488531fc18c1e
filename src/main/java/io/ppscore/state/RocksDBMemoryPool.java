package io.ppscore.state;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The one block cache and the one write buffer manager that every RocksDB store of an instance shares, so
 * that the instance's RocksDB memory is bounded by one number however many stores, segments and tasks it
 * hosts (the "bounded memory" pattern of the Kafka Streams memory-management docs).
 *
 * <p>Kafka Streams instantiates {@link BoundedMemoryRocksDBConfig} once per store and gives it only the
 * Streams configs, so the pool is found through a registry: {@link #open} registers it under an id that
 * the app passes as {@value #POOL_ID_CONFIG}. The owner closes it after Kafka Streams has closed every
 * store; the stores themselves never close it.
 */
public final class RocksDBMemoryPool implements AutoCloseable {

  /** Streams-config key naming the pool of the instance. */
  public static final String POOL_ID_CONFIG = "ppscore.rocksdb.memory.pool";

  private static final Map<String, RocksDBMemoryPool> OPEN = new ConcurrentHashMap<>();
  // Pools for a config setter used without a registered pool: one per budget, for the life of the JVM.
  private static final Map<RocksDBMemoryBudget, RocksDBMemoryPool> PROCESS_WIDE = new ConcurrentHashMap<>();

  static {
    RocksDB.loadLibrary();
  }

  private final String id;
  private final RocksDBMemoryBudget budget;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;

  private RocksDBMemoryPool(String id, RocksDBMemoryBudget budget) {
    if (!budget.bounded()) {
      throw new IllegalArgumentException("an unbounded budget has no shared pool");
    }
    this.id = id;
    this.budget = budget;
    // numShardBits -1: RocksDB picks the shard count from the capacity.
    this.cache = new LRUCache(budget.totalBytes(), -1, budget.strictCapacity(), budget.highPriorityRatio());
    this.writeBufferManager = new WriteBufferManager(budget.writeBufferBytes(), cache);
  }

  /** Allocates a pool for {@code budget} and registers it until {@link #close()}. */
  public static RocksDBMemoryPool open(RocksDBMemoryBudget budget) {
    Objects.requireNonNull(budget, "budget must not be null");
    RocksDBMemoryPool pool = new RocksDBMemoryPool(UUID.randomUUID().toString(), budget);
    OPEN.put(pool.id, pool);
    return pool;
  }

  /**
   * The pool for a store with these Streams configs: the registered one named by {@value #POOL_ID_CONFIG},
   * or, without that key, one process-wide pool per budget (as in the Kafka docs' example).
   */
  static RocksDBMemoryPool forStreamsConfigs(Map<String, ?> configs) {
    Object id = configs.get(POOL_ID_CONFIG);
    if (id == null) {
      return PROCESS_WIDE.computeIfAbsent(RocksDBMemoryBudget.fromConfigs(configs),
          budget -> new RocksDBMemoryPool("process-wide", budget));
    }
    RocksDBMemoryPool pool = OPEN.get(String.valueOf(id));
    if (pool == null) {
      throw new IllegalStateException("RocksDB memory pool " + id + " is not open (closed before its stores?)");
    }
    return pool;
  }

  /** Points the store's options at the shared cache and write buffer manager. */
  void applyTo(Options options) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    // Index and filter blocks are charged to the cache too (otherwise they grow without bound with the
    // data), in its high-priority pool. They are partitioned (RocksDB's "Partitioned Index/Filters"), so
    // the cache holds only the partitions in use plus each file's small top-level index, which is pinned:
    // pinning the top level does nothing for RocksDB's default single-block index, where a whole file's
    // index and filter would compete for the high-priority pool and, evicted, be read back whole. Files
    // written before keep the index they were written with (each file records its own).
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setIndexType(IndexType.kTwoLevelIndexSearch);
    table.setPartitionFilters(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBufferManager);
  }

  public String id() {
    return id;
  }

  public RocksDBMemoryBudget budget() {
    return budget;
  }

  /** Bytes in the shared cache now: data, index and filter blocks and the memtables charged to it. */
  public long usage() {
    return cache.getUsage();
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  /** Unregisters and frees the native cache; only once no store that uses it is open. */
  @Override
  public void close() {
    if (OPEN.remove(id, this)) {
      writeBufferManager.close();
      cache.close();
    }
  }
}
