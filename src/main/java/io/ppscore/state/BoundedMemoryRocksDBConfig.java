package io.ppscore.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Kafka Streams {@code rocksdb.config.setter} that makes every store of the instance use the shared
 * {@link RocksDBMemoryPool}: one block cache (index and filter blocks included, in a high-priority pool)
 * and one write buffer manager charging memtables to that cache. Set by the app when
 * {@code rocksdb.memory.total.bytes} is positive.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    RocksDBMemoryPool.forStreamsConfigs(configs).applyTo(options);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: closing them here would free
    // memory other stores still use. Their owner closes the pool once Kafka Streams has stopped.
  }
}
