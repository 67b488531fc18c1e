package io.ppscore.topology;

import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserRiskState;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Evaluates score collapse ({@link RiskEngine#onScore}) on every score {@link ScoringProcessor} forwards:
 * a child of the scoring node, so in the same task as the user's {@code user-risk-state}. Refreshed scores
 * ({@link RefreshedScores}) are skipped: neither judged nor remembered.
 */
final class RiskScoreProcessor implements Processor<String, UserScore, String, RiskFlag> {

  private final RiskEngine engine;
  private ProcessorContext<String, RiskFlag> context;
  private KeyValueStore<String, UserRiskState> memories;
  private Sensor flagsOut;

  RiskScoreProcessor(RiskEngine engine) {
    this.engine = engine;
  }

  @Override
  public void init(ProcessorContext<String, RiskFlag> context) {
    this.context = context;
    this.memories = context.getStateStore(StoreNames.USER_RISK_STATE);
    this.flagsOut = RiskEventProcessor.flagsOutSensor(context);
  }

  @Override
  public void process(Record<String, UserScore> record) {
    if (RefreshedScores.isRefresh(record.headers())) {
      // The same state scored later: a fall is inactivity ageing the score, not a change of behaviour, and the
      // score keeps the previous one's triggering event, so the rule would compare it with that peak forever.
      return;
    }
    UserRiskState stored = memories.get(record.key());
    UserRiskState memory = stored == null ? RiskEngine.emptyMemory() : stored;
    var flags = engine.onScore(record.value(), memory);
    memories.put(record.key(), memory);
    for (RiskFlag flag : flags) {
      context.forward(new Record<>(record.key(), flag, record.timestamp()));
      flagsOut.record();
    }
  }
}
