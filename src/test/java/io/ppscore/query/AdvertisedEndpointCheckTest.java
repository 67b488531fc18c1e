package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.internals.StreamsMetadataImpl;
import org.junit.jupiter.api.Test;

/** Two instances advertising one endpoint: the metadata lists only one's partitions under it. */
class AdvertisedEndpointCheckTest {

  private static final HostInfo SELF = new HostInfo("localhost", 8080);
  private static final HostInfo OTHER = new HostInfo("ppscore-2", 8080);
  private static final TopicPartition P0 = new TopicPartition("events", 0);
  private static final TopicPartition P1 = new TopicPartition("events", 1);
  private static final TopicPartition P2 = new TopicPartition("events", 2);

  @Test
  void shouldFindLocalPartitionsTheMetadataListsUnderAnotherInstanceOfTheSameEndpoint() {
    // Given this instance runs P0 and P1, but the metadata under its endpoint lists P2 (the other instance that
    // advertises the same endpoint overwrote it in the assignor's map)
    List<StreamsMetadata> metadata = List.of(host(SELF, Set.of(P2)), host(OTHER, Set.of()));

    // When
    Optional<Set<TopicPartition>> unlisted = AdvertisedEndpointCheck.unlisted(Set.of(P0, P1), metadata, SELF);

    // Then
    assertThat(unlisted).hasValueSatisfying(found -> assertThat(found).containsExactly(P0, P1));
  }

  @Test
  void shouldFindNothingWhenTheMetadataListsTheLocalPartitionsUnderThisInstance() {
    List<StreamsMetadata> metadata = List.of(host(SELF, Set.of(P0, P1)), host(OTHER, Set.of(P2)));

    assertThat(AdvertisedEndpointCheck.unlisted(Set.of(P0, P1), metadata, SELF))
        .hasValueSatisfying(found -> assertThat(found).isEmpty());
  }

  @Test
  void shouldHaveNoFindingEitherWayWhileTheMetadataIsNotKnownYet() {
    assertThat(AdvertisedEndpointCheck.unlisted(Set.of(P0), List.of(), SELF)).isEmpty();
  }

  @Test
  void shouldReportAConflictOnlyOnceItPersistsAndClearItWhenTheMetadataAgrees() {
    // Given checks that find unlisted partitions PERSISTENT times, then none
    Deque<Optional<Set<TopicPartition>>> findings = new ArrayDeque<>();
    for (int i = 0; i < AdvertisedEndpointCheck.PERSISTENT; i++) {
      findings.add(Optional.of(Set.of(P0)));
    }
    findings.add(Optional.of(Set.of()));
    AdvertisedEndpointCheck check = new AdvertisedEndpointCheck(findings::removeFirst, "localhost:8080");

    // When / Then: a rebalance's passing disagreement is not a conflict
    for (int i = 1; i < AdvertisedEndpointCheck.PERSISTENT; i++) {
      check.run();
      assertThat(check.conflict()).as("after %d checks", i).isFalse();
    }
    check.run();
    assertThat(check.conflict()).isTrue();
    check.run();
    assertThat(check.conflict()).isFalse();
  }

  @Test
  void shouldKeepAConflictThroughARebalanceWhichIsNoFindingEitherWay() {
    // Given a conflict found PERSISTENT times, then a check while Kafka Streams rebalances (not RUNNING: no
    // finding), then the same conflict again
    Deque<Optional<Set<TopicPartition>>> findings = new ArrayDeque<>();
    for (int i = 0; i < AdvertisedEndpointCheck.PERSISTENT; i++) {
      findings.add(Optional.of(Set.of(P0)));
    }
    findings.add(Optional.empty());
    findings.add(Optional.of(Set.of(P0)));
    AdvertisedEndpointCheck check = new AdvertisedEndpointCheck(findings::removeFirst, "localhost:8080");
    for (int i = 0; i < AdvertisedEndpointCheck.PERSISTENT; i++) {
      check.run();
    }
    assertThat(check.conflict()).isTrue();

    // When the rebalance's check runs, then the conflict stays (it used to be cleared, with an all-clear log line)
    check.run();
    assertThat(check.conflict()).isTrue();
    check.run();
    assertThat(check.conflict()).isTrue();
  }

  private static StreamsMetadata host(HostInfo host, Set<TopicPartition> partitions) {
    return new StreamsMetadataImpl(host, Set.of("user-profile"), partitions, Set.of(), Set.of());
  }
}
