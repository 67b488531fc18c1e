package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserQueryServiceTest {

  private static final HostInfo SELF = new HostInfo("ppscore-0", 8080);
  private static final HostInfo OTHER = new HostInfo("ppscore-1", 8080);

  /** Answers every key with fixed metadata and records what it was asked. */
  private static final class FakeStreams implements StreamsMetadataSource {
    State state = State.RUNNING;
    KeyQueryMetadata metadata = KeyQueryMetadata.NOT_AVAILABLE;
    RuntimeException failure;
    String askedStore;
    Object askedKey;

    @Override
    public State state() {
      return state;
    }

    @Override
    public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer) {
      askedStore = storeName;
      askedKey = key;
      if (failure != null) {
        throw failure;
      }
      return metadata;
    }
  }

  private final FakeStreams streams = new FakeStreams();
  private final UserQueryService service =
      new UserQueryService(streams, "user-profile", Serdes.String().serializer(), SELF);

  @Test
  void shouldLocateUserLocallyWhenThisInstanceIsActive() {
    // Given
    streams.metadata = new KeyQueryMetadata(SELF, Set.of(OTHER), 3);

    // When
    Location location = service.locate("alice");

    // Then
    assertThat(location).isEqualTo(Location.local());
    assertThat(streams.askedStore).isEqualTo("user-profile");
    assertThat(streams.askedKey).isEqualTo("alice");
  }

  @Test
  void shouldLocateUserRemotelyWhenAnotherInstanceIsActiveEvenIfWeHoldAStandby() {
    streams.metadata = new KeyQueryMetadata(OTHER, Set.of(SELF), 3);

    assertThat(service.locate("alice")).isEqualTo(Location.remote(OTHER));
  }

  @Test
  void shouldBeUnavailableWhenMetadataIsNotAvailable() {
    streams.metadata = KeyQueryMetadata.NOT_AVAILABLE;

    assertThat(service.locate("alice")).isInstanceOf(Location.Unavailable.class);
  }

  @Test
  void shouldBeUnavailableWithAFixedReasonWhenMetadataLookupThrows() {
    // Given
    streams.failure = new StreamsNotStartedException("not started");

    // When
    Location location = service.locate("alice");

    // Then: the reason reaches clients, so it names neither the exception nor the store
    assertThat(location).isEqualTo(Location.unavailable(
        "the owner of the user's partition is not known yet (starting or rebalancing); retry shortly"));
  }

  @Test
  void shouldBeUnavailableWithAFixedReasonWhenNoActiveHostIsKnown() {
    streams.metadata = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(OTHER), 3);

    assertThat(service.locate("alice")).isEqualTo(Location.unavailable(
        "no instance owns the user's partition right now (rebalancing); retry shortly"));
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"}, mode = EnumSource.Mode.EXCLUDE)
  void shouldBeUnavailableWithoutAskingMetadataWhenStreamsIsNotRunning(State state) {
    // Given
    streams.state = state;
    streams.metadata = new KeyQueryMetadata(SELF, Set.of(), 3);

    // When
    Location location = service.locate("alice");

    // Then
    assertThat(location).isEqualTo(Location.unavailable("streams is " + state));
    assertThat(streams.askedKey).isNull();
  }

  @Test
  void shouldRouteDuringRebalanceWhileMetadataIsKnown() {
    streams.state = State.REBALANCING;
    streams.metadata = new KeyQueryMetadata(OTHER, Set.of(), 3);

    assertThat(service.locate("alice")).isEqualTo(Location.remote(OTHER));
  }
}
