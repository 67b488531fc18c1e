package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import java.util.NavigableMap;

/**
 * One user-keyed store of {@link ActivityBucket}s of one {@link Granularity}, as the state code needs it.
 * Implemented over Kafka Streams window stores (the topology, interactive queries) and in memory (the
 * training backfill), so both run the same aggregation and windowing code.
 */
public interface BucketStore {

  /** The bucket of {@code userId} starting at {@code bucketStart}, or null. */
  ActivityBucket get(String userId, long bucketStart);

  /** Stores the bucket of {@code userId} starting at {@code bucketStart}. */
  void put(String userId, long bucketStart, ActivityBucket bucket);

  /** The user's buckets whose start lies in {@code [fromStart, toStart]}, by bucket start (oldest first). */
  NavigableMap<Long, ActivityBucket> range(String userId, long fromStart, long toStart);
}
