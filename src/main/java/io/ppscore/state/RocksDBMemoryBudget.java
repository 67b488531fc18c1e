package io.ppscore.state;

import java.util.Map;

/**
 * How much off-heap memory all RocksDB stores of one instance may use together, and how it is split:
 * {@code totalBytes} is the capacity of the one shared block cache; memtables are charged to that same
 * cache by the write buffer manager, up to {@code writeBufferRatio} of it; index and filter blocks sit in
 * the high-priority pool ({@code highPriorityRatio}) so data blocks cannot push them out.
 *
 * @param totalBytes block cache capacity, memtables included; 0 means unbounded (Kafka's per-store defaults)
 * @param writeBufferRatio share of {@code totalBytes} memtables may take before they are flushed
 * @param highPriorityRatio share of the cache reserved for index and filter blocks
 * @param strictCapacity whether an insert beyond capacity fails instead of overshooting (see the README)
 */
public record RocksDBMemoryBudget(long totalBytes, double writeBufferRatio, double highPriorityRatio,
    boolean strictCapacity) {

  /** Streams-config keys under which {@link #toConfigs()} passes a budget to the config setter. */
  public static final String TOTAL_BYTES_CONFIG = "rocksdb.memory.total.bytes";
  public static final String WRITE_BUFFER_RATIO_CONFIG = "rocksdb.memory.write.buffer.ratio";
  public static final String HIGH_PRIORITY_RATIO_CONFIG = "rocksdb.memory.high.priority.ratio";
  public static final String STRICT_CAPACITY_CONFIG = "rocksdb.memory.strict.capacity";

  /** Smallest bounded total: below this the memtables of a handful of stores could not fit at all. */
  public static final long MIN_TOTAL_BYTES = 8L << 20;

  public RocksDBMemoryBudget {
    requireArgument(totalBytes == 0 || totalBytes >= MIN_TOTAL_BYTES,
        "totalBytes must be 0 (unbounded) or at least " + MIN_TOTAL_BYTES + ", was " + totalBytes);
    requireArgument(writeBufferRatio > 0 && writeBufferRatio < 1, "writeBufferRatio must be in (0, 1), was " + writeBufferRatio);
    requireArgument(highPriorityRatio >= 0 && highPriorityRatio < 1, "highPriorityRatio must be in [0, 1), was " + highPriorityRatio);
    requireArgument(writeBufferRatio + highPriorityRatio < 1,
        "writeBufferRatio + highPriorityRatio must leave room for data blocks, was " + (writeBufferRatio + highPriorityRatio));
  }

  /** Whether the stores share one bounded pool; false leaves Kafka's per-store defaults. */
  public boolean bounded() {
    return totalBytes > 0;
  }

  /** Bytes of the cache memtables may use. */
  public long writeBufferBytes() {
    return (long) (totalBytes * writeBufferRatio);
  }

  /** The budget as Streams-config entries, read back by {@link #fromConfigs}. */
  public Map<String, Object> toConfigs() {
    return Map.of(TOTAL_BYTES_CONFIG, totalBytes, WRITE_BUFFER_RATIO_CONFIG, writeBufferRatio,
        HIGH_PRIORITY_RATIO_CONFIG, highPriorityRatio, STRICT_CAPACITY_CONFIG, strictCapacity);
  }

  /** Reads a budget from Streams configs (values may be strings, as from a properties file). */
  public static RocksDBMemoryBudget fromConfigs(Map<String, ?> configs) {
    return new RocksDBMemoryBudget(
        Long.parseLong(required(configs, TOTAL_BYTES_CONFIG)),
        Double.parseDouble(required(configs, WRITE_BUFFER_RATIO_CONFIG)),
        Double.parseDouble(required(configs, HIGH_PRIORITY_RATIO_CONFIG)),
        Boolean.parseBoolean(String.valueOf(configs.get(STRICT_CAPACITY_CONFIG))));
  }

  private static String required(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      throw new IllegalStateException("RocksDB memory budget: missing Streams config " + key);
    }
    return String.valueOf(value).trim();
  }

  private static void requireArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
