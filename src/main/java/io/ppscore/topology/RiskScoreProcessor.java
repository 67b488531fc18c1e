package io.ppscore.topology;

import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserProfile;
import io.ppscore.state.avro.UserRiskState;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Evaluates score collapse ({@link RiskEngine#onScore}) on every score {@link ScoringProcessor} forwards:
 * a child of the scoring node, so in the same task as the user's {@code user-risk-state}. Refreshed scores
 * ({@link RefreshedScores}) are not judged but replace the remembered scores ({@link RiskEngine#onRefresh}).
 */
final class RiskScoreProcessor implements Processor<String, UserScore, String, RiskFlag> {

  private final RiskEngine engine;
  private ProcessorContext<String, RiskFlag> context;
  private KeyValueStore<String, UserRiskState> memories;
  private KeyValueStore<String, UserProfile> profiles;
  private Sensor flagsOut;

  RiskScoreProcessor(RiskEngine engine) {
    this.engine = engine;
  }

  @Override
  public void init(ProcessorContext<String, RiskFlag> context) {
    this.context = context;
    this.memories = context.getStateStore(StoreNames.USER_RISK_STATE);
    this.profiles = context.getStateStore(StoreNames.USER_PROFILE);
    this.flagsOut = RiskEventProcessor.flagsOutSensor(context);
  }

  @Override
  public void process(Record<String, UserScore> record) {
    UserRiskState stored = memories.get(record.key());
    UserRiskState memory = stored == null ? RiskEngine.emptyMemory() : stored;
    if (RefreshedScores.isRefresh(record.headers())) {
      // The same state scored later: a fall is inactivity ageing the score, not a change of behaviour. It is not
      // judged, but it becomes the baseline, or the user's next event would carry all of the ageing.
      engine.onRefresh(record.value(), memory);
      memories.put(record.key(), memory);
      return;
    }
    // the profile's currency, null before a priced event: the score then carries currency.default, not the user's
    UserProfile profile = profiles.get(record.key());
    String currency = profile == null ? null : profile.getCurrency();
    // the cooldown's times are capped at the score's computed_at (in the score), not at the wall clock now
    var flags = engine.onScore(record.value(), currency, memory, record.value().getComputedAt());
    memories.put(record.key(), memory);
    for (RiskFlag flag : flags) {
      context.forward(new Record<>(record.key(), flag, record.timestamp()));
      flagsOut.record();
    }
  }
}
