package io.ppscore.topology;

import io.ppscore.events.EventValidator;
import io.ppscore.events.Topic;
import io.ppscore.events.Topics;
import io.ppscore.state.avro.UserEvent;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The ppscore topology as a pure function of its collaborators.
 *
 * <pre>
 *  clicks ─┐                       ┌─ rejected ───────────────────────────────► dead-letter
 *  carts  ─┼─ parse-{topic} ─ merge┼─ keyed by user ───────────────┐
 *  orders ─┘  (decode, validate)   └─ other key ─ rekey-by-user ───┴─ user-activity ─► dead-letter (late)
 *                                                                   (dedup, buckets, profile)
 * </pre>
 *
 * Records already keyed by their user id (the documented contract) skip the repartition topic; others are
 * re-keyed through {@code <application.id>-user-events-rekey-repartition}. Every processor, store and
 * internal topic is named explicitly: they are part of the upgrade contract.
 */
public final class PurchasingPowerTopology {

  private PurchasingPowerTopology() {
  }

  /** Adds the ppscore topology to {@code builder} and builds it. */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings) {
    EventValidator validator = new EventValidator(settings.limits());
    KStream<String, ParsedEvent> parsed = parse(builder, topics.clicks(), validator, settings)
        .merge(parse(builder, topics.carts(), validator, settings), Named.as("merge-carts"))
        .merge(parse(builder, topics.orders(), validator, settings), Named.as("merge-orders"));

    Map<String, KStream<String, ParsedEvent>> branches = parsed.split(Named.as("route-"))
        .branch((userId, event) -> event instanceof ParsedEvent.Rejected, Branched.as("rejected"))
        .branch((userId, event) -> ((ParsedEvent.Valid) event).keyedByUser(), Branched.as("keyed"))
        .defaultBranch(Branched.as("unkeyed"));

    branches.get("route-rejected")
        .map((ignored, event) -> {
          ParsedEvent.Rejected rejected = (ParsedEvent.Rejected) event;
          return org.apache.kafka.streams.KeyValue.pair(rejected.originalKey(), rejected.originalValue());
        }, Named.as("unwrap-rejected"))
        .to(topics.deadLetter().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-invalid"));

    KStream<String, UserEvent> keyed = branches.get("route-keyed")
        .mapValues(event -> ((ParsedEvent.Valid) event).event(), Named.as("unwrap-keyed"));
    KStream<String, UserEvent> rekeyed = branches.get("route-unkeyed")
        .mapValues(event -> ((ParsedEvent.Valid) event).event(), Named.as("unwrap-unkeyed"))
        .repartition(Repartitioned.<String, UserEvent>as("user-events-rekey")
            .withKeySerde(Serdes.String()).withValueSerde(topics.userEventSerde()));

    for (var store : UserStateStores.all(settings, topics.profileSerde(), topics.bucketSerde())) {
      builder.addStateStore(store);
    }
    keyed.merge(rekeyed, Named.as("merge-rekeyed"))
        .process(() -> new UserActivityProcessor(settings, topics.userEventSerde().serializer()),
            Named.as("user-activity"), UserStateStores.names())
        .to(topics.deadLetter().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-late"));
    return builder.build();
  }

  private static <V extends SpecificRecord> KStream<String, ParsedEvent> parse(StreamsBuilder builder, Topic<String, V> topic,
      EventValidator validator, TopologySettings settings) {
    return builder.stream(topic.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source-" + topic.name()))
        .process(() -> new ParseProcessor(topic.name(), topic.valueSerde().deserializer(), validator, settings.appVersion()),
            Named.as("parse-" + topic.name()));
  }
}
