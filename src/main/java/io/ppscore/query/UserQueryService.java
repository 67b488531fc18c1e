package io.ppscore.query;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a user to the instance hosting the <em>active</em> partition of a store, using Kafka Streams
 * metadata (the counterpart of kafka-streams-examples' {@code MetadataService}).
 *
 * <p>Standbys are deliberately not served: a standby may lag its active, and when the active is unknown
 * (during a rebalance) the answer is {@link Location.Unavailable} and the client retries. This instance's
 * {@code self} must equal the {@code application.server} given to Kafka Streams, or nothing is ever local.
 */
public final class UserQueryService implements UserLocator {

  private static final Logger log = LoggerFactory.getLogger(UserQueryService.class);

  /** Client-facing reasons: fixed, the details (store, exception) are logged at DEBUG. */
  static final String METADATA_UNAVAILABLE = "the owner of the user's partition is not known yet (starting or rebalancing); retry shortly";
  static final String NO_ACTIVE_OWNER = "no instance owns the user's partition right now (rebalancing); retry shortly";

  private final StreamsMetadataSource streams;
  private final String storeName;
  private final Serializer<String> keySerializer;
  private final HostInfo self;

  UserQueryService(StreamsMetadataSource streams, String storeName, Serializer<String> keySerializer, HostInfo self) {
    this.streams = Objects.requireNonNull(streams, "streams must not be null");
    this.storeName = Objects.requireNonNull(storeName, "storeName must not be null");
    this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer must not be null");
    this.self = Objects.requireNonNull(self, "self must not be null");
  }

  /**
   * A locator for users keyed by {@code keySerializer} in {@code storeName}.
   *
   * @param self this instance's advertised endpoint, e.g. {@code HostInfo.buildFromEndpoint(config.advertisedEndpoint())}
   */
  public static UserQueryService forStore(KafkaStreams streams, String storeName,
                                          Serializer<String> keySerializer, HostInfo self) {
    return new UserQueryService(StreamsMetadataSource.of(streams), storeName, keySerializer, self);
  }

  @Override
  public Location locate(String userId) {
    KafkaStreams.State state = streams.state();
    if (!state.isRunningOrRebalancing()) {
      return Location.unavailable("streams is " + state);
    }
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(storeName, userId, keySerializer);
    } catch (RuntimeException e) {
      // e.g. StreamsNotStartedException or UnknownStateStoreException in a race with start/close
      log.debug("Metadata lookup for store {} failed", storeName, e);
      return Location.unavailable(METADATA_UNAVAILABLE);
    }
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
        || metadata.activeHost() == null || HostInfo.unavailable().equals(metadata.activeHost())) {
      log.debug("No active host for store {} in the metadata {}", storeName, metadata);
      return Location.unavailable(NO_ACTIVE_OWNER);
    }
    return self.equals(metadata.activeHost()) ? Location.local() : Location.remote(metadata.activeHost());
  }
}
