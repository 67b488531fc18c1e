package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TableProperties;

class BoundedMemoryRocksDBConfigTest {

  private static final RocksDBMemoryBudget BUDGET = new RocksDBMemoryBudget(32L << 20, 0.5, 0.1, false);

  @TempDir
  Path dir;

  private final RocksDBMemoryPool pool = RocksDBMemoryPool.open(BUDGET);
  private final BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void shouldPointEveryStoreAtTheOneSharedCacheAndWriteBufferManager() {
    // Given the options Kafka Streams builds for two stores (its table config exposes the block cache)
    try (Options first = kafkaStyleOptions(); Options second = kafkaStyleOptions()) {
      // When the setter configures both
      setter.setConfig("user-profile", first, streamsConfigs());
      setter.setConfig("user-buckets", second, streamsConfigs());

      // Then both use the pool's cache, index and filter blocks included, and its write buffer manager
      for (Options options : new Options[] {first, second}) {
        BlockBasedTableConfigWithAccessibleCache table = (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
        assertThat(table.blockCache()).isSameAs(pool.cache());
        assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        // partitioned, or pinning the top level would pin nothing
        assertThat(table.indexType()).isEqualTo(IndexType.kTwoLevelIndexSearch);
        assertThat(table.partitionFilters()).isTrue();
        assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        assertThat(options.writeBufferManager()).isSameAs(pool.writeBufferManager());
      }
    }
  }

  @Test
  void shouldChargeTheMemtablesOfEveryStoreToTheSharedCache() throws RocksDBException {
    // Given two real RocksDB stores opened with the setter's options
    try (Options first = kafkaStyleOptions(); Options second = kafkaStyleOptions()) {
      setter.setConfig("a", first, streamsConfigs());
      setter.setConfig("b", second, streamsConfigs());
      first.setCreateIfMissing(true);
      second.setCreateIfMissing(true);
      try (RocksDB a = RocksDB.open(first, dir.resolve("a").toString());
          RocksDB b = RocksDB.open(second, dir.resolve("b").toString())) {
        long empty = pool.usage();

        // When 2 MB go into the first store's memtable, then 2 MB into the second's
        write(a, 2 << 20);
        long afterFirst = pool.usage();
        write(b, 2 << 20);
        long afterSecond = pool.usage();

        // Then each store's writes show up in the one cache, which stays within its capacity
        assertThat(afterFirst).as("usage after writing to the first store").isGreaterThan(empty + (1 << 20));
        assertThat(afterSecond).as("usage after writing to the second store").isGreaterThan(afterFirst + (1 << 20));
        assertThat(afterSecond).isLessThanOrEqualTo(BUDGET.totalBytes());
      }
    }
  }

  @Test
  void shouldWriteAndReadBackFlushedFilesWithPartitionedIndexAndBloomFilters() throws RocksDBException {
    // Given a store configured as Kafka Streams does (a Bloom filter) and then by the setter
    try (Options options = kafkaStyleOptions()) {
      ((BlockBasedTableConfig) options.tableFormatConfig()).setFilterPolicy(new BloomFilter());
      setter.setConfig("user-profile", options, streamsConfigs());
      options.setCreateIfMissing(true);
      try (RocksDB db = RocksDB.open(options, dir.resolve("partitioned").toString());
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        // When 2 MB are written and flushed into table files
        write(db, 2 << 20);
        db.flush(flush);

        // Then the files hold a partitioned index and filter, and every key reads back from them
        Map<String, TableProperties> files = db.getPropertiesOfAllTables();
        assertThat(files).isNotEmpty();
        assertThat(files.values()).allSatisfy(file -> {
          assertThat(file.getIndexPartitions()).as("index partitions").isPositive();
          assertThat(file.getFilterPolicyName()).containsIgnoringCase("bloom");
        });
        assertThat(db.get("key-0".getBytes(StandardCharsets.UTF_8))).hasSize(1024);
        assertThat(db.get(("key-" + ((2 << 20) / 1024 - 1)).getBytes(StandardCharsets.UTF_8))).hasSize(1024);
        assertThat(db.get("absent".getBytes(StandardCharsets.UTF_8))).isNull();
      }
    }
  }

  @Test
  void shouldShareOneProcessWidePoolPerBudgetWhenNoPoolIsNamed() {
    // Given Streams configs with a budget but no registered pool (the setter used on its own)
    Map<String, Object> configs = new HashMap<>(BUDGET.toConfigs());
    try (Options first = kafkaStyleOptions(); Options second = kafkaStyleOptions()) {
      // When two stores are configured
      setter.setConfig("a", first, configs);
      setter.setConfig("b", second, configs);

      // Then they share one write buffer manager, not the registered pool's
      assertThat(first.writeBufferManager()).isSameAs(second.writeBufferManager())
          .isNotSameAs(pool.writeBufferManager());
    }
  }

  @Test
  void shouldRefuseAStoreWhosePoolWasAlreadyClosed() {
    Map<String, Object> configs = streamsConfigs();
    pool.close();
    try (Options options = kafkaStyleOptions()) {
      assertThatThrownBy(() -> setter.setConfig("late", options, configs))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining(pool.id()).hasMessageContaining("not open");
    }
  }

  @Test
  void shouldRejectABudgetThatLeavesNoRoomForDataBlocks() {
    assertThatThrownBy(() -> new RocksDBMemoryBudget(64L << 20, 0.9, 0.1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for data blocks");
    assertThatThrownBy(() -> new RocksDBMemoryBudget(1L << 20, 0.5, 0.1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalBytes");
  }

  @Test
  void shouldReadTheBudgetBackFromStringValuedConfigs() {
    Map<String, Object> asStrings = new HashMap<>();
    BUDGET.toConfigs().forEach((key, value) -> asStrings.put(key, String.valueOf(value)));
    assertThat(RocksDBMemoryBudget.fromConfigs(asStrings)).isEqualTo(BUDGET);
  }

  private Map<String, Object> streamsConfigs() {
    Map<String, Object> configs = new HashMap<>(BUDGET.toConfigs());
    configs.put(RocksDBMemoryPool.POOL_ID_CONFIG, pool.id());
    return configs;
  }

  private static Options kafkaStyleOptions() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
    return options;
  }

  private static void write(RocksDB db, int bytes) throws RocksDBException {
    byte[] value = new byte[1024];
    for (int i = 0; i < bytes / value.length; i++) {
      db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
    }
  }
}
