package io.ppscore.topology;

import io.ppscore.events.InputEvents;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.risk.RiskInput;
import io.ppscore.risk.RiskInputs;
import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserRiskState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Evaluates the event risk rules ({@link RiskEngine#onEvent}) on every event {@link UserActivityProcessor}
 * accepted. It is wired to the same stream after that node, so it sees the stores already updated; an
 * event was accepted exactly when it is now the user's {@code last_event_id} (duplicates, late events and
 * currency conflicts leave the profile as it was). Forwards the flags, stamped with the event's timestamp.
 */
final class RiskEventProcessor implements Processor<String, UserEvent, String, RiskFlag> {

  /** Metric operation: flags sent to the risk-flags topic ({@code risk-flags-out-total}). */
  static final String FLAGS_OUT = "risk-flags-out";

  private final RiskEngine engine;
  private final boolean withScores;
  private ProcessorContext<String, RiskFlag> context;
  private KeyValueStore<String, UserProfile> profiles;
  private KeyValueStore<String, UserRiskState> memories;
  private KeyValueStore<String, UserScore> latestScores;
  private RiskInputs inputs;
  private Sensor flagsOut;

  RiskEventProcessor(RiskEngine engine, boolean withScores) {
    this.engine = engine;
    this.withScores = withScores;
  }

  @Override
  public void init(ProcessorContext<String, RiskFlag> context) {
    this.context = context;
    this.profiles = context.getStateStore(StoreNames.USER_PROFILE);
    this.memories = context.getStateStore(StoreNames.USER_RISK_STATE);
    if (withScores) {
      this.latestScores = context.getStateStore(StoreNames.USER_LATEST_SCORE);
    }
    Map<Granularity, WindowStore<String, ActivityBucket>> buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      buckets.put(g, context.getStateStore(g.storeName()));
    }
    this.inputs = new RiskInputs(KafkaStores.readOnly(profiles, buckets), engine.windowsRead());
    this.flagsOut = flagsOutSensor(context);
  }

  static Sensor flagsOutSensor(ProcessorContext<?, ?> context) {
    return context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "risk", FLAGS_OUT, RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    String userId = record.key();
    SpecificRecord event = (SpecificRecord) record.value().getEvent();
    String eventId = InputEvents.eventId(event);
    UserProfile profile = profiles.get(userId);
    if (profile == null || !eventId.equals(profile.getLastEventId())) {
      return;
    }
    UserRiskState stored = memories.get(userId);
    UserRiskState memory = stored == null ? RiskEngine.emptyMemory() : stored;
    if (RiskEngine.alreadyEvaluated(memory, eventId)) {
      return;
    }
    UserScore score = latestScores == null ? null : latestScores.get(userId);
    Optional<RiskInput> input = inputs.read(userId, event, memory, score);
    if (input.isEmpty()) {
      return;
    }
    // when it was produced caps the cooldown's times, so an event stamped ahead does not start a cooldown in the
    // future; a time stored with the event, not the wall clock now, so a redo or a reset evaluates it alike
    List<RiskFlag> flags = engine.onEvent(input.get(), memory, producedAt(record));
    memories.put(userId, memory);
    for (RiskFlag flag : flags) {
      // stamped when raised (the event's time is in the flag): brokers delete segments by record timestamps,
      // so a flag stamped with an old event's time (a replayed history) would be deleted within minutes
      context.forward(new Record<>(userId, flag, context.currentSystemTimeMs()));
      flagsOut.record();
    }
  }

  /**
   * The event's {@code produced_at} (its input record's timestamp, capped at when the parse step read it); for a
   * repartition record written by a build before that field, its record timestamp (the event time capped at
   * when it was read), which is in the log too.
   */
  static Instant producedAt(Record<String, UserEvent> record) {
    Instant producedAt = record.value().getProducedAt();
    return producedAt != null ? producedAt : Instant.ofEpochMilli(record.timestamp());
  }
}
